import { mockServices } from '@backstage/backend-test-utils';
import type { AmqpDelivery, AmqpEnvironment } from '@internal/amqp-node';
import type { MessageWriter, SearchIndex } from '../database';
import type { QueueOwnerIndex } from '../services/QueueOwnerIndex';
import { CaptureService } from './CaptureService';

/**
 * The batching and acknowledgement order of capture, against a broker and a
 * database whose timing the test controls. Real RabbitMQ and databases are
 * in plugin.test.ts.
 */

/** A consumer that hands out deliveries on demand and records the acks. */
function fakeBroker() {
  let handler: (delivery: AmqpDelivery) => void = () => {};
  const acks: Array<{ tag: number; multiple: boolean }> = [];
  const environment = {
    name: 'dev',
    consume: (
      queue: string,
      _options: unknown,
      onDelivery: (delivery: AmqpDelivery) => void,
    ) => {
      handler = onDelivery;
      return {
        cancel: async () => {},
        status: () => ({ queue, active: true }),
      };
    },
  } as unknown as AmqpEnvironment;
  const deliver = (from: number, to: number) => {
    for (let tag = from; tag <= to; tag++) {
      handler({
        message: {
          content: Buffer.from(JSON.stringify({ tag })),
          fields: { deliveryTag: tag, redelivered: false, consumerTag: 'c1' },
          properties: { headers: {} },
        } as unknown as AmqpDelivery['message'],
        ack: options => acks.push({ tag, multiple: !!options?.multiple }),
        nack: () => {},
      });
    }
  };
  return { environment, deliver, acks };
}

type FakeStore = MessageWriter & SearchIndex;

/** A store whose inserts finish when the test says so. */
function fakeStore(options: { searchIndexed?: boolean } = {}) {
  const inserts: Array<{ tags: number[]; finish(error?: Error): void }> = [];
  const indexCalls: number[] = [];
  const store = {
    searchIndexed: options.searchIndexed ?? false,
    insertCaptured: (messages: Array<{ body: Buffer }>) =>
      new Promise((resolve, reject) => {
        inserts.push({
          tags: messages.map(m => JSON.parse(m.body.toString()).tag),
          finish: error =>
            error
              ? reject(error)
              : resolve({ inserted: messages.length, duplicates: 0 }),
        });
      }),
    indexSearchBacklog: async (limit: number) => {
      indexCalls.push(limit);
      return indexCalls.length < 3 ? limit : 0;
    },
  } as unknown as FakeStore;
  return { store, inserts, indexCalls };
}

const owners = { lookup: () => undefined } as unknown as QueueOwnerIndex;
const settle = () => new Promise(resolve => setImmediate(resolve));
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

function createCapture(
  broker: ReturnType<typeof fakeBroker>,
  store: FakeStore,
  queue: { prefetch: number; batchSize: number; flushIntervalMs?: number },
) {
  return CaptureService.create({
    queues: [
      {
        environment: broker.environment,
        queue: 'orders.dlq',
        prefetch: queue.prefetch,
        batchSize: queue.batchSize,
        flushIntervalMs: queue.flushIntervalMs ?? 60_000,
      },
    ],
    database: { messages: store, search: store },
    owners,
    logger: mockServices.logger.mock(),
  });
}

describe('CaptureService', () => {
  it('stores as many batches at once as the prefetch holds and acknowledges them in delivery order', async () => {
    const broker = fakeBroker();
    const { store, inserts } = fakeStore();
    const capture = createCapture(broker, store, {
      prefetch: 30,
      batchSize: 10,
    });
    capture.start();

    broker.deliver(1, 40);
    await settle();
    // Three slots (30 / 10): the fourth batch waits for one.
    expect(inserts.map(i => i.tags)).toEqual([
      range(1, 10),
      range(11, 20),
      range(21, 30),
    ]);

    // The second batch is stored first: it must wait for the first.
    inserts[1].finish();
    await settle();
    expect(broker.acks).toEqual([]);
    expect(inserts.map(i => i.tags[0])).toEqual([1, 11, 21, 31]);

    inserts[0].finish();
    await settle();
    expect(broker.acks).toEqual([
      { tag: 10, multiple: true },
      { tag: 20, multiple: true },
    ]);

    inserts[3].finish();
    await settle();
    expect(broker.acks.map(a => a.tag)).toEqual([10, 20]);
    inserts[2].finish();
    await settle();
    expect(broker.acks.map(a => a.tag)).toEqual([10, 20, 30, 40]);
    expect(capture.status()[0].captured).toBe(40);

    await capture.stop();
  });

  it('stores a partial batch after the flush interval', async () => {
    const broker = fakeBroker();
    const { store, inserts } = fakeStore();
    const capture = createCapture(broker, store, {
      prefetch: 100,
      batchSize: 50,
      flushIntervalMs: 20,
    });
    capture.start();
    broker.deliver(1, 7);
    await settle();
    expect(inserts).toHaveLength(0);
    await new Promise(resolve => setTimeout(resolve, 60));
    expect(inserts.map(i => i.tags)).toEqual([range(1, 7)]);
    inserts[0].finish();
    await settle();
    expect(broker.acks).toEqual([{ tag: 7, multiple: true }]);
    await capture.stop();
  });

  it('acknowledges nothing that was not stored when stopped', async () => {
    const broker = fakeBroker();
    const { store, inserts } = fakeStore();
    const capture = createCapture(broker, store, {
      prefetch: 20,
      batchSize: 10,
    });
    capture.start();
    broker.deliver(1, 25);
    await settle();
    // The first batch keeps failing (and is retried); the second is stored.
    inserts[0].finish(new Error('database is down'));
    inserts[1].finish();
    await settle();
    await capture.stop();
    expect(broker.acks).toEqual([]);
    expect(capture.status()[0].captured).toBe(0);
  });

  it('indexes for search in the background, in small bites while capture is saturated', async () => {
    const broker = fakeBroker();
    const { store, inserts, indexCalls } = fakeStore({ searchIndexed: true });
    const capture = createCapture(broker, store, {
      prefetch: 10,
      batchSize: 10,
    });
    capture.start();
    // One batch being stored fills the only slot.
    broker.deliver(1, 10);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(indexCalls).toEqual([100]);
    inserts[0].finish();
    await capture.stop();

    const idle = fakeStore({ searchIndexed: true });
    const quiet = createCapture(fakeBroker(), idle.store, {
      prefetch: 10,
      batchSize: 10,
    });
    quiet.start();
    await new Promise(resolve => setTimeout(resolve, 50));
    // Full batches back to back until the backlog is empty.
    expect(idle.indexCalls).toEqual([1000, 1000, 1000]);
    await quiet.stop();
  });
});
