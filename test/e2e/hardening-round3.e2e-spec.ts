import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Retell from 'retell-sdk';
import request from 'supertest';
import { createCandidate, deliver, getCandidate } from '../support/http.js';
import { analyzedCall, endedCall, newCallId } from '../support/retell-fixtures.js';
import { slowClient } from '../support/slow-client.js';
import { AUTH, RETELL_KEY, startTestApp, type TestApp } from '../support/test-app.js';

/** Issue 19 ("Third hardening round"): each finding as a test that fails without its fix. */
describe('hardening, third round', () => {
  let t: TestApp;
  let port: number;
  let id: number;
  const http = () => request(t.app.getHttpServer());
  const postSigned = (body: Buffer | string, signature: string) =>
    http()
      .post('/api/webhooks/retell')
      .set({ 'Content-Type': 'application/json', 'x-retell-signature': signature })
      .serialize((raw: Buffer) => raw as unknown as string) // superagent would otherwise send a Buffer as JSON
      .send(Buffer.isBuffer(body) ? body : Buffer.from(body));
  const eventsOf = async (callId: string): Promise<string[]> =>
    (
      await t.dataSource.query<{ outcome: string }[]>(
        'SELECT outcome FROM retell_webhook_events WHERE call_id = $1 ORDER BY id',
        [callId],
      )
    ).map((row) => row.outcome);

  beforeAll(async () => {
    t = await startTestApp({ THROTTLE_LIMIT: '40' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    id = (await createCandidate(t.app)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('item 3: erasure finds every event the applier would have applied to the candidate', () => {
    it.each([
      ['N.0', (n: number) => `${n}.0`],
      ['N0e-1', (n: number) => `${n}0e-1`],
      ['" N "', (n: number) => `" ${n} "`],
    ])('should clear the payload of an unattributed event naming the candidate as %s', async (_spelling, spell) => {
      const candidate = await createCandidate(t.app);
      const named = spell(candidate.id);
      const callId = newCallId();
      // transcript_updated is stored (ignored), not applied: only its metadata links it to the candidate.
      const body = `{"event":"transcript_updated","call":{"call_id":"${callId}","metadata":{"candidate_id":${named}},"transcript":"Agent: hi"}}`;
      expect((await postSigned(body, await Retell.sign(body, RETELL_KEY))).body.outcome).toBe('ignored');
      expect((await http().delete(`/api/candidates/${candidate.id}`).set(AUTH)).status).toBe(204);
      const rows = await t.dataSource.query<{ payload: unknown }[]>(
        'SELECT payload FROM retell_webhook_events WHERE call_id = $1',
        [callId],
      );
      expect(rows).toEqual([{ payload: null }]);
    });
  });

  describe('item 4: the signature and the duplicate key are over the same bytes', () => {
    it('should refuse a replay whose bytes differ but decode alike (0xFF for U+FFFD) with 400, storing nothing', async () => {
      const callId = newCallId();
      const call = { ...endedCall({ callId, candidateId: id }), transcript: 'Agent: Hi \ufffd there' };
      const body = JSON.stringify({ event: 'call_ended', call });
      const signature = await Retell.sign(body, RETELL_KEY);
      expect((await postSigned(body, signature)).status).toBe(200);

      const bytes = Buffer.from(body);
      const at = bytes.indexOf(Buffer.from('\ufffd'));
      const forged = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at + 3)]);
      expect(forged.toString('utf8')).toBe(body); // the lossy decode saw the same text
      const res = await postSigned(forged, signature);
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('body is not valid UTF-8');
      expect(await eventsOf(callId)).toEqual(['applied']);
    });

    it('should still answer the exact same bytes again as a duplicate', async () => {
      const callId = newCallId();
      const body = JSON.stringify({ event: 'call_ended', call: endedCall({ callId, candidateId: id }) });
      const signature = await Retell.sign(body, RETELL_KEY);
      expect((await postSigned(body, signature)).body.outcome).toBe('applied');
      expect((await postSigned(body, signature)).body.outcome).toBe('duplicate');
    });
  });

  describe('item 5: nothing is read before the request is let in', () => {
    const headersOnly = (head: string) => slowClient(port, `${head}\r\n`, () => '', 60_000, 8_000);

    it('should answer a webhook without a signature header 401 at once, without waiting for its 25 MB body', async () => {
      const result = await headersOnly(
        'POST /api/webhooks/retell HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 25000000\r\n',
      );
      expect(result.statusLine).toBe('HTTP/1.1 401 Unauthorized');
      expect(result.heldMs).toBeLessThan(2_000); // before: the body was awaited until the 10 s request timeout
    });

    it('should answer a webhook whose signature header is malformed 401 the same way', async () => {
      const result = await headersOnly(
        'POST /api/webhooks/retell HTTP/1.1\r\nHost: localhost\r\nx-retell-signature: v=1,d=zz\r\nContent-Length: 1000\r\n',
      );
      expect(result.statusLine).toBe('HTTP/1.1 401 Unauthorized');
    });

    it('should answer a recruiter request without a key 401 before reading (or inflating) its gzip body', async () => {
      const result = await headersOnly(
        'POST /api/candidates HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 977\r\n',
      );
      expect(result.statusLine).toBe('HTTP/1.1 401 Unauthorized');
      expect(result.heldMs).toBeLessThan(2_000);
    });

    it('should still read and inflate the gzip body of an authenticated recruiter', async () => {
      const { gzipSync } = await import('node:zlib');
      const body = gzipSync(
        JSON.stringify({ first_name: 'Gz', last_name: 'Ip', email: 'gz.ip@example.com', phone: '+14155550123' }),
      );
      const res = await http()
        .post('/api/candidates')
        .set({ ...AUTH, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        .serialize((raw: Buffer) => raw as unknown as string)
        .send(body);
      expect(res.status).toBe(201);
    });
  });

  describe('item 6: what cannot be stored is a 4xx, never a 5xx', () => {
    const deep = (levels: number, inner = '1'): string => `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;
    const signedText = async (callText: string) => {
      const body = `{"event":"call_ended","call":${callText}}`;
      return postSigned(body, await Retell.sign(body, RETELL_KEY));
    };

    it.each([
      ['deep nesting', deep(5_000)],
      ['deep nesting with a NUL', deep(5_000, '"a\\u0000b"')],
    ])('should answer a signed webhook with %s 400, storing nothing', async (_what, nested) => {
      const callId = newCallId();
      const res = await signedText(`{"call_id":"${callId}","metadata":{"deep":${nested}}}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('body nests arrays or objects deeper than 64 levels');
      expect(await eventsOf(callId)).toEqual([]);
    });

    it('should store a signed webhook nesting 60 levels, and numbers beyond Postgres range', async () => {
      const callId = newCallId();
      const res = await signedText(
        `{"call_id":"${callId}","call_status":"ended","metadata":{"candidate_id":"${id}","deep":${deep(58)},"tiny":1e-20000,"long":${'9'.repeat(2000)}}}`,
      );
      expect(res.status).toBe(200);
      expect(await eventsOf(callId)).toEqual(['applied']);
    });

    it.each(['job_id', 'agent_id', 'recruiter'])(
      'should answer a NUL in the analytics filter %s with 400 naming it',
      async (name) => {
        for (const path of ['/api/analytics/summary', '/api/analytics/timeseries']) {
          const res = await http()
            .get(path)
            .query({ [name]: 'a\u0000b' })
            .set(AUTH);
          expect([path, res.status]).toEqual([path, 400]);
          expect(res.body.details).toEqual([{ field: name, errors: [`${name} must not contain NUL characters`] }]);
        }
      },
    );
  });

  describe('item 8: prototype member names and recording URLs', () => {
    const json = { 'Content-Type': 'application/json', ...AUTH };

    it.each(['toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'])(
      'should refuse a field named %s like any unknown field, at the top and nested',
      async (key) => {
        const created = await http()
          .post('/api/candidates')
          .set(json)
          .send(
            `{"first_name":"A","last_name":"B","email":"proto.${key}@example.com","phone":"+14155550123","${key}":"x"}`,
          );
        expect(created.status).toBe(400);
        expect(created.body.details).toEqual([{ field: key, errors: [`property ${key} should not exist`] }]);
        const placed = await http()
          .post(`/api/candidates/${id}/calls`)
          .set(json)
          .send(`{"dynamic_variables":{"${key}":"x"}}`);
        expect(placed.status).toBe(400);
        expect(placed.body.details[0].field).toBe(`dynamic_variables.${key}`);
      },
    );

    it.each(['javascript:alert(document.domain)', 'http://recordings.example/a.wav', 'data:audio/wav;base64,AAAA'])(
      'should refuse recording_url %s in a manual save with 400 naming it',
      async (url) => {
        const call = { ...analyzedCall({ callId: newCallId(), candidateId: id }), recording_url: url };
        const res = await http().post(`/api/candidates/${id}/save_retell_call_data`).set(AUTH).send(call);
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([{ field: 'recording_url', errors: ['recording_url must be an https: URL'] }]);
      },
    );

    it('should store no recording or log URL that is not https: from a signed webhook, and keep an https: one', async () => {
      const candidate = await createCandidate(t.app);
      const callId = newCallId();
      const call = {
        ...endedCall({ callId, candidateId: candidate.id }),
        recording_url: 'javascript:alert(1)',
        public_log_url: 'http://logs.example/x',
      };
      expect((await deliver(t.app, 'call_ended', call)).status).toBe(200);
      const stored = await getCandidate(t.app, candidate.id);
      expect(stored.retell_recording_url).toBeNull();
      expect(stored.retell_public_log_url).toBeNull();

      const good = endedCall({ callId: newCallId(), candidateId: candidate.id, startedAt: Date.now() });
      expect((await deliver(t.app, 'call_ended', good)).status).toBe(200);
      expect((await getCandidate(t.app, candidate.id)).retell_recording_url).toBe(good.recording_url);
    });
  });

  describe('item 12: a candidate is identified by e-mail, case-insensitively', () => {
    const profile = { first_name: 'Dup', last_name: 'Licate', phone: '+14155550177' };

    it('should answer the same person again with 409 candidate_exists naming the first, and create nothing', async () => {
      const first = await http()
        .post('/api/candidates')
        .set(AUTH)
        .send({ ...profile, email: 'dup.person@example.com' });
      expect(first.status).toBe(201);
      const again = await http()
        .post('/api/candidates')
        .set(AUTH)
        .send({ ...profile, email: ' Dup.Person@EXAMPLE.com ' });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        code: 'candidate_exists',
        message: `Candidate ${first.body.id} already has this e-mail address`,
        details: { candidate_id: first.body.id },
      });
      const rows = await t.dataSource.query<{ n: string }[]>(
        "SELECT count(*) AS n FROM candidates WHERE lower(email) = 'dup.person@example.com'",
      );
      expect(Number(rows[0].n)).toBe(1);
    });

    it('should let two candidates share a phone (a household, a switchboard)', async () => {
      const a = await http()
        .post('/api/candidates')
        .set(AUTH)
        .send({ ...profile, email: 'household.a@example.com' });
      const b = await http()
        .post('/api/candidates')
        .set(AUTH)
        .send({ ...profile, email: 'household.b@example.com' });
      expect([a.status, b.status]).toEqual([201, 201]);
    });

    it('should refuse a PATCH to another candidate’s e-mail with 409, and take a change of case of its own', async () => {
      const taken = await createCandidate(t.app, { email: 'taken.address@example.com' });
      const mover = await createCandidate(t.app);
      const res = await http()
        .patch(`/api/candidates/${mover.id}`)
        .set(AUTH)
        .send({ email: 'TAKEN.address@example.com' });
      expect(res.status).toBe(409);
      expect(res.body.details).toEqual({ candidate_id: taken.id });
      expect((await getCandidate(t.app, mover.id)).email).toBe(mover.email);

      const own = await http()
        .patch(`/api/candidates/${taken.id}`)
        .set(AUTH)
        .send({ email: 'Taken.Address@example.com' });
      expect(own.status).toBe(200);
    });
  });

  describe('item 9: an interview time that cannot be right books nothing', () => {
    const interviewsOf = async (candidateId: number) => ({
      interviews: await t.dataSource.query('SELECT id FROM interviews WHERE candidate_id = $1', [candidateId]),
      notifications: await t.dataSource.query('SELECT id FROM notifications WHERE candidate_id = $1', [candidateId]),
    });

    it.each([
      ['before the call', '2025-10-08T15:00:00-04:00'],
      ['more than a year after the call', '2027-01-05T15:00:00-05:00'],
    ])(
      'should keep the agent’s text and move the status, but book and send nothing, for a time %s',
      async (_when, iso) => {
        const candidate = await createCandidate(t.app);
        const call = analyzedCall({
          callId: newCallId(),
          candidateId: candidate.id,
          custom: {
            interview_scheduled: true,
            scheduled_datetime_iso: iso,
            scheduled_timezone: 'Eastern Time (ET)',
            outcome: 'Interview Scheduled',
          },
        });
        expect((await deliver(t.app, 'call_analyzed', call)).body.outcome).toBe('applied');
        const view = (await http().get(`/api/candidates/${candidate.id}`).set(AUTH)).body;
        expect(view).toMatchObject({
          status: 'interviewing',
          retell_interview_scheduled: true,
          retell_scheduled_datetime_iso: iso,
          retell_interview_at: null,
          interview: null,
          outreach: { next_action: 'book_interview' },
        });
        expect(await interviewsOf(candidate.id)).toEqual({ interviews: [], notifications: [] });
      },
    );

    it('should book a time after the call and within a year, as before', async () => {
      const candidate = await createCandidate(t.app);
      const call = analyzedCall({ callId: newCallId(), candidateId: candidate.id });
      expect((await deliver(t.app, 'call_analyzed', call)).status).toBe(200);
      const booked = await interviewsOf(candidate.id);
      expect([booked.interviews.length, booked.notifications.length]).toEqual([1, 1]);
    });
  });

  describe('item 8: personal calendar feed tokens, revocable without a restart', () => {
    it('should create a token shown once, list it without it, open the feed with it, and refuse it once revoked', async () => {
      expect((await http().post('/api/calendar-feed/tokens').send({ label: 'Emma Johnson' })).status).toBe(401);
      const created = await http().post('/api/calendar-feed/tokens').set(AUTH).send({ label: ' Emma Johnson ' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ label: 'Emma Johnson', revoked_at: null, token: expect.any(String) });
      const { id, token, path } = created.body as { id: number; token: string; path: string };
      expect(token.length).toBeGreaterThanOrEqual(43);
      expect(path).toBe(`/api/calendar.ics?token=${token}`);
      const other = (await http().post('/api/calendar-feed/tokens').set(AUTH).send({ label: 'Team calendar' })).body;

      const listed = (await http().get('/api/calendar-feed/tokens').set(AUTH)).body.items as Record<string, unknown>[];
      expect(listed.find((item) => item.id === id)).toEqual({
        id,
        label: 'Emma Johnson',
        created_at: expect.any(String),
        revoked_at: null,
      });
      expect(JSON.stringify(listed)).not.toContain(token);
      const stored = await t.dataSource.query<{ token_hash: string }[]>(
        'SELECT token_hash FROM calendar_feed_tokens WHERE id = $1',
        [id],
      );
      expect(stored[0].token_hash).not.toContain(token);

      const feed = await http().get(path);
      expect(feed.status).toBe(200);
      expect(feed.text).toContain('BEGIN:VCALENDAR');
      expect((await http().get('/api/calendar-feed').set(AUTH)).body.active_tokens).toBeGreaterThanOrEqual(2);

      expect((await http().delete(`/api/calendar-feed/tokens/${id}`).set(AUTH)).status).toBe(204);
      expect((await http().delete(`/api/calendar-feed/tokens/${id}`).set(AUTH)).status).toBe(204);
      const refused = await http().get(path);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('invalid_feed_token');
      expect((await http().get(other.path)).status).toBe(200);
      const after = (await http().get('/api/calendar-feed/tokens').set(AUTH)).body.items as {
        id: number;
        revoked_at: string | null;
      }[];
      expect(after.find((item) => item.id === id)?.revoked_at).toEqual(expect.any(String));
    });

    it('should answer 404 to revoking an unknown token, and 400 to a label that is missing or holds a NUL', async () => {
      const missing = await http().delete('/api/calendar-feed/tokens/999999').set(AUTH);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('calendar_feed_token_not_found');
      for (const body of [{}, { label: '' }, { label: 'a\u0000b' }, { label: 'x', extra: 1 }]) {
        expect((await http().post('/api/calendar-feed/tokens').set(AUTH).send(body)).status).toBe(400);
      }
    });
  });

  describe('found by the fuzz run over the new endpoints', () => {
    const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    it.each([
      ['/api/interviews', cursor(['2026-01-01T00:00:00.000Z', 2_147_483_648])],
      ['/api/candidates', cursor(['2026-01-01T00:00:00.000Z', 2_147_483_648])],
      ['/api/notifications', cursor([2_147_483_648])],
    ])('should answer a cursor past the integer ids of %s with 400 naming cursor, not 500', async (path, forged) => {
      const res = await http().get(path).query({ cursor: forged }).set(AUTH);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        { field: 'cursor', errors: ['cursor must be a next_cursor of this endpoint'] },
      ]);
    });
  });
});
