import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockQueueRegistry } from '@internal/backstage-plugin-queue-registry-node';
import {
  AmqpEnvironment,
  declareDeadLetterTopology,
} from '@internal/amqp-node';
import { deadLetterPlugin } from './plugin';
import { DeadLetterDatabase, type MessageQueries } from './database';
import { CaptureService } from './capture/CaptureService';
import { QueueOwnerIndex } from './services/QueueOwnerIndex';
import { rawAmqpPublish } from './testing/rawAmqpPublish';

jest.setTimeout(180_000);

const amqpUrl =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const MiB = 1024 * 1024;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function topologyNames(prefix: string) {
  const suffix = randomUUID().slice(0, 8);
  return {
    exchange: `test.${prefix}.${suffix}`,
    queue: `${prefix}.processing.${suffix}`,
    deadLetterExchange: `test.${prefix}.dlx.${suffix}`,
    deadLetterQueue: `${prefix}.processing.${suffix}.dlq`,
    routingKey: 'order.created',
  };
}

type Names = ReturnType<typeof topologyNames>;

async function connectAdmin(names: Names) {
  const admin = AmqpEnvironment.create({
    name: 'admin',
    url: amqpUrl,
    logger: mockServices.logger.mock(),
  });
  admin.start();
  await admin.whenConnected(10_000);
  await admin.withChannel(channel => declareDeadLetterTopology(channel, names));
  return admin;
}

async function removeTopology(admin: AmqpEnvironment, names: Names) {
  await admin.withChannel(async ch => {
    await ch.deleteQueue(names.queue);
    await ch.deleteQueue(names.deadLetterQueue);
    await ch.deleteExchange(names.exchange);
    await ch.deleteExchange(names.deadLetterExchange);
  });
  await admin.stop();
}

async function queueDepth(admin: AmqpEnvironment, queue: string) {
  return admin.withChannel(
    async ch => (await ch.checkQueue(queue)).messageCount,
  );
}

async function waitForDepth(
  admin: AmqpEnvironment,
  queue: string,
  depth: number,
) {
  let current = -1;
  for (let attempt = 0; attempt < 150 && current !== depth; attempt++) {
    current = await queueDepth(admin, queue);
    if (current !== depth) await sleep(200);
  }
  return current;
}

/** A string where any cut, shift or re-encoding shows: no repeating run. */
function patterned(length: number) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789Zü✓';
  let text = '';
  for (let i = 0; text.length < length; i++) {
    text += `${alphabet[i % alphabet.length]}${i.toString(36)}`;
  }
  return text.slice(0, length);
}

/**
 * Messages nobody designed for: binary, huge, malformed, hostile, or not
 * dead-lettered at all. They go through real RabbitMQ dead-lettering into
 * the plugin, and must come back out of the API exactly as they went in.
 */
