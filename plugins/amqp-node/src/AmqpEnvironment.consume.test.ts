import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { declareDeadLetterTopology } from './topology';
import { AmqpDelivery } from './types';
import { uid, useRealBroker, waitFor } from './__testUtils__/realBroker';

jest.setTimeout(20_000);

/** Consuming: acks, dead-lettering, and consumers that wait for their queue or take it back. */
describe('AmqpEnvironment (real RabbitMQ)', () => {
  const {
    adminDo,
    createEnv,
    declareQueue,
    exchangesToDelete,
    messageCount,
    queuesToDelete,
  } = useRealBroker();

  it('ack({ multiple: true }) acks everything up to that delivery on the channel', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);
    const publisher = env.publisher();
    for (let i = 0; i < 5; i++) {
      await publisher.publish({
        exchange: '',
        routingKey: queue,
        content: Buffer.from(String(i)),
      });
    }
    const deliveries: AmqpDelivery[] = [];
    const consumer = env.consume(queue, { prefetch: 10 }, d =>
      deliveries.push(d),
    );
    await waitFor(() => deliveries.length === 5, '5 deliveries');
    deliveries[1].ack(); // settled individually first
    deliveries[3].ack({ multiple: true }); // acks 0, 2, 3
    deliveries[2].ack(); // already covered: no-op
    deliveries[4].nack({ requeue: true });
    await new Promise(r => setTimeout(r, 200));
    // the nacked one is redelivered to us (channel still healthy)
    await waitFor(() => deliveries.length === 6, 'requeued delivery');
    expect(deliveries[5].message.fields.redelivered).toBe(true);
    expect(deliveries[5].message.content.toString()).toBe('4');
    deliveries[5].ack();
    await consumer.cancel();
    expect(await messageCount(queue)).toBe(0);
  });

  it('retries a consumer on a missing queue, exposing lastError, and starts once the queue exists', async () => {
    const queue = uid('late-queue');
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);

    const otherQueue = await declareQueue();
    const otherReceived: string[] = [];
    const other = env.consume(otherQueue, { prefetch: 1 }, d => {
      otherReceived.push(d.message.content.toString());
      d.ack();
    });

    const received: string[] = [];
    const consumer = env.consume(queue, { prefetch: 2 }, d => {
      received.push(d.message.content.toString());
      d.ack();
    });
    await waitFor(
      () => /NOT_FOUND/.test(consumer.status().lastError ?? ''),
      'lastError on missing queue',
    );
    expect(consumer.status()).toMatchObject({ queue, active: false });
    expect(consumer.status().lastError).toMatch(/404.*no queue/);
    // Let it fail a couple more times; other consumers and the connection are unaffected.
    await new Promise(r => setTimeout(r, 400));
    expect(env.status().state).toBe('connected');
    await waitFor(() => other.status().active, 'other consumer active');
    await adminDo(async ch => {
      ch.sendToQueue(otherQueue, Buffer.from('other'));
    });
    await waitFor(() => otherReceived.length === 1, 'other delivery');

    await declareQueue(queue);
    await adminDo(async ch => {
      ch.sendToQueue(queue, Buffer.from('hello'));
    });
    await waitFor(() => received.length === 1, 'delivery once queue exists');
    expect(received).toEqual(['hello']);
    expect(consumer.status()).toEqual({ queue, active: true });
  });

  it('dead-letters rejected messages into the DLQ with a real x-death header', async () => {
    const names = {
      exchange: uid('app-x'),
      queue: uid('app-q'),
      deadLetterExchange: uid('dlx'),
      deadLetterQueue: uid('dlq'),
      routingKey: 'orders.created',
    };
    exchangesToDelete.push(names.exchange, names.deadLetterExchange);
    queuesToDelete.push(names.queue, names.deadLetterQueue);

    const env = createEnv();
    env.start();
    await env.whenConnected(5000);
    await env.withChannel(ch => declareDeadLetterTopology(ch, names));
    // Idempotent
    await env.withChannel(ch => declareDeadLetterTopology(ch, names));

    const rejected: string[] = [];
    env.consume(names.queue, { prefetch: 1 }, d => {
      rejected.push(d.message.content.toString());
      d.nack({ requeue: false });
    });
    await env.publisher().publish({
      exchange: names.exchange,
      routingKey: names.routingKey,
      content: Buffer.from('{"order":1}'),
      options: { messageId: 'order-1', contentType: 'application/json' },
    });
    await waitFor(() => rejected.length === 1, 'app queue delivery');

    let dead: false | Awaited<ReturnType<ConfirmChannel['get']>> = false;
    await waitFor(async () => {
      dead = await adminDo(ch =>
        ch.get(names.deadLetterQueue, { noAck: true }),
      );
      return dead !== false;
    }, 'message in DLQ');
    const message = dead as unknown as ConsumeMessage;
    expect(message.content.toString()).toBe('{"order":1}');
    expect(message.properties.messageId).toBe('order-1');
    const xDeath = message.properties.headers?.['x-death'];
    expect(Array.isArray(xDeath)).toBe(true);
    expect(xDeath).toHaveLength(1);
    expect(xDeath![0]).toMatchObject({
      queue: names.queue,
      reason: 'rejected',
      count: 1,
      exchange: names.exchange,
      'routing-keys': [names.routingKey],
    });
    expect(message.properties.headers?.['x-first-death-queue']).toBe(
      names.queue,
    );
    expect(message.properties.headers?.['x-first-death-reason']).toBe(
      'rejected',
    );
    expect(await messageCount(names.queue)).toBe(0);
  });

  it('re-subscribes after the broker cancels the consumer (queue deleted and re-created)', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);
    const received: string[] = [];
    const consumer = env.consume(queue, { prefetch: 1 }, d => {
      received.push(d.message.content.toString());
      d.ack();
    });
    await waitFor(() => consumer.status().active, 'consumer active');

    await adminDo(ch => ch.deleteQueue(queue));
    await waitFor(() => !consumer.status().active, 'consumer inactive');
    await waitFor(
      () =>
        /NOT_FOUND|cancelled by the broker/.test(
          consumer.status().lastError ?? '',
        ),
      'lastError after broker cancel',
    );
    await declareQueue(queue);
    await waitFor(() => consumer.status().active, 'consumer active again');
    await adminDo(async ch => {
      ch.sendToQueue(queue, Buffer.from('back'));
    });
    await waitFor(() => received.length === 1, 'delivery after re-create');
    expect(env.status().state).toBe('connected');
  });

  it('retries an exclusive consumer while another consumer holds the queue', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);
    const first = env.consume(queue, { prefetch: 1, exclusive: true }, d =>
      d.ack(),
    );
    await waitFor(() => first.status().active, 'first active');
    const received: string[] = [];
    const second = env.consume(queue, { prefetch: 1, exclusive: true }, d => {
      received.push(d.message.content.toString());
      d.ack();
    });
    await waitFor(
      () => /ACCESS_REFUSED|403/.test(second.status().lastError ?? ''),
      'exclusive conflict reported',
    );
    expect(first.status().active).toBe(true);
    await first.cancel();
    await waitFor(() => second.status().active, 'second takes over');
    await adminDo(async ch => {
      ch.sendToQueue(queue, Buffer.from('mine'));
    });
    await waitFor(() => received.length === 1, 'delivery to second');
  });
});
