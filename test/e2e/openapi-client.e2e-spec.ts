import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { ErrorCode } from '../../src/common/errors.js';
import { SEED_002_CALL } from '../support/retell-fixtures.js';
import { API_KEY, startTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface Operation {
  operationId: string;
  security?: unknown[];
  requestBody?: { required?: boolean };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface Schema {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
  type?: string;
  enum?: unknown[];
}
interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Record<string, unknown>> };
}

/**
 * The client program: compiled against the types generated from /docs-json, then run against the
 * live server. Its `@ts-expect-error` lines are the contract's negative side: if a type were
 * loose (a plain string for an enumeration, `{}` for an utterance), the directive would be unused
 * and the program would no longer compile.
 */
function clientProgram(seed: Record<string, unknown>): string {
  return `import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

type Schemas = components['schemas'];
type Candidate = Schemas['Candidate'];
type ErrorEnvelope = Schemas['ErrorEnvelope'];

// @ts-expect-error a candidate's status is one of the statuses
const badStatus: Candidate['status'] = 'archived';
// @ts-expect-error an utterance says who speaks
const badUtterance: Schemas['Utterance'] = { content: 'Hello', words: [] };
// @ts-expect-error a word's timings are seconds, as numbers
const badWord: Schemas['TranscriptWord'] = { word: 'Hello', start: '0.4' };
// @ts-expect-error error codes are those of the catalogue
const badCode: ErrorEnvelope['code'] = 'something_else';
// @ts-expect-error ids are numbers
const badId: Candidate['id'] = '1';
// @ts-expect-error a nullable field may be null
const badPosition: string = ({} as Candidate).position;
// @ts-expect-error the call status of a call record is one of its statuses
const badCallStatus: Schemas['CallView']['call_status'] = 'ringing';
// @ts-expect-error phone is required to create a candidate
const badCreate: Schemas['CreateCandidateDto'] = { first_name: 'J', last_name: 'D', email: 'j@example.com' };
export const refused = [badStatus, badUtterance, badWord, badCode, badId, badPosition, badCallStatus, badCreate];

/** Seed 002's call object, verbatim (test/fixtures/seed-002-call.json). */
const seed = ${JSON.stringify(seed, null, 2)} satisfies Schemas['RetellCallDto'];

function expectData<T>(step: string, answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) throw new Error(step + ': ' + answer.response.status + ' ' + JSON.stringify(answer.error));
  return answer.data;
}

function expectError(step: string, answer: { error?: ErrorEnvelope; response: Response }): ErrorEnvelope {
  if (answer.error === undefined) throw new Error(step + ': expected an error, got ' + answer.response.status);
  return answer.error;
}

/** Details of a domain error; the validation pipe's list of fields is the other kind. */
function domainDetails(error: ErrorEnvelope): Schemas['ErrorDetails'] | undefined {
  return Array.isArray(error.details) ? undefined : error.details;
}

async function main(baseUrl: string, apiKey: string) {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: 'Bearer ' + apiKey } });
  const profile = {
    first_name: 'John',
    last_name: 'Doe',
    email: 'john.doe@example.com',
    phone: '+14155550199',
    position: 'Senior Python Developer',
    company: 'TechCorp',
    timezone: 'America/New_York',
  };

  const created: Candidate = expectData('create', await client.POST('/api/candidates', { body: profile }));

  const save = await client.POST('/api/candidates/{id}/save_retell_call_data', {
    params: { path: { id: created.id } },
    body: seed,
  });
  const saved = expectData('save', save);
  const firstUtterance: Schemas['Utterance'] | undefined = saved.candidate.retell_transcript_object?.[0];

  const page = expectData(
    'list',
    await client.GET('/api/candidates', {
      params: {
        query: {
          status: 'interviewing',
          retell_interview_scheduled: true,
          retell_call_outcome: 'Interview Scheduled',
          retell_interest_level: 'High',
          q: 'john.doe@example.com',
          limit: 10,
        },
      },
    }),
  );
  const empty = expectData('list none', await client.GET('/api/candidates', { params: { query: { status: 'hired' } } }));

  const invalid = await client.POST('/api/candidates', { body: { ...profile, email: 'not-an-email' } });
  const invalidError = expectError('invalid', invalid);
  const invalidFields = Array.isArray(invalidError.details) ? invalidError.details.map((item) => item.field) : [];

  const other: Candidate = expectData(
    'create other',
    await client.POST('/api/candidates', { body: { ...profile, email: 'jane.roe@example.com', first_name: 'Jane' } }),
  );
  const taken = await client.POST('/api/candidates/{id}/save_retell_call_data', {
    params: { path: { id: other.id } },
    body: seed,
  });
  const takenError = expectError('taken', taken);
  const owner: number | undefined = domainDetails(takenError)?.candidate_id;

  const unreachable: Candidate = expectData(
    'create do_not_call',
    await client.POST('/api/candidates', { body: { ...profile, email: 'dnc@example.com', do_not_call: true } }),
  );
  // No body: every field of the call request is optional, and so is the body.
  const refusedCall = await client.POST('/api/candidates/{id}/calls', { params: { path: { id: unreachable.id } } });
  const refusedError = expectError('dial', refusedCall);
  const reason: Schemas['DialRefusal'] | undefined = domainDetails(refusedError)?.reason;

  return {
    created: { id: created.id, status: created.status, retell_call_id: created.retell_call_id },
    saved: {
      status: save.response.status,
      success: saved.success,
      message: saved.message,
      id: saved.candidate.id,
      candidate_status: saved.candidate.status,
      retell_call_id: saved.candidate.retell_call_id,
      retell_call_status: saved.candidate.retell_call_status,
      retell_interview_scheduled: saved.candidate.retell_interview_scheduled,
      retell_interest_level: saved.candidate.retell_interest_level,
      retell_user_sentiment: saved.candidate.retell_user_sentiment,
      retell_technical_skills: saved.candidate.retell_technical_skills,
      first_utterance: firstUtterance && { role: firstUtterance.role, words: firstUtterance.words.length },
    },
    listed: { ids: page.items.map((item) => item.id), next_cursor: page.next_cursor, hired: empty.items.length },
    invalid: { status: invalid.response.status, error: invalidError, fields: invalidFields },
    taken: { status: taken.response.status, code: takenError.code, owner },
    refused: { status: refusedCall.response.status, code: refusedError.code, reason },
  };
}

const [baseUrl, apiKey] = process.argv.slice(2);
main(baseUrl, apiKey).then(
  (report) => process.stdout.write(JSON.stringify(report)),
  (error: unknown) => {
    process.stderr.write(String(error) + '\\n');
    process.exit(1);
  },
);
`;
}

