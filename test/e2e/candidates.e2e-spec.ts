import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createCandidate } from '../support/http.js';
import { API_KEY, AUTH, startTestApp, type TestApp } from '../support/test-app.js';

describe('candidates API', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const valid = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone: '+442079460958' };

  beforeAll(async () => {
    t = await startTestApp({ DEFAULT_PHONE_REGION: 'US' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('authentication', () => {
    it.each([
      ['no Authorization header', {}],
      ['a wrong key', { Authorization: 'Bearer not-the-key-123' }],
      ['another scheme', { Authorization: `Basic ${API_KEY}` }],
    ])('should answer 401 JSON to %s', async (_label, headers) => {
      const res = await http().get('/api/candidates').set(headers);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'invalid_api_key',
        message: 'A valid API key is required: Authorization: Bearer <key>',
      });
    });

    it('should accept every key of API_KEYS', async () => {
      const res = await http().get('/api/candidates').set({ Authorization: 'Bearer second-key-abcdefgh' });
      expect(res.status).toBe(200);
    });
  });

  describe('POST /api/candidates', () => {
    it('should create a candidate with status new and answer 201 with the record', async () => {
      const res = await http()
        .post('/api/candidates')
        .set(AUTH)
        .send({ ...valid, timezone: 'Europe/London' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        ...valid,
        id: expect.any(Number),
        status: 'new',
        do_not_call: false,
        timezone: 'Europe/London',
        retell_call_id: null,
      });
    });

    it('should normalise a national number to E.164 with DEFAULT_PHONE_REGION', async () => {
      const res = await http()
        .post('/api/candidates')
        .set(AUTH)
        .send({ ...valid, email: 'ada.national@example.com', phone: '(415) 555-0199' });
      expect(res.status).toBe(201);
      expect(res.body.phone).toBe('+14155550199');
    });

    it.each([
      ['email', { email: 'not-an-email' }, /^email must be an email/],
      ['phone', { phone: '+1 555' }, /^phone must be a valid phone number/],
      ['first_name', { first_name: '' }, /^first_name should not be empty/],
      ['timezone', { timezone: 'Mars/Olympus' }, /^timezone must be a valid IANA time-zone/],
      ['last_name', { last_name: 42 }, /last_name must be a string/],
    ])('should answer 400 naming %s when it is invalid', async (field, patch, message) => {
      const res = await http()
        .post('/api/candidates')
        .set(AUTH)
        .send({ ...valid, ...patch });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it.each([
      ['id', 5],
      ['status', 'hired'],
      ['retell_interview_scheduled', true],
      ['created_at', '2020-01-01'],
      ['isAdmin', true],
    ])('should refuse the read-only or unknown field %s', async (field, value) => {
      const res = await http()
        .post('/api/candidates')
        .set(AUTH)
        .send({ ...valid, [field]: value });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(`property ${field} should not exist`);
    });

    it('should answer 400, never 500, to malformed JSON and to NUL characters', async () => {
      const broken = await http()
        .post('/api/candidates')
        .set(AUTH)
        .set('Content-Type', 'application/json')
        .send('{"first_name": ');
      expect(broken.status).toBe(400);
      expect(broken.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'body is not valid JSON' });
      const nul = await http()
        .post('/api/candidates')
        .set(AUTH)
        .send({ ...valid, first_name: 'Ada\u0000' });
      expect(nul.status).toBe(400);
    });
  });

  describe('GET /api/candidates/:id', () => {
    it('should answer 404 for an unknown id', async () => {
      const res = await http().get('/api/candidates/999999').set(AUTH);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        code: 'candidate_not_found',
        message: 'Candidate 999999 not found',
      });
    });

    it.each(['abc', '0', '-1', '1.5', '99999999999'])('should answer 400 for the malformed id %s', async (id) => {
      const res = await http().get(`/api/candidates/${id}`).set(AUTH);
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('id must be a positive integer');
    });
  });

  describe('PATCH /api/candidates/:id', () => {
    it('should update the profile, status and do_not_call', async () => {
      const candidate = await createCandidate(t.app);
      const res = await http()
        .patch(`/api/candidates/${candidate.id}`)
        .set(AUTH)
        .send({ status: 'hired', do_not_call: true, position: 'Staff Engineer' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: candidate.id,
        status: 'hired',
        do_not_call: true,
        position: 'Staff Engineer',
      });
      expect(new Date(res.body.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(candidate.updated_at).getTime());
    });

    it('should refuse retell_* fields as read-only', async () => {
      const candidate = await createCandidate(t.app);
      const res = await http()
        .patch(`/api/candidates/${candidate.id}`)
        .set(AUTH)
        .send({ retell_call_summary: 'forged' });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('property retell_call_summary should not exist');
    });

    it('should answer 400 to an unknown status and 404 to an unknown candidate', async () => {
      const candidate = await createCandidate(t.app);
      expect(
        (await http().patch(`/api/candidates/${candidate.id}`).set(AUTH).send({ status: 'promoted' })).status,
      ).toBe(400);
      expect((await http().patch('/api/candidates/999999').set(AUTH).send({ status: 'hired' })).status).toBe(404);
    });
  });

  describe('GET /api/candidates', () => {
    let ids: number[];
    const tag = `list${Date.now()}`;
    beforeAll(async () => {
      ids = [];
      for (let i = 0; i < 5; i++) {
        const c = await createCandidate(t.app, {
          first_name: `Grace${i}`,
          last_name: tag,
          email: `grace${i}.${tag}@example.com`,
        });
        ids.push(c.id);
      }
      await t.dataSource.query(
        `UPDATE candidates SET status = 'interviewing', retell_interview_scheduled = true, retell_call_outcome = 'Interview Scheduled', retell_interest_level = 'High' WHERE id = ANY($1)`,
        [ids.slice(0, 2)],
      );
    });

    it('should filter on status, retell_interview_scheduled, retell_call_outcome and retell_interest_level', async () => {
      const res = await http()
        .get('/api/candidates')
        .query({
          status: 'interviewing',
          retell_interview_scheduled: 'true',
          retell_call_outcome: 'Interview Scheduled',
          retell_interest_level: 'High',
        })
        .set(AUTH);
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { id: number }) => c.id).sort()).toEqual(ids.slice(0, 2).sort());
    });

    it('should search the start of names and e-mails case-insensitively with q', async () => {
      const found = async (q: string) =>
        ((await http().get('/api/candidates').query({ q }).set(AUTH)).body.items as { id: number }[]).map((c) => c.id);

      expect(await found('GRACE3')).toEqual([ids[3]]);
      expect(await found(`grace4 ${tag.slice(0, 6)}`)).toEqual([ids[4]]);
      expect((await found(tag.toUpperCase())).sort()).toEqual([...ids].sort());
      expect(await found(`grace2.${tag}@exa`)).toEqual([ids[2]]);
      // Prefixes only (an index answers them): the middle of a name finds nothing, nor does a wildcard.
      expect(await found('race4')).toEqual([]);
      expect(await found('grace_')).toEqual([]);
    });

    it('should page with limit and next_cursor, sorted by updated_at, without gaps or repeats', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await http()
          .get('/api/candidates')
          .query({ q: 'grace', order: 'asc', limit: 2, ...(cursor ? { cursor } : {}) })
          .set(AUTH);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((c: { id: number }) => c.id));
        cursor = res.body.next_cursor;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
    });

    it('should return only candidates updated after updated_after', async () => {
      const res = await http()
        .get('/api/candidates')
        .query({ updated_after: new Date(Date.now() + 60_000).toISOString() })
        .set(AUTH);
      expect(res.body).toEqual({ items: [], next_cursor: null, total: 0, total_capped: false });
    });

    it.each([
      ['limit', { limit: 1000 }],
      ['status', { status: 'unknown' }],
      ['updated_after', { updated_after: 'yesterday' }],
      ['cursor', { cursor: 'garbage' }],
      ['retell_interview_scheduled', { retell_interview_scheduled: 'maybe' }],
      ['sort', { sort: 'id' }],
    ])('should answer 400 naming %s when it is invalid', async (field, query) => {
      const res = await http().get('/api/candidates').query(query).set(AUTH);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
    });
  });
});
