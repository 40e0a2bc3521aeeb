/**
 * The floor of `npm run bench`: the least a webhook receiver must do, in a process of its own.
 * Bare `node:http`, awaited `Retell.verify` over the raw body, `JSON.parse`, and one
 * `INSERT … ON CONFLICT DO NOTHING` of the raw event through `pg`, into a copy of the service's
 * event table (same columns, same unique key and indexes). No framework, no transaction block.
 *
 * Environment: FLOOR_DATABASE_URL, FLOOR_TABLE, RETELL_API_KEY, PORT, DB_POOL_MAX.
 * POST /api/webhooks/retell → 200 stored or duplicate, 401 bad signature, 400 malformed, 503 not stored.
 * GET /health → 200.
 */
import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';
import Retell from 'retell-sdk';

const env = process.env;
const apiKey = env.RETELL_API_KEY ?? '';
const table = env.FLOOR_TABLE ?? 'bench_floor_events';
if (!env.FLOOR_DATABASE_URL || !apiKey || !/^[a-z_][a-z0-9_]*$/.test(table)) {
  process.stderr.write('FLOOR_DATABASE_URL, RETELL_API_KEY and a plain FLOOR_TABLE name are required\n');
  process.exit(1);
}

const pool = new pg.Pool({ connectionString: env.FLOOR_DATABASE_URL, max: Number(env.DB_POOL_MAX ?? 10) });
const insert = `INSERT INTO ${table} (event, call_id, body_hash, payload, outcome)
  VALUES ($1, $2, $3, $4::jsonb, 'applied')
  ON CONFLICT (call_id, event, body_hash) WHERE duplicate_of IS NULL DO NOTHING`;

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return answer(res, 200, '{"status":"ok"}');
  if (req.method !== 'POST' || req.url !== '/api/webhooks/retell') return answer(res, 404, '{"error":"not found"}');
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void (async () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString('utf8');
      const signature = req.headers['x-retell-signature'];
      const valid = typeof signature === 'string' && (await Retell.verify(text, apiKey, signature).catch(() => false));
      if (!valid) return answer(res, 401, '{"error":"invalid signature"}');
      let body: { event?: unknown; call?: { call_id?: unknown } };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return answer(res, 400, '{"error":"invalid JSON"}');
      }
      if (typeof body.event !== 'string' || typeof body.call?.call_id !== 'string') {
        return answer(res, 400, '{"error":"event and call.call_id are required"}');
      }
      const hash = createHash('sha256').update(raw).digest('hex');
      try {
        await pool.query(insert, [body.event, body.call.call_id, hash, text]);
      } catch {
        return answer(res, 503, '{"error":"not stored"}');
      }
      answer(res, 200, '{"stored":true}');
    })();
  });
});

server.keepAliveTimeout = 60_000;
server.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`floor listening on ${JSON.stringify(server.address())}\n`);
});

function shutdown(): void {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
