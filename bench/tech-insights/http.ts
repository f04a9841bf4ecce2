/*
 * HTTP to the backend under test: JSON in and out on keep-alive
 * connections, timed until the body is read.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { API_TOKEN } from './settings';

/** Keep-alive, and no client-side timeout (the on-demand run is long). */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export type Reply = { status: number; body: any; ms: number; bytes: number };

/** One request with JSON in and out; ms until the body is read and parsed. */
export function request(
  baseUrl: string,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  token: string,
  body?: unknown,
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${pathAndQuery}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload
            ? {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON (an error page): kept as text.
          }
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            ms: performance.now() - started,
            bytes: text.length,
          });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** The same, failing on anything but 2xx. */
export async function ok(
  baseUrl: string,
  method: 'GET' | 'POST',
  pathAndQuery: string,
  token: string,
  body?: unknown,
): Promise<Reply> {
  const reply = await request(baseUrl, method, pathAndQuery, token, body);
  if (reply.status < 200 || reply.status >= 300) {
    throw new Error(
      `${method} ${pathAndQuery}: HTTP ${reply.status} ${JSON.stringify(
        reply.body,
      ).slice(0, 400)}`,
    );
  }
  return reply;
}

export async function countEntities(
  baseUrl: string,
  kind: string,
): Promise<number> {
  const reply = await ok(
    baseUrl,
    'GET',
    `/api/catalog/entities/by-query?limit=0&filter=kind=${kind}`,
    API_TOKEN,
  );
  return reply.body.totalItems as number;
}
