import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createCandidate, deliver } from '../support/http.js';
import { analyzedCall, newCallId } from '../support/retell-fixtures.js';
import { AUTH, startTestApp, TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const SENTINELS = {
  first_name: 'Qvxdiskfirst',
  last_name: 'Qvxdisklast',
  email: 'qvx.disk.sentinel@erase-me.example',
  position: 'QvxDiskPosition',
  transcript: 'QVX-DISK-TRANSCRIPT',
  summary: 'QVX-DISK-SUMMARY',
  recruiter: 'QVX-DISK-RECRUITER',
};

/**
 * Issue 19, item 2: after an erasure on PGlite and a clean shutdown, no file of the data directory
 * (tables, indexes, TOAST, WAL) holds any of the candidate's values. PGlite only: on Postgres the
 * operator vacuums (docs/operations.md, Privacy).
 */
(TEST_DATABASE_URL ? describe.skip : describe)('erasure on a PGlite data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'retell-ats-erasure-'));
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
  });

  const found = (): string[] =>
    filesUnder(dir).flatMap((file) => {
      const bytes = readFileSync(file);
      return Object.entries(SENTINELS)
        .filter(([, value]) => bytes.includes(Buffer.from(value)))
        .map(([name]) => `${name} in ${file.slice(dir.length)}`);
    });

  it('should leave none of the candidate’s values in any file once erased and closed', async () => {
    // initdb runs from the build (npm test builds first), as under Jest the service has no compiled initdb script.
    execFileSync(process.execPath, [new URL('../../dist/database/pglite-initdb.js', import.meta.url).pathname, dir]);
    t = await startTestApp({ PGLITE_DATA_DIR: dir });
    const { first_name, last_name, email, position } = SENTINELS;
    const candidate = await createCandidate(t.app, { first_name, last_name, email, position });
    const call = analyzedCall({
      callId: newCallId(),
      metadata: { candidate_id: String(candidate.id), recruiter: SENTINELS.recruiter },
    });
    const personal = {
      ...call,
      transcript: `Agent: Hello.\nUser: ${SENTINELS.transcript}`,
      call_analysis: { ...call.call_analysis, call_summary: SENTINELS.summary },
    };
    expect((await deliver(t.app, 'call_analyzed', personal)).status).toBe(200);
    // Another candidate's rows stay, so the tables are not simply empty.
    await createCandidate(t.app);

    expect((await request(t.app.getHttpServer()).delete(`/api/candidates/${candidate.id}`).set(AUTH)).status).toBe(204);
    await t.close();
    t = undefined;
    expect(found()).toEqual([]);
  });
});
