import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ChangeStream, HEARTBEAT_MS } from '../../src/changes/change-stream.service.js';
import { ChangeFeed, type Change } from '../../src/common/change-feed.js';
import { TransactionRunner } from '../../src/database/transaction-runner.js';
import { createCandidate, deliver, getCandidate } from '../support/http.js';
import { analyzedCall, newCallId, startedCall } from '../support/retell-fixtures.js';
import { openEventStream, type EventStream } from '../support/sse.js';
import { AUTH, startTestApp, TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';

/** Every change the stream carried so far. */
const changesOf = (stream: EventStream): Change[] =>
  stream.events.filter((e) => e.event === 'changes').flatMap((e) => JSON.parse(e.data) as Change[]);

async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/api/changes/stream`;
}

describe('GET /api/changes/stream', () => {
  let t: TestApp;
  let url: string;
  const open: EventStream[] = [];
  const follow = async (target = url): Promise<EventStream> => {
    const stream = await openEventStream(target, AUTH);
    open.push(stream);
    await stream.next((e) => e.event === 'ready');
    return stream;
  };

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
  });
  afterAll(async () => {
    open.forEach((stream) => stream.close());
    await t.close();
  });

  it('should refuse a stream without an API key with the 401 envelope', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401, code: 'invalid_api_key' });
  });

  it('should announce, by ids only and once committed, what a signed webhook changed: candidate, call, interview, e-mail, event', async () => {
    const candidate = await createCandidate(t.app, { email: 'stream.person@example.com', phone: '+14155550142' });
    const stream = await follow();
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const callId = newCallId();
    // Read the candidate the moment its change arrives: what a console then fetches must be committed.
    const seen = stream
      .next((e) => e.event === 'changes' && (JSON.parse(e.data) as Change[]).some((c) => c.kind === 'candidate'))
      .then(() => getCandidate(t.app, candidate.id));

    const res = await deliver(t.app, 'call_analyzed', analyzedCall({ callId, candidateId: candidate.id }));

    expect(res.status).toBe(200);
    const mine = (): Change[] => changesOf(stream).filter((c) => c.candidate_id === candidate.id);
    await stream.until(() => new Set(mine().map((c) => c.kind)).size === 5);
    expect(mine()).toEqual(
      expect.arrayContaining([
        { kind: 'candidate', id: candidate.id, candidate_id: candidate.id },
        { kind: 'call', id: callId, candidate_id: candidate.id },
        { kind: 'interview', id: expect.any(Number), candidate_id: candidate.id },
        { kind: 'notification', id: expect.any(Number), candidate_id: candidate.id },
        { kind: 'event', id: (res.body as { event_id: number }).event_id, candidate_id: candidate.id },
      ]),
    );
    for (const change of changesOf(stream)) {
      expect(Object.keys(change).every((key) => ['kind', 'id', 'candidate_id'].includes(key))).toBe(true);
    }
    const raw = stream.events.map((e) => e.data).join('\n');
    for (const secret of ['stream.person@example.com', '4155550142', 'Emma', 'interview booked']) {
      expect(raw).not.toContain(secret);
    }
    const after = await seen;
    expect(after.status).toBe('interviewing');
    expect((after as unknown as { interview: unknown }).interview).not.toBeNull();
  });

  it('should announce a recruiter’s edit and a duplicate delivery', async () => {
    const candidate = await createCandidate(t.app);
    const stream = await follow();
    const callId = newCallId();
    const call = startedCall({ callId, candidateId: candidate.id });
    expect((await deliver(t.app, 'call_started', call)).status).toBe(200);
    const duplicate = await deliver(t.app, 'call_started', call);
    expect(duplicate.body).toMatchObject({ outcome: 'duplicate' });
    await stream.until(
      () => changesOf(stream).filter((c) => c.kind === 'event' && c.candidate_id === candidate.id).length === 2,
    );
    const before = changesOf(stream).length;
    const patched = await request(t.app.getHttpServer())
      .patch(`/api/candidates/${candidate.id}`)
      .set(AUTH)
      .send({ do_not_call: true });
    expect(patched.status).toBe(200);
    await stream.until(() =>
      changesOf(stream)
        .slice(before)
        .some((c) => c.kind === 'candidate' && c.id === candidate.id),
    );
  });

  it('should send nothing of a transaction that rolled back', async () => {
    const stream = await follow();
    const feed = t.app.get(ChangeFeed);
    const runner = t.app.get(TransactionRunner);
    await expect(
      runner.run(async (manager) => {
        feed.afterCommit(manager, { kind: 'candidate', id: 990_001 });
        await manager.query('SELECT 1');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await runner.run(async (manager) => {
      await manager.query('SELECT 1');
      feed.afterCommit(manager, { kind: 'candidate', id: 990_002 });
    });
    await stream.until(() => changesOf(stream).some((c) => c.id === 990_002));
    expect(changesOf(stream).some((c) => c.id === 990_001)).toBe(false);
  });

  it('should send a heartbeat comment while nothing changes', async () => {
    const streams = t.app.get(ChangeStream);
    streams.heartbeatMs = 100;
    try {
      const stream = await follow();
      await stream.until(() => stream.comments.includes('heartbeat'), 2_000);
    } finally {
      streams.heartbeatMs = HEARTBEAT_MS;
    }
  });

  (TEST_DATABASE_URL ? it : it.skip)(
    'should carry a webhook applied on one replica to a console following another (LISTEN/NOTIFY), and end the stream when that replica stops',
    async () => {
      const other = await startTestApp({}, t.schema!);
      try {
        const stream = await follow(await listen(other));
        const candidate = await createCandidate(t.app);
        const callId = newCallId();
        expect((await deliver(t.app, 'call_started', startedCall({ callId, candidateId: candidate.id }))).status).toBe(
          200,
        );
        await stream.until(() => changesOf(stream).some((c) => c.kind === 'call' && c.id === callId), 2_000);
        // Once, although the replica that applied it also delivers its own changes locally.
        expect(changesOf(stream).filter((c) => c.kind === 'call' && c.id === callId)).toHaveLength(1);
        await other.close();
        await stream.ended;
      } finally {
        await other.close().catch(() => undefined);
      }
    },
  );

  it('should end open streams when the service shuts down', async () => {
    const other = await startTestApp();
    const stream = await follow(await listen(other));
    await other.close();
    await expect(stream.ended).resolves.toBeUndefined();
  });
});
