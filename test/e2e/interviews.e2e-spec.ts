import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import request from 'supertest';
import { freePort } from '../../tools/free-port.js';
import { SmtpCatcher } from '../../tools/smtp-catcher.js';
import { createCandidate, deliver, getCandidate } from '../support/http.js';
import { analyzedCall, endedCall, newCallId, startedCall } from '../support/retell-fixtures.js';
import { AUTH, startTestApp, TEST_DATABASE_URL, type TestApp } from '../support/test-app.js';

const FEED_TOKEN = 'feed-token-0123456789abcdef';
const MAIL_ENV = {
  MAIL_POLL_MS: '50',
  MAIL_RETRY_BASE_MS: '100',
  MAIL_MAX_ATTEMPTS: '8',
  CALENDAR_FEED_TOKEN: FEED_TOKEN,
  MAIL_FROM: 'TechCorp Recruiting <recruiting@techcorp.example>',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

/** The one VEVENT of an invite, parsed back with ical.js. */
function parseInvite(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  const event = events[0];
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    end: (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
    summary: event.getFirstPropertyValue('summary'),
    organizer: String(event.getFirstPropertyValue('organizer')).replace(/^mailto:/i, 'mailto:'),
    attendee: String(event.getFirstPropertyValue('attendee')).replace(/^mailto:/i, 'mailto:'),
    status: event.getFirstPropertyValue('status'),
  };
}

const booking = (iso: string) => ({
  interview_scheduled: true,
  scheduled_datetime_iso: iso,
  scheduled_timezone: 'Eastern Time (ET)',
  candidate_timezone: 'Eastern Time',
  outcome: 'Interview Scheduled',
});

describe('Interviews, invites and confirmation e-mails through a real SMTP server', () => {
  let smtp: SmtpCatcher;
  let t: TestApp;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    smtp = new SmtpCatcher(await freePort());
    await smtp.start();
    t = await startTestApp({ ...MAIL_ENV, SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const notifications = async (candidateId: number) =>
    (await request(server()).get('/api/notifications').query({ candidate_id: candidateId }).set(AUTH)).body.items as {
      id: number;
      kind: string;
      status: string;
      attempts: number;
      last_error: string | null;
    }[];
  const mailsTo = (address: string, count: number) =>
    until(
      () => smtp.to(address),
      (mails) => mails.length >= count,
    );

  it('should book one interview from a signed call_analyzed, send one invitation whose DTSTART is the agreed instant, and list it in the feed', async () => {
    const candidate = await createCandidate(t.app);
    const callId = newCallId();
    const options = { callId, candidateId: candidate.id, custom: booking('2025-12-03T15:00:00-05:00') };
    // Out of order and repeated, as Retell may deliver them.
    for (const [event, call] of [
      ['call_analyzed', analyzedCall(options)],
      ['call_analyzed', analyzedCall(options)],
      ['call_ended', endedCall(options)],
      ['call_started', startedCall(options)],
      ['call_analyzed', analyzedCall(options)],
    ] as const) {
      expect((await deliver(t.app, event, call)).status).toBe(200);
    }
    const [mail] = await mailsTo(candidate.email, 1);
    await sleep(500);
    expect(smtp.to(candidate.email)).toHaveLength(1);
    expect(mail.subject).toBe('Interview Confirmation - Senior Python Developer Position at TechCorp');
    expect(mail.calendarMethod).toBe('REQUEST');
    expect(mail.text).not.toContain('Hi Emma'); // no transcript
    const invite = parseInvite(mail.ics!);
    expect(invite).toMatchObject({
      method: 'REQUEST',
      sequence: 0,
      start: '2025-12-03T20:00:00.000Z',
      end: '2025-12-03T20:45:00.000Z',
      summary: 'Interview: Senior Python Developer at TechCorp',
      organizer: 'mailto:recruiting@techcorp.example',
      attendee: `mailto:${candidate.email}`,
    });

    const view = (await getCandidate(t.app, candidate.id)) as unknown as Record<string, Record<string, unknown> | null>;
    expect(view.interview).toMatchObject({
      starts_at: '2025-12-03T20:00:00.000Z',
      status: 'scheduled',
      call_id: callId,
    });
    expect(view.email_notifications).toMatchObject({ email_status: 'sent', confirmation_sent: true });
    expect(view.outreach).toMatchObject({ next_action: 'await_interview', attempts: 1, max_attempts: 3 });

    const listed = await request(server())
      .get('/api/interviews')
      .query({ candidate_id: candidate.id, from: '2000-01-01T00:00:00Z' })
      .set(AUTH);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    const interviewId = listed.body.items[0].id as number;

    const downloaded = await request(server()).get(`/api/interviews/${interviewId}/invite.ics`).set(AUTH);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers['content-type']).toMatch(/^text\/calendar/);
    expect(parseInvite(downloaded.text).uid).toBe(invite.uid);

    const feed = await request(server()).get('/api/calendar.ics').query({ token: FEED_TOKEN });
    expect(feed.status).toBe(200);
    const feedEvents = new ICAL.Component(ICAL.parse(feed.text)).getAllSubcomponents('vevent');
    expect(feedEvents.map((event) => event.getFirstPropertyValue('uid'))).toContain(invite.uid);
    expect((await request(server()).get('/api/calendar.ics').query({ token: 'wrong-token-0123456789' })).status).toBe(
      401,
    );
    expect((await request(server()).get('/api/calendar.ics')).status).toBe(401);
  });

  it('should send an update with the same UID and a higher SEQUENCE when moved, then METHOD:CANCEL when the recruiter rejects', async () => {
    const candidate = await createCandidate(t.app);
    const booked = await request(server())
      .post(`/api/candidates/${candidate.id}/interviews`)
      .set(AUTH)
      .send({ starts_at: '2026-03-10T10:00:00-05:00', timezone: 'America/Chicago' });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ sequence: 0, call_id: null, duration_minutes: 45, status: 'scheduled' });
    expect((await getCandidate(t.app, candidate.id)).status).toBe('interviewing');
    const [invitation] = await mailsTo(candidate.email, 1);

    const moved = await request(server())
      .patch(`/api/interviews/${booked.body.id}`)
      .set(AUTH)
      .send({ starts_at: '2026-03-11T15:30:00Z', duration_minutes: 60 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ sequence: 1, starts_at: '2026-03-11T15:30:00.000Z' });
    const [, update] = await mailsTo(candidate.email, 2);
    expect(update.subject).toMatch(/^Interview Rescheduled/);
    const first = parseInvite(invitation.ics!);
    const second = parseInvite(update.ics!);
    expect(second.uid).toBe(first.uid);
    expect(second.sequence).toBeGreaterThan(first.sequence);
    expect(second).toMatchObject({
      method: 'REQUEST',
      start: '2026-03-11T15:30:00.000Z',
      end: '2026-03-11T16:30:00.000Z',
    });

    const rejected = await request(server())
      .patch(`/api/candidates/${candidate.id}`)
      .set(AUTH)
      .send({ status: 'rejected' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.interview).toBeNull();
    const [, , cancellation] = await mailsTo(candidate.email, 3);
    expect(cancellation.calendarMethod).toBe('CANCEL');
    expect(parseInvite(cancellation.ics!)).toMatchObject({
      method: 'CANCEL',
      uid: first.uid,
      sequence: 2,
      status: 'CANCELLED',
    });
    const download = await request(server()).get(`/api/interviews/${booked.body.id}/invite.ics`).set(AUTH);
    expect(parseInvite(download.text).method).toBe('CANCEL');
    const again = await request(server())
      .patch(`/api/interviews/${booked.body.id}`)
      .set(AUTH)
      .send({ duration_minutes: 30 });
    expect(again.status).toBe(409);
    await sleep(300);
    expect(smtp.to(candidate.email)).toHaveLength(3);
  });

  it('should refuse a second booking, a bad instant and an unknown candidate', async () => {
    const candidate = await createCandidate(t.app);
    const body = { starts_at: '2026-04-01T09:00:00Z', timezone: 'Europe/London' };
    expect(
      (await request(server()).post(`/api/candidates/${candidate.id}/interviews`).set(AUTH).send(body)).status,
    ).toBe(201);
    const second = await request(server()).post(`/api/candidates/${candidate.id}/interviews`).set(AUTH).send(body);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('interview_already_scheduled');
    const noOffset = await request(server())
      .post(`/api/candidates/${candidate.id}/interviews`)
      .set(AUTH)
      .send({ starts_at: '2026-04-01T09:00:00', timezone: 'Europe/London' });
    expect(noOffset.status).toBe(400);
    expect(noOffset.body.message).toMatch(/starts_at/);
    // A duration is a JSON integer: text such as "0x5" or "5e0" is not converted into one.
    for (const duration_minutes of ['0x5', '5e0', '45']) {
      const other = await createCandidate(t.app);
      const bad = await request(server())
        .post(`/api/candidates/${other.id}/interviews`)
        .set(AUTH)
        .send({ ...body, duration_minutes });
      expect([duration_minutes, bad.status, bad.body.details?.[0]?.field]).toEqual([
        duration_minutes,
        400,
        'duration_minutes',
      ]);
    }
    // A change's fields may be absent, never null (a null once reached a NOT NULL column as a 500).
    const booked = await request(server()).get(`/api/candidates/${candidate.id}`).set(AUTH);
    const interviewId = (booked.body.interview as { id: number }).id;
    for (const field of ['starts_at', 'duration_minutes', 'timezone', 'status']) {
      const bad = await request(server())
        .patch(`/api/interviews/${interviewId}`)
        .set(AUTH)
        .send({ [field]: null });
      expect([field, bad.status, bad.body.details?.[0]?.field]).toEqual([field, 400, field]);
    }
    expect((await request(server()).post('/api/candidates/999999/interviews').set(AUTH).send(body)).status).toBe(404);
    expect((await request(server()).get('/api/interviews/999999').set(AUTH)).status).toBe(404);
  });

  it('should retry while the SMTP server is down and deliver once it is back: nothing lost, nothing doubled', async () => {
    const candidate = await createCandidate(t.app);
    await smtp.stop();
    try {
      const booked = await request(server())
        .post(`/api/candidates/${candidate.id}/interviews`)
        .set(AUTH)
        .send({ starts_at: '2026-05-01T14:00:00Z', timezone: 'America/New_York' });
      expect(booked.status).toBe(201);
      const [pending] = await until(
        () => notifications(candidate.id),
        (rows) => rows.length === 1 && rows[0].attempts >= 2,
      );
      expect(pending.status).toBe('pending');
      expect(pending.last_error).toMatch(/ECONNREFUSED/);
    } finally {
      await smtp.start();
    }
    await mailsTo(candidate.email, 1);
    const [sent] = await until(
      () => notifications(candidate.id),
      (rows) => rows[0]?.status === 'sent',
    );
    expect(sent.last_error).toBeNull();
    await sleep(500);
    expect(smtp.to(candidate.email)).toHaveLength(1);
  });

  it('should mark a notification failed with the SMTP error on a 5xx, and send it again on retry', async () => {
    const candidate = await createCandidate(t.app);
    smtp.refuseWith = { code: 550, message: 'Mailbox unavailable' };
    let failedId: number;
    try {
      await request(server())
        .post(`/api/candidates/${candidate.id}/interviews`)
        .set(AUTH)
        .send({ starts_at: '2026-06-01T14:00:00Z', timezone: 'America/New_York' });
      const [failed] = await until(
        () => notifications(candidate.id),
        (rows) => rows[0]?.status === 'failed',
      );
      expect(failed.attempts).toBe(1);
      expect(failed.last_error).toMatch(/550/);
      failedId = failed.id;
      const view = (await getCandidate(t.app, candidate.id)) as unknown as Record<
        string,
        Record<string, unknown> | null
      >;
      expect(view.email_notifications).toMatchObject({ email_status: 'failed', confirmation_sent: false });
    } finally {
      smtp.refuseWith = null;
    }
    const retried = await request(server()).post(`/api/notifications/${failedId}/retry`).set(AUTH);
    expect(retried.status).toBe(200);
    await mailsTo(candidate.email, 1);
    await until(
      () => notifications(candidate.id),
      (rows) => rows[0]?.status === 'sent',
    );
    const again = await request(server()).post(`/api/notifications/${failedId}/retry`).set(AUTH);
    expect(again.status).toBe(409);
    expect(smtp.to(candidate.email)).toHaveLength(1);
  });
});

describe('Interviews with e-mail off and no CALENDAR_FEED_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({});
  });
  afterAll(() => t.close());

  it('should store the invitation as skipped, and answer 401 to the feed without a personal token', async () => {
    const candidate = await createCandidate(t.app);
    const booked = await request(t.app.getHttpServer())
      .post(`/api/candidates/${candidate.id}/interviews`)
      .set(AUTH)
      .send({ starts_at: '2026-05-01T14:00:00Z', timezone: 'America/New_York' });
    expect(booked.status).toBe(201);
    const list = await request(t.app.getHttpServer())
      .get('/api/notifications')
      .query({ candidate_id: candidate.id })
      .set(AUTH);
    expect(list.body.items).toEqual([expect.objectContaining({ kind: 'interview_invitation', status: 'skipped' })]);
    expect((await request(t.app.getHttpServer()).get('/api/calendar.ics').query({ token: FEED_TOKEN })).status).toBe(
      401,
    );
  });
});

