import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

/** "Loading candidates…", announced politely to screen readers. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="state" role="status">
      Loading {what}…
    </p>
  );
}

/** An error in words: the service's message, or what to do when it did not answer. */
export function errorInWords(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return error.message;
    if (error.status === 429) return 'Too many requests: wait a minute, then try again.';
    if (error.status === 503) return `The service is unavailable for now: ${error.message}`;
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  return (
    <div className="state error" role="alert">
      {title ? <strong>{title}: </strong> : null}
      {errorInWords(error)}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}
