import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { forgetKey, readKey } from '../auth';

/** The schemas of the service's OpenAPI document (generated into schema.d.ts by `npm run build`). */
export type Schemas = components['schemas'];
export type Candidate = Schemas['Candidate'];
export type CallView = Schemas['CallView'];
export type Interview = Schemas['Interview'];
export type ErrorEnvelope = Schemas['ErrorEnvelope'];

/** An answer other than 2xx, with the service's error envelope (or a made-up one when none came). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly envelope: ErrorEnvelope,
  ) {
    super(envelope.message);
  }

  /** Messages of a 400 per field: `{ email: ['email must be an email'] }`. */
  get fieldErrors(): Record<string, string[]> {
    const details = this.envelope.details;
    if (!Array.isArray(details)) return {};
    return Object.fromEntries(details.map((d) => [d.field, d.errors]));
  }
}

/** Sends the signed-in key; a 401 forgets it, which sends the tab back to sign-in. */
const auth: Middleware = {
  onRequest({ request }) {
    const key = readKey();
    if (key) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) forgetKey();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/**
 * The data of an openapi-fetch answer, or throws ApiError. Network failures become an ApiError 0
 * with a sentence, never a raw exception text.
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(0, {
      statusCode: 0,
      error: 'Network error',
      message: 'The service did not answer. Check that it is running, then try again.',
    });
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const envelope =
    error && typeof error === 'object' && 'message' in error
      ? (error as ErrorEnvelope)
      : ({
          statusCode: response.status,
          error: response.statusText,
          message: `The service answered ${response.status}.`,
        } as ErrorEnvelope);
  throw new ApiError(response.status, envelope);
}

/**
 * Downloads a file of the API that needs the key (an interview's invite.ics) through a blob link.
 * @param path API path, e.g. `/api/interviews/3/invite.ics`
 */
export async function downloadWithKey(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${readKey() ?? ''}` } });
  if (response.status === 401) forgetKey();
  if (!response.ok) throw new Error(`The download failed (${response.status}).`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