(TEST_DATABASE_URL ? describe : describe.skip)('Two instances on one Postgres database', () => {
  let smtp: SmtpCatcher;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    smtp = new SmtpCatcher(await freePort());
    await smtp.start();
    a = await startTestApp({ ...MAIL_ENV, SMTP_URL: smtp.url, MAIL_POLL_MS: '20' });
    b = await startTestApp({ ...MAIL_ENV, SMTP_URL: smtp.url, MAIL_POLL_MS: '20' }, a.schema!);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await smtp.stop();
  });

  it('should send exactly one invitation per booking when both receive the same webhooks at once', async () => {
    const candidates = await Promise.all(Array.from({ length: 8 }, () => createCandidate(a.app)));
    await Promise.all(
      candidates.flatMap((candidate) => {
        const options = {
          callId: newCallId(),
          candidateId: candidate.id,
          custom: booking('2025-12-03T15:00:00-05:00'),
        };
        return [a, b, a, b].map((instance) => deliver(instance.app, 'call_analyzed', analyzedCall(options)));
      }),
    );
    for (const candidate of candidates)
      await until(
        () => smtp.to(candidate.email),
        (mails) => mails.length >= 1,
      );
    await sleep(1000);
    for (const candidate of candidates) expect(smtp.to(candidate.email)).toHaveLength(1);
  });
});
