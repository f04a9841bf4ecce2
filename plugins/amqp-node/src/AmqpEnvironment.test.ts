import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { connect } from 'amqplib';
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { AmqpEnvironment } from './AmqpEnvironment';
import { PUBLISH_ID_HEADER } from './ConfirmPublisher';
import { ChannelClosedError, UnroutableError } from './errors';
import { declareDeadLetterTopology } from './topology';
import { AmqpDelivery, AmqpEnvironmentStatus } from './types';

jest.setTimeout(20_000);

// Note: Jest 30 fails the running test on any unhandled promise rejection
// (checked: a stray `Promise.reject()` inside a test makes it fail), so every
// test below also asserts that the library produces none.

const AMQP_URL =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const execFileAsync = promisify(execFile);

function uid(prefix: string) {
  return `amqp-node-test.${prefix}.${randomBytes(4).toString('hex')}`;
}

type LogLine = { level: string; message: string; meta?: unknown };

function createTestLogger(lines: LogLine[] = []): LoggerService {
  const make = (meta?: unknown): LoggerService => ({
    error: (message, m) =>
      lines.push({ level: 'error', message, meta: m ?? meta }),
    warn: (message, m) =>
      lines.push({ level: 'warn', message, meta: m ?? meta }),
    info: (message, m) =>
      lines.push({ level: 'info', message, meta: m ?? meta }),
    debug: (message, m) =>
      lines.push({ level: 'debug', message, meta: m ?? meta }),
    child: m => make(m),
  });
  return make();
}

async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 8000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 25));
  }
}

/** Closes (from the broker side) the connection whose connection_name contains `marker`. */
async function forceCloseConnection(marker: string) {
  const { stdout } = await execFileAsync('rabbitmqctl', [
    'list_connections',
    'pid',
    'client_properties',
    '--quiet',
    '--no-table-headers',
  ]);
  // One line per connection: "<pid>\t[{connection_name, ...}, ...]"
  const ours = stdout
    .split('\n')
    .filter(line => line.includes(marker))
    .map(line => line.split('\t')[0].trim());
  expect(ours).toHaveLength(1);
  await execFileAsync('rabbitmqctl', [
    'close_connection',
    ours[0],
    'amqp-node test: forced close',
  ]);
}

/**
 * Instruments amqplib's ConfirmChannel.publish (shared prototype) to observe
 * what the library under test sends and how many confirms are outstanding.
 */
async function instrumentConfirmPublish(admin: ChannelModel) {
  const probe = await admin.createConfirmChannel();
  const proto = Object.getPrototypeOf(probe) as ConfirmChannel;
  await probe.close();
  const original = proto.publish;
  const counters = {
    calls: 0,
    outstanding: 0,
    maxOutstanding: 0,
    returnedFalse: 0,
  };
  const spy = jest
    .spyOn(proto, 'publish')
    .mockImplementation(function patched(
      this: ConfirmChannel,
      exchange,
      routingKey,
      content,
      options,
      callback,
    ) {
      counters.calls++;
      counters.outstanding++;
      counters.maxOutstanding = Math.max(
        counters.maxOutstanding,
        counters.outstanding,
      );
      const ok = original.call(
        this,
        exchange,
        routingKey,
        content,
        options,
        (err, reply) => {
          counters.outstanding--;
          callback?.(err, reply);
        },
      );
      if (!ok) {
        counters.returnedFalse++;
      }
      return ok;
    });
  const stats = Object.assign(counters, { restore: () => spy.mockRestore() });
  return stats;
}

