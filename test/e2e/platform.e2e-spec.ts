import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('platform', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://ats.example.com' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('should answer /api/health without a key and ping the database', async () => {
    const res = await http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('should describe every endpoint and the webhook body in the OpenAPI document', async () => {
    const res = await http().get('/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      expect.arrayContaining([
        '/api/candidates',
        '/api/candidates/{id}',
        '/api/candidates/{id}/save_retell_call_data',
        '/api/webhooks/retell',
        '/api/health',
      ]),
    );
    expect(res.body.paths['/api/webhooks/retell'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/RetellWebhookDto',
    );
    expect(Object.keys(res.body.components.schemas)).toEqual(
      expect.arrayContaining([
        'Candidate',
        'RetellCallDto',
        'CallAnalysisDto',
        'CreateCandidateDto',
        'UpdateCandidateDto',
      ]),
    );
    expect(res.body.components.schemas.Candidate.properties).toHaveProperty('retell_interview_scheduled');
  });

  it('should serve Swagger UI at /docs', async () => {
    const res = await http().get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });

  it('should answer an unknown route with the JSON error envelope', async () => {
    const res = await http().get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/nothing-here' });
  });

  it('should echo a well-formed x-request-id and make one up otherwise', async () => {
    expect((await http().get('/api/health').set('x-request-id', 'req-123')).headers['x-request-id']).toBe('req-123');
    expect((await http().get('/api/health').set('x-request-id', 'bad id!')).headers['x-request-id']).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it('should allow only CORS_ORIGINS', async () => {
    const allowed = await http().get('/api/health').set('Origin', 'https://ats.example.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://ats.example.com');
    const other = await http().get('/api/health').set('Origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
