import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { openDatabase, startDeadLetterBackend } from './__testUtils__/backend';

jest.setTimeout(180_000);

/**
 * Requests nobody designed for: malformed, out of range, tampered with.
 * Each is refused with a 400 naming the field.
 */
describe('dead-letter bad input', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'answers bad parameters with 400 naming the field on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startDeadLetterBackend({
        knex,
        config: {
          amqp: { environments: { dev: { url: 'amqp://127.0.0.1:1' } } },
          deadLetter: { environments: { dev: { queues: ['x.dlq'] } } },
        },
      });
      const api = request(backend.server);
      const cursorOf = (value: unknown) =>
        Buffer.from(
          typeof value === 'string' ? value : JSON.stringify(value),
        ).toString('base64url');
      try {
        const gets: Array<[string, string, RegExp]> = [
          // /messages (the basics are in plugin.test.ts)
          ['/messages', `cursor=${cursorOf('not json')}`, /cursor/],
          ['/messages', `cursor=${cursorOf(null)}`, /cursor/],
          ['/messages', `cursor=${cursorOf([1, 2])}`, /cursor/],
          [
            '/messages',
            `cursor=${cursorOf({ t: 'now', i: randomUUID() })}`,
            /cursor/,
          ],
          [
            '/messages',
            `cursor=${cursorOf({ t: 1e300, i: randomUUID() })}`,
            /cursor/,
          ],
          [
            '/messages',
            `cursor=${cursorOf({ t: 8.64e15 + 1, i: randomUUID() })}`,
            /cursor/,
          ],
          [
            '/messages',
            `cursor=${cursorOf({ t: Date.now(), i: "1' OR '1'='1" })}`,
            /cursor/,
          ],
          // Standard base64 (padding, '+', '/') is not what the API hands out.
          ['/messages', 'cursor=eyJ0IjoxfQ%3D%3D', /cursor/],
          ['/messages', `cursor=${'A'.repeat(401)}`, /cursor/],
          ['/messages', 'cursor=a&cursor=b', /cursor/],
          ['/messages', 'limit=abc', /limit/],
          ['/messages', 'limit=-5', /limit/],
          ['/messages', 'limit=2.5', /limit/],
          ['/messages', 'limit=', /limit/],
          ['/messages', 'limit=1e9', /limit/],
          ['/messages', 'to=tomorrow', /to: must be an ISO 8601 date-time/],
          ['/messages', 'from=2024-02-30T00:00:00Z', /from/],
          ['/messages', 'from=2024-01-01', /from/],
          ['/messages', 'to=2024-01-01T25:00:00Z', /to/],
          ['/messages', 'state=unresolved&state=lost', /state/],
          ['/messages', 'unowned=maybe', /unowned/],
          ['/messages', `q=${'x'.repeat(201)}`, /q:/],
          ['/messages', 'environment=dev&environment=prod', /environment/],
          ['/messages', 'owner[name]=x', /owner/],
          ['/messages', 'environment=%3Cscript%3E', /environment/],
          ['/messages', 'q=a%00b', /q: must not contain NUL/],
          ['/messages', 'queue=a%00b', /queue: must not contain NUL/],
          ['/messages', 'owner=a%00b', /owner\.0: must not contain NUL/],
          // /groups
          ['/groups', 'environment=staging', /environment: unknown/],
          ['/groups', '', /environment/],
          ['/groups', 'environment=dev&state=lost', /state/],
          [
            '/groups',
            'environment=dev&colour=red',
            /unknown parameter.*colour/,
          ],
          // /replays
          ['/replays', 'environment=staging', /environment: unknown/],
          ['/replays', 'limit=0', /limit/],
          ['/replays', 'limit=201', /limit/],
          ['/replays', 'colour=red', /unknown parameter.*colour/],
          // /counts
          ['/counts', 'state=lost', /state/],
          ['/counts', 'colour=red', /unknown parameter.*colour/],
          // /audit
          ['/audit', 'limit=0', /limit/],
          ['/audit', 'limit=201', /limit/],
          ['/audit', 'cursor=not-a-cursor!', /cursor/],
          ['/audit', `cursor=${cursorOf({ at: 'x', id: 'y' })}`, /cursor/],
          [
            '/audit',
            `cursor=${cursorOf({ at: 1e300, id: randomUUID() })}`,
            /cursor/,
          ],
          [
            '/audit',
            `cursor=${cursorOf({ at: 1.5, id: randomUUID() })}`,
            /cursor/,
          ],
          [
            '/audit',
            `cursor=${cursorOf({ at: Date.now(), id: "x' OR 1=1" })}`,
            /cursor/,
          ],
        ];
        for (const [path, query, message] of gets) {
          const res = await api.get(`/api/dead-letter${path}?${query}`);
          expect({ path, query, status: res.status }).toEqual({
            path,
            query,
            status: 400,
          });
          expect({ path, query, message: res.body.error?.message }).toEqual({
            path,
            query,
            message: expect.stringMatching(message),
          });
          expect(res.headers['content-type']).toMatch(/^application\/json/);
        }

        const posts: Array<[string, unknown, RegExp]> = [
          // /replays (the basics are in replay.test.ts)
          [
            '/replays',
            { ids: [randomUUID()], ratePerSecond: 999999 },
            /ratePerSecond/,
          ],
          [
            '/replays',
            { ids: [randomUUID()], ratePerSecond: 0 },
            /ratePerSecond/,
          ],
          [
            '/replays',
            { ids: [randomUUID()], ratePerSecond: 2.5 },
            /ratePerSecond/,
          ],
          [
            '/replays',
            { ids: [randomUUID()], ratePerSecond: '100' },
            /ratePerSecond/,
          ],
          [
            '/replays',
            { ids: [randomUUID()], target: { kind: 'queue', queue: '' } },
            /target\.queue/,
          ],
          [
            '/replays',
            {
              ids: [randomUUID()],
              target: { kind: 'queue', queue: 'q'.repeat(256) },
            },
            /target\.queue/,
          ],
          ['/replays', { ids: [randomUUID()], target: 'original' }, /target/],
          ['/replays', { ids: randomUUID() }, /ids/],
          ['/replays', { ids: [null] }, /ids\.0/],
          ['/replays', { ids: [randomUUID()], colour: 'red' }, /colour/],
          [
            '/replays',
            {
              ids: [randomUUID()],
              target: { kind: 'queue', queue: 'q', x: 1 },
            },
            /target: unknown parameter\(s\) x/,
          ],
          ['/replays', [randomUUID()], /body: Expected object/],
          // /messages/discard and /restore (the basics are in actions.test.ts)
          ['/messages/discard', {}, /ids/],
          ['/messages/discard', { ids: 'x' }, /ids/],
          ['/messages/restore', { ids: [1] }, /ids\.0/],
          ['/messages/restore', { ids: [randomUUID()], all: true }, /all/],
        ];
        for (const [path, body, message] of posts) {
          const res = await api
            .post(`/api/dead-letter${path}`)
            .send(body as any);
          expect({ path, body, status: res.status }).toEqual({
            path,
            body,
            status: 400,
          });
          expect({ path, body, message: res.body.error?.message }).toEqual({
            path,
            body,
            message: expect.stringMatching(message),
          });
        }

        // Cursors the API hands out do work; the tampered ones above do not.
        const { audit } = await openDatabase(knex);
        const recorded = new Set<string>();
        for (let i = 0; i < 3; i++) {
          const entry = await audit.record({
            actor: 'user:default/mock',
            action: 'discard',
            environment: 'dev',
            selection: { ids: [] },
            requested: 0,
            affected: 0,
            outcome: 'succeeded',
          });
          recorded.add(entry.id);
        }
        const paged: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await api
            .get('/api/dead-letter/audit')
            .query({ limit: 1, ...(cursor ? { cursor } : {}) });
          expect(page.status).toBe(200);
          paged.push(...page.body.items.map((e: any) => e.id));
          cursor = page.body.nextCursor;
        } while (cursor && paged.length < 10);
        expect(new Set(paged)).toEqual(recorded);

        // A body that is not JSON at all.
        const garbled = await api
          .post('/api/dead-letter/replays')
          .set('content-type', 'application/json')
          .send('{"ids": [');
        expect(garbled.status).toBe(400);
        expect(garbled.headers['content-type']).toMatch(/^application\/json/);
      } finally {
        await backend.stop();
      }
    },
  );
});
