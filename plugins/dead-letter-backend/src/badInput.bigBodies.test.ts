import { randomBytes } from 'node:crypto';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AmqpEnvironment } from '@internal/amqp-node';
import { type MessageQueries } from './database';
import { CaptureService } from './capture/CaptureService';
import { QueueOwnerIndex } from './services/QueueOwnerIndex';
import { openDatabase } from './__testUtils__/backend';
import {
  amqpUrl,
  connectAdmin,
  removeTopology,
  sleep,
  topologyNames,
  waitForDepth,
} from './__testUtils__/broker';

jest.setTimeout(180_000);

const MiB = 1024 * 1024;

/**
 * 10 MiB bodies dead-lettered by RabbitMQ among small ones: one capture
 * batch stores them all, byte for byte.
 */
describe('dead-letter bad input', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'stores 10 MiB bodies in the same capture batch as small ones on %s',
    async databaseId => {
      const names = topologyNames('bigbatch');
      const admin = await connectAdmin(names);
      const knex = await databases.init(databaseId);
      const database = await openDatabase(knex);
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
});
