import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import { rawAmqpPublish } from './testing/rawAmqpPublish';
import { orderService, startOnBroker } from './__testUtils__/backend';
import {
  amqpUrl,
  removeTopology,
  sleep,
  topologyNames,
  waitForDepth,
} from './__testUtils__/broker';

jest.setTimeout(180_000);

const MiB = 1024 * 1024;

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
      const { admin, backend } = await startOnBroker(
        databases,
        databaseId,
        names,
        {
          config: { environment: { batchSize: 50 } },
          entities: [orderService(names.queue)],
        },
      );
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
});