describe('dead-letter bad input', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'stores odd messages as they are and serves them faithfully on %s',
    async databaseId => {
      const names = topologyNames('odd');
      const admin = await connectAdmin(names);
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          deadLetterPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              amqp: { environments: { dev: { url: amqpUrl } } },
              deadLetter: {
                environments: {
                  dev: { queues: [names.deadLetterQueue], batchSize: 50 },
                },
              },
            },
          }),
          mockQueueRegistry.fromCatalog(),
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: {
                  name: 'order-service',
                  namespace: 'default',
                  annotations: {
                    'meridian.bank/rabbitmq-queues': names.queue,
                  },
                },
                spec: {
                  type: 'service',
                  lifecycle: 'production',
                  owner: 'squad-aura',
                },
              },
            ],
          }),
        ],
      });
      const api = request(backend.server);

      // Invalid UTF-8 of several kinds: a lone continuation byte, an
      // overlong form, a truncated sequence, an encoded surrogate.
      const binaryBody = Buffer.concat([
        randomBytes(4096),
        Buffer.from([0x80, 0xc0, 0xaf, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0x00]),
      ]);
      const bigBody = randomBytes(10 * MiB);
      const brokenJson = '{"orderId": 17, "amount": [1, 2,';
      let huge = '';
      const many = Object.fromEntries(
        Array.from({ length: 300 }, (_, i) => [
          `x-many-${String(i).padStart(3, '0')}`,
          `value-${i}`,
        ]),
      );
      const nested = {
        level1: { level2: { level3: { deep: 'yes', n: 42, list: ['a', 1] } } },
      };
      const hostile = {
        body: '<script>alert(1)</script><img src=x onerror=alert(1)>',
        messageId: '<script>alert("id")</script>',
        type: '<img src=x onerror=alert(3)>',
        note: '<script>alert(2)</script>',
        key: '<script>key</script>',
        keyValue: '<img src=x onerror=alert(4)>',
      };

      try {
        const publisher = admin.publisher();
        const toApplication = (
          content: Buffer,
          options: Record<string, unknown>,
        ) =>
          publisher.publish({
            exchange: names.exchange,
            routingKey: names.routingKey,
            content,
            options,
          });
        await Promise.all([
          toApplication(binaryBody, {
            messageId: 'binary',
            contentType: 'application/octet-stream',
          }),
          toApplication(bigBody, { messageId: 'big' }),
          toApplication(Buffer.alloc(0), { messageId: 'empty' }),
          toApplication(Buffer.from(brokenJson), {
            messageId: 'broken-json',
            contentType: 'application/json',
          }),
          // amqplib cannot encode headers this large (its limit is 64 KiB);
          // Java and .NET clients can, up to the broker's frame_max. The
          // header frame is filled to exactly frame_max; dead-lettering then
          // adds x-death and x-first-death-* on top.
          rawAmqpPublish(amqpUrl, {
            exchange: names.exchange,
            routingKey: names.routingKey,
            body: Buffer.from('{"headers":true}'),
            messageId: 'headers',
            contentType: 'application/json',
            headers: {
              ...many,
              'x-nested': nested,
              'x-array': ['text', 7, true, { inner: 'table' }, ['inner-array']],
              'x-binary': Buffer.from([0x00, 0x01, 0xfe, 0xff]),
              'x-float': 3.5,
              'x-negative': -7,
              'x-false': false,
              'x-null': null,
              'x-unicode': 'Zürich ✓ 日本 😀',
            },
            fill: { header: 'x-huge', text: patterned },
          }).then(sent => {
            huge = String(sent.headers?.['x-huge']);
          }),
          toApplication(Buffer.from(hostile.body), {
            messageId: hostile.messageId,
            type: hostile.type,
            contentType: 'text/html',
            headers: {
              'x-note': hostile.note,
              [hostile.key]: hostile.keyValue,
            },
          }),
          // Straight into the DLQ: RabbitMQ never dead-lettered it, so it
          // has no x-death and no x-first-death-* headers.
          publisher.publish({
            exchange: '',
            routingKey: names.deadLetterQueue,
            content: Buffer.from('{"orphan":true}'),
            options: { messageId: 'direct', contentType: 'application/json' },
          }),
        ]);
        const rejecter = admin.consume(names.queue, { prefetch: 10 }, d =>
          d.nack({ requeue: false }),
        );

        let items: any[] = [];
        for (let attempt = 0; attempt < 150; attempt++) {
          const res = await api
            .get('/api/dead-letter/messages')
            .query({ environment: 'dev', limit: 500 });
          expect(res.status).toBe(200);
          items = res.body.items;
          if (items.length >= 7) break;
          await sleep(200);
        }
        await rejecter.cancel();
        expect(items.map(m => m.messageId).sort()).toEqual(
          [
            'big',
            'binary',
            'broken-json',
            'direct',
            'empty',
            'headers',
            hostile.messageId,
          ].sort(),
        );
        // Every delivery was acknowledged once stored, the 10 MiB one too.
        expect(await waitForDepth(admin, names.deadLetterQueue, 0)).toBe(0);

        const byId = (messageId: string) =>
          items.find(m => m.messageId === messageId);
        const detail = async (messageId: string) => {
          const res = await api.get(
            `/api/dead-letter/messages/${byId(messageId).id}`,
          );
          expect(res.status).toBe(200);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          return res.body;
        };

        // Binary bodies: byte for byte, never decoded.
        const binary = await detail('binary');
        expect(binary.bodyBase64).toBe(binaryBody.toString('base64'));
        expect(binary).toMatchObject({
          bodyEncoding: 'binary',
          bodySize: binaryBody.length,
          contentType: 'application/octet-stream',
          sourceQueue: names.queue,
          reason: 'rejected',
        });

        const big = await detail('big');
        expect(big.bodySize).toBe(10 * MiB);
        expect(big.bodyEncoding).toBe('binary');
        expect(Buffer.from(big.bodyBase64, 'base64').equals(bigBody)).toBe(
          true,
        );

        const empty = await detail('empty');
        expect(empty).toMatchObject({
          bodyBase64: '',
          bodySize: 0,
          bodyEncoding: 'text',
        });

        // Invalid JSON is kept as text, whatever the content type claims.
        const broken = await detail('broken-json');
        expect(broken).toMatchObject({
          bodyEncoding: 'text',
          contentType: 'application/json',
          bodySize: Buffer.byteLength(brokenJson),
        });
        expect(Buffer.from(broken.bodyBase64, 'base64').toString('utf8')).toBe(
          brokenJson,
        );

        // Headers as large as a content header frame allows, and every
        // AMQP field type, survive storage and come back readable.
        const headers = (await detail('headers')).headers;
        expect(Buffer.byteLength(huge)).toBeGreaterThan(100_000);
        expect(headers['x-huge']).toBe(huge);
        for (const [key, value] of Object.entries(many)) {
          expect({ key, value: headers[key] }).toEqual({ key, value });
        }
        expect(headers['x-nested']).toEqual(nested);
        expect(headers['x-array']).toEqual([
          'text',
          7,
          true,
          { inner: 'table' },
          ['inner-array'],
        ]);
        expect(headers['x-binary']).toEqual({ $binary: 'AAH+/w==' });
        expect(headers['x-float']).toBe(3.5);
        expect(headers['x-negative']).toBe(-7);
        expect(headers['x-false']).toBe(false);
        expect(headers['x-null']).toBeNull();
        expect(headers['x-unicode']).toBe('Zürich ✓ 日本 😀');
        expect(headers['x-death'][0]).toMatchObject({
          queue: names.queue,
          reason: 'rejected',
        });
        const searchedHuge = await api.get('/api/dead-letter/messages').query({
          environment: 'dev',
          q: huge.slice(50_000, 50_100),
        });
        expect(searchedHuge.body.items.map((m: any) => m.messageId)).toEqual([
          'headers',
        ]);

        // Hostile text is data: stored verbatim, served as JSON only.
        const html = await detail(hostile.messageId);
        expect(Buffer.from(html.bodyBase64, 'base64').toString('utf8')).toBe(
          hostile.body,
        );
        expect(html).toMatchObject({
          messageId: hostile.messageId,
          messageType: hostile.type,
          contentType: 'text/html',
          bodyEncoding: 'text',
        });
        expect(html.headers['x-note']).toBe(hostile.note);
        expect(html.headers[hostile.key]).toBe(hostile.keyValue);
        const listed = await api
          .get('/api/dead-letter/messages')
          .query({ environment: 'dev' });
        expect(listed.headers['content-type']).toMatch(/^application\/json/);
        const missing = await api.get(
          `/api/dead-letter/messages/${encodeURIComponent(hostile.body)}`,
        );
        expect(missing.status).toBe(404);
        expect(missing.headers['content-type']).toMatch(/^application\/json/);

        const search = async (q: string) => {
          const res = await api
            .get('/api/dead-letter/messages')
            .query({ environment: 'dev', q });
          expect({ q, status: res.status }).toEqual({ q, status: 200 });
          return res.body.items.map((m: any) => m.messageId);
        };
        // In the body, in a header value, in a header name, in the message id.
        expect(await search('<script>alert(1)</script>')).toEqual([
          hostile.messageId,
        ]);
        expect(await search('<script>alert(2)</script>')).toEqual([
          hostile.messageId,
        ]);
        expect(await search('onerror=alert(4)')).toEqual([hostile.messageId]);
        expect(await search(hostile.key)).toEqual([hostile.messageId]);
        expect(await search('alert("id")')).toEqual([hostile.messageId]);
        // LIKE wildcards in the search are literal characters.
        expect(await search('%')).toEqual([]);
        expect(await search('_many_')).toEqual([]);

        // Never dead-lettered: the DLQ stands in for the source queue, the
        // reason is unknown, nobody owns it, and it is kept all the same.
        const direct = await detail('direct');
        expect(direct).toMatchObject({
          sourceQueue: names.deadLetterQueue,
          deadLetterQueue: names.deadLetterQueue,
          reason: 'unknown',
          originalExchange: '',
          originalRoutingKeys: [],
          deathHistory: [],
          bodyEncoding: 'json',
          state: 'unresolved',
        });
        expect(direct.ownerRef).toBeUndefined();
        expect(direct.componentRef).toBeUndefined();
        expect(direct.firstDeathAt).toBeUndefined();
        expect(byId('headers').ownerRef).toBe('group:default/squad-aura');

        const owned = await api.get('/api/dead-letter/messages').query({
          environment: 'dev',
          owner: 'group:default/squad-aura',
        });
        expect(owned.body.items.map((m: any) => m.messageId)).not.toContain(
          'direct',
        );
        const withUnowned = await api.get('/api/dead-letter/messages').query({
          environment: 'dev',
          owner: 'group:default/squad-aura',
          unowned: 'true',
        });
        expect(withUnowned.body.items).toHaveLength(7);

        const groups = await api
          .get('/api/dead-letter/groups')
          .query({ environment: 'dev' });
        expect(groups.status).toBe(200);
        const unknownGroups = groups.body.items.filter(
          (g: any) => g.reason === 'unknown',
        );
        expect(unknownGroups).toEqual([
          expect.objectContaining({
            sourceQueue: names.deadLetterQueue,
            count: 1,
          }),
        ]);
        expect(unknownGroups[0].ownerRef).toBeUndefined();
      } finally {
        await backend.stop();
        await removeTopology(admin, names);
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'stores 10 MiB bodies in the same capture batch as small ones on %s',
    async databaseId => {
      const names = topologyNames('bigbatch');
      const admin = await connectAdmin(names);
      const knex = await databases.init(databaseId);
      const database = await DeadLetterDatabase.create({
        database: mockServices.database({ knex }),
      });
      const capturing = AmqpEnvironment.create({
        name: 'dev',
        url: amqpUrl,
        logger: mockServices.logger.mock(),
      });
      const bodies = [
        Buffer.from('{"n":1}'),
        randomBytes(10 * MiB),
        Buffer.from('{"n":2}'),
        // Two big bodies exceed what one INSERT statement takes, so the
        // batch is split into several statements of one transaction.
        randomBytes(10 * MiB),
        Buffer.from('{"n":3}'),
      ];
      const capture = CaptureService.create({
        queues: [
          {
            environment: capturing,
            queue: names.deadLetterQueue,
            prefetch: bodies.length,
            batchSize: bodies.length,
            // Only a full batch flushes: every message is in one insert.
            flushIntervalMs: 600_000,
          },
        ],
        database,
        owners: { lookup: () => undefined } as unknown as QueueOwnerIndex,
        logger: mockServices.logger.mock(),
      });
      try {
        const publisher = admin.publisher();
        await Promise.all(
          bodies.map((content, i) =>
            publisher.publish({
              exchange: names.exchange,
              routingKey: names.routingKey,
              content,
              options: { messageId: `m${i}` },
            }),
          ),
        );
        const rejecter = admin.consume(names.queue, { prefetch: 10 }, d =>
          d.nack({ requeue: false }),
        );
        expect(
          await waitForDepth(admin, names.deadLetterQueue, bodies.length),
        ).toBe(bodies.length);
        await rejecter.cancel();

        capturing.start();
        capture.start();
        let items: Awaited<ReturnType<MessageQueries['list']>>['items'] = [];
        for (let attempt = 0; attempt < 150; attempt++) {
          items = (
            await database.queries.list({ environment: 'dev', limit: 10 })
          ).items;
          if (items.length >= bodies.length) break;
          await sleep(200);
        }
        expect(items).toHaveLength(bodies.length);
        // One insertCaptured call stamps one capture time on its batch.
        expect(new Set(items.map(m => m.capturedAt)).size).toBe(1);
        for (const [i, body] of bodies.entries()) {
          const summary = items.find(m => m.messageId === `m${i}`)!;
          expect(summary.bodySize).toBe(body.length);
          const full = await database.queries.get(summary.id);
          expect({
            i,
            exact: Buffer.from(full!.bodyBase64, 'base64').equals(body),
          }).toEqual({ i, exact: true });
        }
        expect(await waitForDepth(admin, names.deadLetterQueue, 0)).toBe(0);
      } finally {
        await capture.stop();
        await capturing.stop();
        await removeTopology(admin, names);
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'answers bad parameters with 400 naming the field on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          deadLetterPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              amqp: { environments: { dev: { url: 'amqp://127.0.0.1:1' } } },
              deadLetter: { environments: { dev: { queues: ['x.dlq'] } } },
            },
          }),
          mockQueueRegistry.fromCatalog(),
          catalogServiceMock.factory({ entities: [] }),
        ],
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
        const { audit } = await DeadLetterDatabase.create({
          database: mockServices.database({ knex }),
        });
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
