import { ServiceUnavailableError } from '@backstage/errors';
import { ChannelClosedError } from './errors';
import { AmqpDelivery, AmqpEnvironmentStatus } from './types';
import {
  forceCloseConnection,
  LogLine,
  useRealBroker,
  waitFor,
} from './__testUtils__/realBroker';

jest.setTimeout(20_000);

/** The connection: an unreachable broker, reconnecting after the broker closes it, and stopping. */
describe('AmqpEnvironment (real RabbitMQ)', () => {
  const { adminDo, createEnv, declareQueue, messageCount } = useRealBroker();

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
