/**
 * What the AmqpEnvironment tests share: a real RabbitMQ (AMQP_TEST_URL), an
 * admin connection beside the library's own, and clean-up after each test.
 *
 * Jest 30 fails the running test on any unhandled promise rejection
 * (checked: a stray `Promise.reject()` inside a test makes it fail), so every
 * test also asserts that the library produces none.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { LoggerService } from '@backstage/backend-plugin-api';
import { connect } from 'amqplib';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { AmqpEnvironment } from '../AmqpEnvironment';

export const AMQP_URL =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const execFileAsync = promisify(execFile);

export function uid(prefix: string) {
  return `amqp-node-test.${prefix}.${randomBytes(4).toString('hex')}`;
}

export type LogLine = { level: string; message: string; meta?: unknown };

export function createTestLogger(lines: LogLine[] = []): LoggerService {
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

export async function waitFor(
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
export async function forceCloseConnection(marker: string) {
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
export async function instrumentConfirmPublish(admin: ChannelModel) {
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

/**
 * Registers the hooks of a describe block against the real broker: the
 * admin connection opens before its tests, and the environments, queues and
 * exchanges a test made are stopped and deleted after it.
 */
export function useRealBroker() {
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

  return {
    /** The admin connection (open while the block's tests run). */
    get admin() {
      return admin;
    },
    queuesToDelete,
    exchangesToDelete,
    createEnv,
    adminDo,
    declareQueue,
    messageCount,
  };
}