let previous: ts.Program | undefined;

/** Type-checks `file` with the TypeScript compiler API (strict, ESM as Node runs it) and emits it. */
function compile(file: string): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    skipLibCheck: false,
    noUnusedLocals: true,
  };
  // The previous program's unchanged files (the generated types, openapi-fetch, @types/node) are reused.
  const program = ts.createProgram({ rootNames: [file], options, oldProgram: previous });
  previous = program;
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length === 0) program.emit();
  return diagnostics;
}

const describeDiagnostics = (diagnostics: readonly ts.Diagnostic[]): string =>
  ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  });

describe('OpenAPI as a contract for a generated client', () => {
  let t: TestApp;
  let baseUrl: string;
  let document: Document;
  let dir: string;

  beforeAll(async () => {
    t = await startTestApp({
      // Placing calls is configured; the only call placed here is refused before Retell is asked.
      RETELL_FROM_NUMBER: '+14155550100',
      RETELL_AGENT_ID: 'agent_openapi_contract',
      RETELL_BASE_URL: 'http://127.0.0.1:9',
    });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as Document;
    dir = mkdtempSync(join(tmpdir(), 'openapi-client-'));
    // The program imports openapi-fetch (and @types/node) as an installed client would.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    // openapi-typescript's Node API, on the document the server serves.
    const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
    writeFileSync(join(dir, 'api.d.ts'), astToString(ast));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const operations = (): [string, Operation][] =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.includes(method))
        .map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${path}`, operation]),
    );

  it('should declare on every operation its security and its error answers, with the error envelope', () => {
    // Every route of the service, the interviews and notifications ones included.
    expect(operations().map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'DELETE /api/candidates/{id}',
        'GET /api/interviews',
        'POST /api/notifications/{id}/retry',
      ]),
    );
    for (const [name, operation] of operations()) {
      expect([name, Array.isArray(operation.security)]).toEqual([name, true]);
      const errors = Object.keys(operation.responses).filter((status) => Number(status) >= 400);
      expect([name, errors.length > 0]).toEqual([name, true]);
      for (const status of errors) {
        expect([name, status, operation.responses[status].content?.['application/json']?.schema?.$ref]).toEqual([
          name,
          status,
          '#/components/schemas/ErrorEnvelope',
        ]);
      }
    }
    const statuses = (path: string, method: string) => Object.keys(document.paths[path][method].responses);
    expect(statuses('/api/candidates/{id}/calls', 'post')).toEqual(
      expect.arrayContaining(['400', '401', '404', '409', '413', '429', '502', '503']),
    );
    expect(statuses('/api/candidates/{id}/save_retell_call_data', 'post')).toEqual(
      expect.arrayContaining(['400', '401', '404', '409', '413', '429', '503']),
    );
    expect(statuses('/api/webhooks/retell', 'post')).not.toContain('429');
    expect(document.paths['/api/webhooks/retell'].post.security).toEqual([{ retell_signature: [] }]);
    expect(document.paths['/api/health'].get.security).toEqual([{}]);
  });

  it('should describe the error envelope, an optional call request body, an opaque key and a server', () => {
    const { schemas, securitySchemes } = document.components;
    expect(schemas.ErrorEnvelope.required?.sort()).toEqual(['error', 'message', 'statusCode']);
    expect(schemas.ErrorEnvelope.properties?.code).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/ErrorCode' }],
    });
    expect(schemas.ErrorCode.enum).toEqual(Object.values(ErrorCode));
    expect(document.paths['/api/candidates/{id}/calls'].post.requestBody?.required).toBe(false);
    expect(securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(securitySchemes.bearer.bearerFormat).not.toBe('JWT');
    expect(document.servers?.length).toBeGreaterThan(0);
  });

  it('should mark every field of the views required, and ids as integers', () => {
    for (const name of ['Candidate', 'CallView', 'EventSummaryDto', 'IngestResultDto', 'SaveCallDataResultDto']) {
      const schema = document.components.schemas[name];
      expect([name, [...(schema.required ?? [])].sort()]).toEqual([name, Object.keys(schema.properties ?? {}).sort()]);
    }
    expect(document.components.schemas.Candidate.properties?.id.type).toBe('integer');
    expect(document.components.schemas.CallView.properties?.candidate_id.type).toBe('integer');
    expect(document.components.schemas.Candidate.properties?.position).toMatchObject({
      type: 'string',
      nullable: true,
    });
  });

  it('should generate a client that compiles with zero diagnostics and reads every answer, errors included', async () => {
    const program = join(dir, 'client.ts');
    writeFileSync(program, clientProgram(SEED_002_CALL));

    const diagnostics = compile(program);
    expect(describeDiagnostics(diagnostics)).toBe('');

    const { stdout } = await run(process.execPath, [join(dir, 'client.js'), baseUrl, API_KEY], { timeout: 30_000 });
    const report = JSON.parse(stdout);

    expect(report.created).toEqual({ id: expect.any(Number), status: 'new', retell_call_id: null });
    const id = report.created.id;
    expect(report.saved).toEqual({
      status: 200,
      success: true,
      message: 'Retell call data saved successfully',
      id,
      candidate_status: 'interviewing',
      retell_call_id: 'call_abc123xyz789',
      retell_call_status: 'ended',
      retell_interview_scheduled: true,
      retell_interest_level: 'High',
      retell_user_sentiment: 'Positive',
      retell_technical_skills: ['Python', 'Django', 'AWS', 'Docker'],
      first_utterance: { role: 'agent', words: 0 },
    });
    expect(report.listed).toEqual({ ids: [id], next_cursor: null, hired: 0 });
    expect(report.invalid).toEqual({
      status: 400,
      error: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'email must be an email',
        details: [{ field: 'email', errors: ['email must be an email'] }],
      },
      fields: ['email'],
    });
    expect(report.taken).toEqual({ status: 409, code: 'call_belongs_to_another_candidate', owner: id });
    expect(report.refused).toEqual({ status: 409, code: 'call_not_allowed', reason: 'do_not_call' });
  }, 180_000);

  it('should refuse a program that misuses the generated types', () => {
    const program = join(dir, 'misuse.ts');
    writeFileSync(
      program,
      `import type { components } from './api.js';
export const candidate: components['schemas']['Candidate']['status'] = 'archived';
`,
    );
    expect(describeDiagnostics(compile(program))).toContain('\'"archived"\' is not assignable');
  }, 60_000);
});
