import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  orderService,
  startDeadLetterBackend,
  startOnBroker,
} from './__testUtils__/backend';
import { removeTopology, topologyNames } from './__testUtils__/broker';

jest.setTimeout(120_000);

/**
 * The whole plugin against the real broker and each real database: messages
 * are dead-lettered by RabbitMQ itself (a consumer rejects them) and must end
 * up in the portal, mapped to the owning squad, with the DLQ drained.
 */
describe('dead-letter plugin', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'captures real dead letters on %s',
    async databaseId => {
      const names = topologyNames('orders');
      const { admin, backend } = await startOnBroker(
        databases,
        databaseId,
        names,
        {
          config: { environment: { batchSize: 50 } },
          entities: [orderService(names.queue)],
        },
      );

      try {
        const total = 300;
        const publisher = admin.publisher();
        await Promise.all(
          Array.from({ length: total }, (_, i) =>
            publisher.publish({
              exchange: names.exchange,
              routingKey: names.routingKey,
              content: Buffer.from(
                i === 0
                  ? '<script>alert(1)</script>'
                  : JSON.stringify({ orderId: i }),
              ),
              options: {
                contentType: 'application/json',
                messageId: `order-${i}`,
                headers: { 'x-exception-type': 'OrderRejected' },
              },
            }),
          ),
        );
        // The application rejects everything: RabbitMQ dead-letters it.
        const rejecter = admin.consume(names.queue, { prefetch: 100 }, d =>
          d.nack({ requeue: false }),
        );

        let items: any[] = [];
        for (let attempt = 0; attempt < 100; attempt++) {
          const res = await request(backend.server)
            .get('/api/dead-letter/messages')
            .query({ environment: 'dev', limit: 500 });
          expect(res.status).toBe(200);
          items = res.body.items;
          if (items.length >= total) break;
          await new Promise(r => setTimeout(r, 200));
        }
        await rejecter.cancel();

        expect(items).toHaveLength(total);
        expect(new Set(items.map(m => m.messageId)).size).toBe(total);
        expect(items[0]).toMatchObject({
          environment: 'dev',
          deadLetterQueue: names.deadLetterQueue,
          sourceQueue: names.queue,
          reason: 'rejected',
          originalExchange: names.exchange,
          originalRoutingKeys: [names.routingKey],
          state: 'unresolved',
          componentRef: 'component:default/order-service',
          ownerRef: 'group:default/squad-aura',
        });

        const script = items.find(m => m.messageId === 'order-0');
        const detail = await request(backend.server).get(
          `/api/dead-letter/messages/${script.id}`,
        );
        expect(
          Buffer.from(detail.body.bodyBase64, 'base64').toString('utf8'),
        ).toBe('<script>alert(1)</script>');
        expect(detail.body.deathHistory[0]).toMatchObject({
          queue: names.queue,
          reason: 'rejected',
        });

        // Everything was acknowledged once stored.
        let remaining = -1;
        for (let attempt = 0; attempt < 50 && remaining !== 0; attempt++) {
          remaining = await admin.withChannel(
            async ch =>
              (
                await ch.checkQueue(names.deadLetterQueue)
              ).messageCount,
          );
          if (remaining !== 0) await new Promise(r => setTimeout(r, 200));
        }
        expect(remaining).toBe(0);

        const groups = await request(backend.server)
          .get('/api/dead-letter/groups')
          .query({ environment: 'dev' });
        expect(groups.body.items).toEqual([
          expect.objectContaining({
            sourceQueue: names.queue,
            reason: 'rejected',
            exceptionType: 'OrderRejected',
            count: total,
          }),
        ]);
      } finally {
        await backend.stop();
        await removeTopology(admin, names);
      }
    },
  );

  it('answers bad parameters with 400 naming the field', async () => {
    const backend = await startDeadLetterBackend({
      config: {
        amqp: { environments: { dev: { url: 'amqp://127.0.0.1:1' } } },
        deadLetter: { environments: { dev: { queues: ['x.dlq'] } } },
      },
    });
    try {
      const cases: Array<[Record<string, string>, RegExp]> = [
        [
          { environment: 'staging' },
          /environment: unknown environment 'staging'/,
        ],
        [{ limit: '0' }, /limit/],
        [{ limit: '501' }, /limit/],
        [{ cursor: 'not-a-cursor' }, /cursor/],
        [{ from: 'yesterday' }, /from: must be an ISO 8601 date-time/],
        [{ state: 'lost' }, /state/],
        [{ colour: 'red' }, /unknown parameter\(s\) colour/],
      ];
      for (const [query, message] of cases) {
        const res = await request(backend.server)
          .get('/api/dead-letter/messages')
          .query(query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.error.message).toMatch(message);
      }

      // The broker is unreachable: the plugin still serves, and says so.
      const envs = await request(backend.server).get(
        '/api/dead-letter/environments',
      );
      expect(envs.status).toBe(200);
      expect(envs.body.items[0].connection.state).not.toBe('connected');
    } finally {
      await backend.stop();
    }
  });
});
