import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { CandidatesRepository } from '../../src/database/repositories/candidates.repository.js';
import { createCandidate } from '../support/http.js';
import { AUTH, startTestApp, type TestApp } from '../support/test-app.js';

interface Page {
  items: { id: number; first_name: string; last_name: string }[];
  next_cursor: string | null;
  total: number;
  total_capped: boolean;
}

describe('the candidate list and profile, as the console uses them', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  const list = async (query: Record<string, string | number>): Promise<Page> => {
    const res = await http().get('/api/candidates').query(query).set(AUTH);
    expect(res.status).toBe(200);
    return res.body as Page;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('GET /api/candidates', () => {
    const tag = `zq${Date.now().toString(36)}`;
    const names = ['Young', 'Abbott', 'Moreno', 'Abbott', 'Ito'];
    let ids: number[] = [];

    beforeAll(async () => {
      ids = [];
      for (const [i, last] of names.entries()) {
        // The same prefix in every e-mail: `q` selects just these five.
        const made = await createCandidate(t.app, {
          first_name: `${String.fromCharCode(90 - i)}${tag}`,
          last_name: last,
          email: `${tag}.${i}@example.com`,
        });
        ids.push(made.id);
      }
    });

    it('should count every candidate the filters match, on every page', async () => {
      const first = await list({ q: tag, limit: 2 });
      expect(first).toMatchObject({ total: 5, total_capped: false });
      expect(first.items).toHaveLength(2);
      const second = await list({ q: tag, limit: 2, cursor: first.next_cursor! });
      expect(second.total).toBe(5);
      expect((await list({ q: `${tag}.1` })).total).toBe(1);
      expect((await list({ q: `${tag}-nobody` })).total).toBe(0);
    });

    it('should say when the count stopped at its cap', async () => {
      const repository = t.app.get(CandidatesRepository);
      expect(await repository.count({ search: tag }, 3)).toEqual({ total: 3, capped: true });
      expect(await repository.count({ search: tag }, 5)).toEqual({ total: 5, capped: false });
    });

    it('should sort by name (last, first, then id) A to Z by default, page by page', async () => {
      const seen: Page['items'] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await list({ q: tag, sort: 'name', limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen.map((c) => c.last_name)).toEqual(['Abbott', 'Abbott', 'Ito', 'Moreno', 'Young']);
      // The two Abbotts by first name: W… (index 3) before Y… (index 1).
      expect(seen[0].id).toBe(ids[3]);
      const reversed = await list({ q: tag, sort: 'name', order: 'desc', limit: 1 });
      expect(reversed.items[0].last_name).toBe('Young');
    });

    it('should sort by creation, newest first by default', async () => {
      const page = await list({ q: tag, sort: 'created_at', limit: 3 });
      expect(page.items.map((c) => c.id)).toEqual([ids[4], ids[3], ids[2]]);
      const rest = await list({ q: tag, sort: 'created_at', limit: 3, cursor: page.next_cursor! });
      expect(rest.items.map((c) => c.id)).toEqual([ids[1], ids[0]]);
    });

    it('should refuse a cursor of another sort, and an unknown sort, with 400 naming the field', async () => {
      const byName = await list({ q: tag, sort: 'name', limit: 1 });
      const res = await http().get('/api/candidates').query({ q: tag, cursor: byName.next_cursor! }).set(AUTH);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'cursor', errors: [expect.any(String)] }]);
      const unknown = await http().get('/api/candidates').query({ sort: 'salary' }).set(AUTH);
      expect(unknown.status).toBe(400);
      expect(unknown.body.details[0].field).toBe('sort');
    });
  });

  describe('a national phone number', () => {
    it("should be read in the country of the candidate's time zone", async () => {
      const chicago = await createCandidate(t.app, { phone: '(415) 555-0199', timezone: 'America/Chicago' });
      expect(chicago.phone).toBe('+14155550199');
      const paris = await createCandidate(t.app, { phone: '01 42 68 53 00', timezone: 'Europe/Paris' });
      expect(paris.phone).toBe('+33142685300');
    });

    it('should be read in the stored zone when a PATCH changes only the number', async () => {
      const paris = await createCandidate(t.app, { timezone: 'Europe/Paris' });
      const res = await http().patch(`/api/candidates/${paris.id}`).set(AUTH).send({ phone: '06 12 34 56 78' });
      expect(res.status).toBe(200);
      expect(res.body.phone).toBe('+33612345678');
    });

    it('should be refused in plain words when no zone nor DEFAULT_PHONE_REGION names the country', async () => {
      const res = await http()
        .post('/api/candidates')
        .set(AUTH)
        .send({
          first_name: 'No',
          last_name: 'Zone',
          email: `nozone.${Date.now()}@example.com`,
          phone: '(415) 555-0199',
        });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        { field: 'phone', errors: [expect.stringContaining('a national number needs a time zone')] },
      ]);
    });
  });

  describe('outreach', () => {
    it('should say calling is not configured while RETELL_FROM_NUMBER or RETELL_AGENT_ID is unset', async () => {
      const candidate = await createCandidate(t.app, { timezone: 'Etc/UTC' });
      const read = async () =>
        (await http().get(`/api/candidates/${candidate.id}`).set(AUTH)).body.outreach as Record<string, unknown>;
      expect(t.config.RETELL_FROM_NUMBER).toBeUndefined();
      expect(await read()).toMatchObject({
        can_call: false,
        reason: 'calling_not_configured',
        calling_configured: false,
        next_action: 'configure_calling',
      });
      t.config.RETELL_FROM_NUMBER = '+14155550100';
      t.config.RETELL_AGENT_ID = 'agent_configured';
      try {
        expect(await read()).toMatchObject({ calling_configured: true });
        expect((await read()).reason).not.toBe('calling_not_configured');
      } finally {
        t.config.RETELL_FROM_NUMBER = undefined;
        t.config.RETELL_AGENT_ID = undefined;
      }
    });
  });
});
