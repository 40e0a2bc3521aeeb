import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { Response } from 'supertest';
import type { Candidate } from '../../src/database/entities/candidate.entity.js';
import { signedWebhook } from './retell-fixtures.js';
import { AUTH, RETELL_KEY } from './test-app.js';

let counter = 0;

/** Creates a candidate through the public API. */
export async function createCandidate(
  app: NestExpressApplication,
  fields: Record<string, unknown> = {},
): Promise<Candidate> {
  counter += 1;
  const res = await request(app.getHttpServer())
    .post('/api/candidates')
    .set(AUTH)
    .send({
      first_name: 'John',
      last_name: `Doe${counter}`,
      email: `john.doe${counter}@example.com`,
      phone: '+14155550199',
      position: 'Senior Python Developer',
      company: 'TechCorp',
      ...fields,
    });
  if (res.status !== 201) throw new Error(`candidate not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Candidate;
}

export async function getCandidate(app: NestExpressApplication, id: number): Promise<Candidate> {
  const res = await request(app.getHttpServer()).get(`/api/candidates/${id}`).set(AUTH);
  if (res.status !== 200) throw new Error(`candidate ${id}: ${res.status}`);
  return res.body as Candidate;
}

/** Posts a webhook signed with `Retell.sign`, as Retell does. */
export async function deliver(
  app: NestExpressApplication,
  event: string,
  call: object,
  key = RETELL_KEY,
): Promise<Response> {
  const { body, signature } = await signedWebhook(event, call, key);
  return postRaw(app, body, signature);
}

export function postRaw(app: NestExpressApplication, body: string, signature?: string): Promise<Response> {
  const req = request(app.getHttpServer()).post('/api/webhooks/retell').set('Content-Type', 'application/json');
  if (signature !== undefined) req.set('x-retell-signature', signature);
  return req.send(body);
}
