import { randomUUID } from 'node:crypto';
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
import { deadLetterPlugin } from '../plugin';
import { QueueDiscovery } from './QueueDiscovery';

jest.setTimeout(60_000);

const managementUrl =
  process.env.RABBITMQ_MANAGEMENT_TEST_URL ?? 'http://127.0.0.1:15672';
const amqpBase =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const guest = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function management(method: string, path: string, body?: unknown) {
  const res = await fetch(`${managementUrl}${path}`, {
    method,
    headers: { authorization: guest, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok && res.status !== 404) {
    throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>) {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Dead-letter queues found by name through the real RabbitMQ management API
 * and captured, without being listed in config.
 */
describe('dead-letter queue discovery', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const vhost = `dl-discovery-${randomUUID().slice(0, 8)}`;
  const amqpUrl = `${amqpBase}/${encodeURIComponent(vhost)}`;

  beforeAll(async () => {
    await management('PUT', `/api/vhosts/${vhost}`);
    await management('PUT', `/api/permissions/${vhost}/guest`, {
      configure: '.*',
      write: '.*',
      read: '.*',
    });
  });

  afterAll(async () => {
    await management('DELETE', `/api/vhosts/${vhost}`);
  });

  it('captures queues matching the pattern, follows new and deleted ones', async () => {
    const names = {
      exchange: 'orders',
      queue: 'orders.processing',
      deadLetterExchange: 'orders.dlx',
      deadLetterQueue: 'orders.processing.dlq',
      routingKey: 'order.placed',
    };
    const admin = AmqpEnvironment.create({
      name: 'admin',
      url: amqpUrl,
      logger: mockServices.logger.mock(),
    });
    admin.start();
    await admin.whenConnected(10_000);
    await admin.withChannel(async ch => {
      await declareDeadLetterTopology(ch, names);
      await ch.assertQueue('orders.parking', { durable: true });
    });

    const knex = await databases.init('SQLITE_3');
    const backend = await startTestBackend({
      features: [
        deadLetterPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            amqp: { environments: { dev: { url: amqpUrl } } },
            deadLetter: {
              environments: {
                dev: {
                  discovery: {
                    pattern: '\\.dlq$',
                    managementUrl,
                    intervalSeconds: 1,
                  },
                },
              },
            },
          },
        }),
        mockQueueRegistry.fromCatalog(),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const api = request(backend.server);
    const discoveryStatus = async () =>
      (await api.get('/api/dead-letter/environments')).body.items[0].discovery;
    const captured = async (body: string) => {
      const res = await api.get('/api/dead-letter/messages').query({ q: body });
      return res.body.items.length > 0 ? res.body.items[0] : undefined;
    };

    try {
      const status = await until('the first listing', async () => {
        const s = await discoveryStatus();
        return s?.lastListedAt ? s : undefined;
      });
      expect(status).toMatchObject({
        pattern: '\\.dlq$',
        queues: ['orders.processing.dlq'],
      });
      expect(status.lastError).toBeUndefined();

      // A message expiring in the application queue is dead-lettered by
      // RabbitMQ into the discovered queue and captured.
      const publisher = admin.publisher();
      await publisher.publish({
        exchange: names.exchange,
        routingKey: names.routingKey,
        content: Buffer.from('{"order":"discovered-1"}'),
        options: { expiration: '0', contentType: 'application/json' },
      });
      const first = await until('capture', () => captured('discovered-1'));
      expect(first).toMatchObject({
        sourceQueue: names.queue,
        reason: 'expired',
        deadLetterQueue: names.deadLetterQueue,
      });

      // A queue not matching the pattern is left alone.
      await publisher.publish({
        exchange: '',
        routingKey: 'orders.parking',
        content: Buffer.from('parked'),
      });

      // A dead-letter queue created later is found at the next listing.
      await admin.withChannel(ch =>
        ch.assertQueue('payments.dlq', { durable: true }),
      );
      await publisher.publish({
        exchange: '',
        routingKey: 'payments.dlq',
        content: Buffer.from('{"payment":"discovered-2"}'),
      });
      const late = await until('capture of the new queue', () =>
        captured('discovered-2'),
      );
      expect(late.deadLetterQueue).toBe('payments.dlq');
      expect((await discoveryStatus()).queues).toEqual([
        'orders.processing.dlq',
        'payments.dlq',
      ]);
      const parking = await admin.withChannel(ch =>
        ch.checkQueue('orders.parking'),
      );
      expect(parking.messageCount).toBe(1);

      // A deleted queue is no longer captured.
      await admin.withChannel(ch => ch.deleteQueue('payments.dlq'));
      await until('the deleted queue to go', async () => {
        const s = await discoveryStatus();
        return s.queues.includes('payments.dlq') ? undefined : s;
      });
      const environments = await api.get('/api/dead-letter/environments');
      expect(
        environments.body.items[0].queues.map((q: any) => q.queue),
      ).toEqual(['orders.processing.dlq']);
    } finally {
      await backend.stop();
      await admin.stop();
    }
  });

  it('reports a management API it cannot use, without failing', async () => {
    const added: string[] = [];
    const capture = { add: (q: any) => added.push(q.queue) > 0 } as any;
    const broker = { name: 'dev' } as any;
    const make = (over: object) =>
      new QueueDiscovery({
        configs: [
          {
            environment: 'dev',
            pattern: /\.dlq$/,
            managementUrl,
            vhost,
            username: 'guest',
            password: 'guest',
            intervalMs: 60_000,
            prefetch: 10,
            batchSize: 10,
            ...over,
          },
        ],
        capture,
        amqp: { get: () => broker, list: () => [broker] } as any,
        logger: mockServices.logger.mock(),
      });

    const unreachable = make({ managementUrl: 'http://127.0.0.1:1' });
    await unreachable.runOnce('dev');
    expect(unreachable.status('dev')?.lastError).toMatch(
      /cannot reach the RabbitMQ management API at http:\/\/127\.0\.0\.1:1.*rabbitmq_management plugin/,
    );

    const badPassword = make({ password: 'wrong' });
    await badPassword.runOnce('dev');
    expect(badPassword.status('dev')?.lastError).toMatch(
      /refused the credentials \(401\)/,
    );
    expect(badPassword.status('dev')?.lastError).not.toMatch(/wrong/);

    const noVhost = make({ vhost: `missing-${vhost}` });
    await noVhost.runOnce('dev');
    expect(noVhost.status('dev')?.lastError).toMatch(/does not exist/);
    expect(added).toEqual([]);
  });
});
