import type { ConsumeMessage } from 'amqplib';
import { PUBLISH_ID_HEADER } from './ConfirmPublisher';
import { ChannelClosedError, UnroutableError } from './errors';
import {
  instrumentConfirmPublish,
  uid,
  useRealBroker,
  waitFor,
} from './__testUtils__/realBroker';

jest.setTimeout(20_000);

/** Publishing: confirms, unroutable and failed publishes, the in-flight limit and back-pressure. */
describe('AmqpEnvironment (real RabbitMQ)', () => {
  const broker = useRealBroker();
  const { adminDo, createEnv, declareQueue, exchangesToDelete, messageCount } =
    broker;

  it('publishes with confirms, consumes and acks', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);
    expect(env.status()).toMatchObject({ state: 'connected' });
    expect(env.status().lastError).toBeUndefined();

    const received: ConsumeMessage[] = [];
    const consumer = env.consume(queue, { prefetch: 5 }, delivery => {
      received.push(delivery.message);
      delivery.ack();
      delivery.ack(); // double ack is a no-op, must not kill the channel
    });
    await waitFor(() => consumer.status().active, 'consumer active');

    const publisher = env.publisher();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        publisher.publish({
          exchange: '',
          routingKey: queue,
          content: Buffer.from(`message ${i}`),
          options: {
            messageId: `id-${i}`,
            contentType: 'text/plain',
            headers: { 'x-custom': i },
            persistent: false, // forced to persistent
            mandatory: false, // forced to mandatory
          },
        }),
      ),
    );
    await waitFor(() => received.length === 20, '20 deliveries');
    expect(received.map(m => m.content.toString()).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `message ${i}`).sort(),
    );
    const first = received.find(m => m.properties.messageId === 'id-3')!;
    expect(first.properties.deliveryMode).toBe(2);
    expect(first.properties.contentType).toBe('text/plain');
    expect(first.properties.headers?.['x-custom']).toBe(3);
    expect(typeof first.properties.headers?.[PUBLISH_ID_HEADER]).toBe('string');
    expect(first.fields.redelivered).toBe(false);

    await consumer.cancel();
    expect(consumer.status().active).toBe(false);
    expect(consumer.status().lastError).toBeUndefined();
    // Everything was acked: nothing went back to the queue.
    expect(await messageCount(queue)).toBe(0);
    expect(env.status().state).toBe('connected');
  });

  it('rejects mandatory publishes that cannot be routed with UnroutableError, correlated per message', async () => {
    const exchange = uid('x');
    exchangesToDelete.push(exchange);
    const queue = await declareQueue();
    await adminDo(async ch => {
      await ch.assertExchange(exchange, 'direct', { durable: false });
      await ch.bindQueue(queue, exchange, 'routable');
    });
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);
    const publisher = env.publisher();

    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        publisher.publish({
          exchange,
          routingKey: i % 3 === 0 ? 'nowhere' : 'routable',
          content: Buffer.from(String(i)),
        }),
      ),
    );
    const expectedUnroutable = results.map((_, i) => i % 3 === 0);
    expect(results.map(r => r.status === 'rejected')).toEqual(
      expectedUnroutable,
    );
    const reasons = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map(r => r.reason);
    expect(reasons).toHaveLength(14);
    for (const reason of reasons) {
      expect(reason).toBeInstanceOf(UnroutableError);
      expect(reason.replyCode).toBe(312);
      expect(reason.message).toMatch(/nowhere/);
    }
    const routed = results.filter(r => r.status === 'fulfilled').length;
    expect(routed).toBe(26);
    expect(await messageCount(queue)).toBe(routed);

    // An exchange with no bindings at all.
    const lonely = uid('lonely');
    exchangesToDelete.push(lonely);
    await adminDo(ch => ch.assertExchange(lonely, 'topic', { durable: false }));
    await expect(
      publisher.publish({
        exchange: lonely,
        routingKey: 'a.b',
        content: Buffer.from('lost?'),
      }),
    ).rejects.toBeInstanceOf(UnroutableError);
  });

  it('rejects a publish to a missing exchange and stays usable', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);
    const publisher = env.publisher();

    const error = await publisher
      .publish({
        exchange: uid('missing-exchange'),
        routingKey: 'k',
        content: Buffer.from('x'),
      })
      .then(
        () => undefined,
        e => e,
      );
    expect(error).toBeInstanceOf(ChannelClosedError);
    expect(error.code).toBe(404);
    expect(error.message).toMatch(/NOT_FOUND - no exchange/);

    expect(env.status().state).toBe('connected');
    // Same publisher, new channel.
    await publisher.publish({
      exchange: '',
      routingKey: queue,
      content: Buffer.from('after'),
    });
    expect(await messageCount(queue)).toBe(1);

    // withChannel: a channel error rejects without killing the connection.
    const missing = uid('missing-queue');
    const checkError = await env
      .withChannel(ch => ch.checkQueue(missing))
      .then(
        () => undefined,
        e => e,
      );
    expect(checkError).toBeInstanceOf(Error);
    expect(checkError.code).toBe(404);
    expect(checkError.message).toMatch(/NOT_FOUND - no queue/);
    expect(env.status().state).toBe('connected');
    await expect(
      env.withChannel(async ch => (await ch.checkQueue(queue)).messageCount),
    ).resolves.toBe(1);
  });

  it('never has more than maxInFlight publishes awaiting confirmation', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);

    const stats = await instrumentConfirmPublish(broker.admin);
    try {
      const publisher = env.publisher({ maxInFlight: 5 });
      await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          publisher.publish({
            exchange: '',
            routingKey: queue,
            content: Buffer.from(String(i)),
          }),
        ),
      );
    } finally {
      stats.restore();
    }
    expect(stats.calls).toBe(300);
    expect(stats.outstanding).toBe(0);
    expect(stats.maxOutstanding).toBe(5);
    expect(await messageCount(queue)).toBe(300);
  });

  it('handles back-pressure when the channel write buffer fills up', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);
    const publisher = env.publisher({ maxInFlight: 2000 });
    const stats = await instrumentConfirmPublish(broker.admin);
    try {
      await Promise.all(
        Array.from({ length: 1500 }, (_, i) =>
          publisher.publish({
            exchange: '',
            routingKey: queue,
            content: Buffer.alloc(8 * 1024, i % 256),
          }),
        ),
      );
    } finally {
      stats.restore();
    }
    // amqplib reported a full write buffer at least once, and nothing was lost.
    expect(stats.returnedFalse).toBeGreaterThan(0);
    expect(stats.calls).toBe(1500);
    expect(await messageCount(queue)).toBe(1500);
  });
});