describe('AmqpEnvironment (real RabbitMQ)', () => {
  let admin: ChannelModel;
  const environments: AmqpEnvironment[] = [];
  const queuesToDelete: string[] = [];
  const exchangesToDelete: string[] = [];

  function createEnv(
    overrides: Partial<Parameters<typeof AmqpEnvironment.create>[0]> = {},
    logLines?: LogLine[],
  ) {
    const env = AmqpEnvironment.create({
      name: uid('env'),
      url: AMQP_URL,
      logger: createTestLogger(logLines),
      reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
      ...overrides,
    });
    environments.push(env);
    return env;
  }

  async function adminDo<T>(
    fn: (
      channel: Awaited<ReturnType<ChannelModel['createChannel']>>,
    ) => Promise<T>,
  ): Promise<T> {
    const channel = await admin.createChannel();
    channel.on('error', () => {});
    try {
      return await fn(channel);
    } finally {
      await channel.close().catch(() => {});
    }
  }

  async function declareQueue(name = uid('q')) {
    queuesToDelete.push(name);
    await adminDo(ch => ch.assertQueue(name, { durable: true }));
    return name;
  }

  async function messageCount(queue: string) {
    return adminDo(async ch => (await ch.checkQueue(queue)).messageCount);
  }

  beforeAll(async () => {
    admin = await connect(AMQP_URL);
    admin.on('error', () => {});
  });

  afterEach(async () => {
    await Promise.all(environments.splice(0).map(env => env.stop()));
    for (const queue of queuesToDelete.splice(0)) {
      await adminDo(ch => ch.deleteQueue(queue)).catch(() => {});
    }
    for (const exchange of exchangesToDelete.splice(0)) {
      await adminDo(ch => ch.deleteExchange(exchange)).catch(() => {});
    }
  });

  afterAll(async () => {
    await admin?.close().catch(() => {});
  });

  it('keeps retrying without throwing when the broker is unreachable, and never logs the password', async () => {
    const lines: LogLine[] = [];
    const env = createEnv(
      {
        url: 'amqp://someone:Sup3rS3cretPw@127.0.0.1:1/',
        reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      },
      lines,
    );
    const states: AmqpEnvironmentStatus[] = [];
    env.onStatusChange(s => states.push(s));
    expect(env.status().state).toBe('disconnected');

    expect(() => env.start()).not.toThrow();
    expect(() => env.start()).not.toThrow(); // idempotent

    await waitFor(
      () => states.filter(s => s.state === 'connecting').length >= 3,
      'several connection attempts',
    );
    const status = env.status();
    expect(['connecting', 'disconnected']).toContain(status.state);
    expect(status.environment).toBe(env.name);
    expect(status.lastError).toMatch(/ECONNREFUSED/);
    expect(new Date(status.since).toString()).not.toBe('Invalid Date');
    expect(states.some(s => s.state === 'connected')).toBe(false);

    await expect(env.whenConnected(100)).rejects.toThrow(
      /did not connect within 100ms.*ECONNREFUSED/,
    );
    await expect(env.withChannel(async () => 1)).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    await expect(
      env.publisher().publish({
        exchange: '',
        routingKey: 'x',
        content: Buffer.from('x'),
      }),
    ).rejects.toBeInstanceOf(ChannelClosedError);
    const consumer = env.consume('whatever', { prefetch: 1 }, () => {});
    expect(consumer.status()).toEqual({ queue: 'whatever', active: false });

    // Attach the expectation before stopping: the rejection must never be
    // unhandled, not even for a tick.
    const pending = env.whenConnected().then(
      () => 'connected',
      (error: Error) => error.message,
    );
    await env.stop();
    expect(await pending).toMatch(/was stopped/);
    expect(env.status().state).toBe('stopped');

    const everything = JSON.stringify({ lines, states });
    expect(everything).toContain('***');
    expect(everything).not.toContain('Sup3rS3cretPw');
  });

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

  it('reconnects after the broker closes the connection, resubscribes and redelivers unacked messages', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    const states: string[] = [];
    env.onStatusChange(s => states.push(s.state));
    env.start();
    await env.whenConnected(5000);
    const publisher = env.publisher();

    const deliveries: AmqpDelivery[] = [];
    const consumer = env.consume(queue, { prefetch: 10 }, d =>
      deliveries.push(d),
    );
    await waitFor(() => consumer.status().active, 'consumer active');

    for (const body of ['a', 'b', 'c']) {
      await publisher.publish({
        exchange: '',
        routingKey: queue,
        content: Buffer.from(body),
      });
    }
    await waitFor(() => deliveries.length === 3, 'first deliveries');
    expect(deliveries.every(d => !d.message.fields.redelivered)).toBe(true);
    const beforeClose = deliveries.slice();

    states.length = 0;
    await forceCloseConnection(env.name);
    await waitFor(() => states.includes('disconnected'), 'disconnected');
    expect(env.status().lastError).toMatch(/CONNECTION_FORCED|amqp-node test/);
    await waitFor(
      () => env.status().state === 'connected',
      'reconnected',
      10000,
    );
    expect(states.indexOf('disconnected')).toBeLessThan(
      states.lastIndexOf('connected'),
    );

    // Stale deliveries: settling them is a safe no-op.
    expect(() => beforeClose.forEach(d => d.ack())).not.toThrow();

    await waitFor(() => consumer.status().active, 'consumer resubscribed');
    await waitFor(() => deliveries.length === 6, 'redeliveries');
    const redelivered = deliveries.slice(3);
    expect(redelivered.map(d => d.message.content.toString()).sort()).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(redelivered.every(d => d.message.fields.redelivered)).toBe(true);

    // The same publisher works after the reconnect.
    for (const body of ['d', 'e']) {
      await publisher.publish({
        exchange: '',
        routingKey: queue,
        content: Buffer.from(body),
      });
    }
    await waitFor(() => deliveries.length === 8, 'post-reconnect deliveries');
    expect(
      deliveries
        .slice(6)
        .map(d => d.message.content.toString())
        .sort(),
    ).toEqual(['d', 'e']);
    deliveries.slice(3).forEach(d => d.ack());
    await consumer.cancel();
    expect(await messageCount(queue)).toBe(0);
  });

  it('never resolves a publish that was not confirmed when the connection drops mid-stream', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);
    const publisher = env.publisher({ maxInFlight: 50 });

    const progress = { stop: false, confirmed: 0 };
    const failures: unknown[] = [];
    const onConfirmed = () => {
      progress.confirmed++;
    };
    const onFailed = (error: unknown) => {
      failures.push(error);
      progress.stop = true;
    };
    const pump = async () => {
      const inflight = new Set<Promise<void>>();
      for (let i = 0; !progress.stop; i++) {
        const p = publisher
          .publish({
            exchange: '',
            routingKey: queue,
            content: Buffer.from(String(i)),
          })
          .then(onConfirmed, onFailed);
        inflight.add(p);
        p.finally(() => inflight.delete(p));
        if (inflight.size >= 50) {
          await Promise.race(inflight);
        } else {
          // let timers (and the broker-side close) make progress
          await new Promise(r => setImmediate(r));
        }
      }
      await Promise.all(inflight);
    };
    const pumping = pump();

    await waitFor(() => progress.confirmed > 200, 'some confirmed publishes');
    await forceCloseConnection(env.name);
    await waitFor(() => failures.length > 0, 'failed publishes');
    await pumping;

    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(ChannelClosedError);
    }
    // Every confirmed message is really in the queue (persistent + durable).
    // Publishes that failed with ChannelClosedError may or may not be there.
    const count = await messageCount(queue);
    expect(count).toBeGreaterThanOrEqual(progress.confirmed);

    // The publisher recovers once the environment has reconnected.
    await env.whenConnected(10000);
    await publisher.publish({
      exchange: '',
      routingKey: queue,
      content: Buffer.from('after'),
    });
    expect(await messageCount(queue)).toBe(count + 1);
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

  it('never has more than maxInFlight publishes awaiting confirmation', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);

    const stats = await instrumentConfirmPublish(admin);
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
    const stats = await instrumentConfirmPublish(admin);
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

  it('stop() cancels consumers, closes the connection and is idempotent', async () => {
    const queue = await declareQueue();
    const env = createEnv();
    env.start();
    await env.whenConnected(5000);
    const received: string[] = [];
    const consumer = env.consume(queue, { prefetch: 2 }, d => {
      received.push(d.message.content.toString());
      // settle a little later: stop() must give in-flight deliveries time
      setTimeout(() => d.ack(), 100);
    });
    await waitFor(() => consumer.status().active, 'consumer active');
    expect(
      await adminDo(async ch => (await ch.checkQueue(queue)).consumerCount),
    ).toBe(1);
    const publisher = env.publisher();
    await Promise.all(
      ['1', '2'].map(body =>
        publisher.publish({
          exchange: '',
          routingKey: queue,
          content: Buffer.from(body),
        }),
      ),
    );
    await waitFor(() => received.length === 2, 'deliveries');

    // Publishes that are already on the wire when stop() is called are
    // confirmed before the connection is closed; none is left hanging.
    const otherQueue = await declareQueue();
    const inFlight = Array.from({ length: 50 }, (_, i) =>
      publisher.publish({
        exchange: '',
        routingKey: otherQueue,
        content: Buffer.from(String(i)),
      }),
    );
    await new Promise(r => setImmediate(r));
    await Promise.all([env.stop(), env.stop()]);
    const outcomes = await Promise.allSettled(inFlight);
    expect(outcomes.map(o => o.status)).toEqual(Array(50).fill('fulfilled'));
    expect(await messageCount(otherQueue)).toBe(50);
    expect(env.status().state).toBe('stopped');
    expect(consumer.status().active).toBe(false);
    // The delayed acks made it before the channel was closed.
    expect(await messageCount(queue)).toBe(0);
    expect(
      await adminDo(async ch => (await ch.checkQueue(queue)).consumerCount),
    ).toBe(0);

    await expect(
      publisher.publish({
        exchange: '',
        routingKey: queue,
        content: Buffer.from('late'),
      }),
    ).rejects.toBeInstanceOf(ChannelClosedError);
    await expect(env.withChannel(async () => 1)).rejects.toThrow(
      /not connected/,
    );
    await expect(env.whenConnected(100)).rejects.toThrow(/stopped/);
    env.start(); // no-op after stop
    expect(env.status().state).toBe('stopped');
    await env.stop();
  });
});
