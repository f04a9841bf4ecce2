import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AmqpEnvironment,
  declareDeadLetterTopology,
  DeadLetterTopologyNames,
} from '@internal/amqp-node';

/**
 * Helpers for the process-level resilience tests: real backends in child
 * processes (see backend.ts) that can be SIGKILLed, their Postgres
 * databases, a vhost of their own on the real broker, and a RabbitMQ
 * restart.
 */

export const PG_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';
export const AMQP_URL =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

const execFileAsync = promisify(execFile);

export const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Polls `fn` until it returns a truthy value (errors count as not yet);
 * throws `describe()` on timeout.
 */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | false>,
  options: { timeoutMs: number; intervalMs?: number; describe: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) {
        return value;
      }
    } catch (error) {
      // e.g. the broker is restarting; the timeout reports it if it lasts.
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out: ${options.describe()}${
          lastError ? ` (last error: ${lastError})` : ''
        }`,
      );
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/** Runs rabbitmqctl (as root: it needs the Erlang cookie). */
export async function rabbitmqctl(...args: string[]): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const { stdout } = await execFileAsync(
    asRoot ? 'rabbitmqctl' : 'sudo',
    asRoot ? args : ['-n', 'rabbitmqctl', ...args],
    { timeout: 120_000 },
  );
  return stdout;
}

export async function listVhosts(): Promise<string[]> {
  const out = await rabbitmqctl('-q', 'list_vhosts', 'name');
  return out
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && line !== 'name')
    .sort();
}

export async function createVhost(vhost: string) {
  const user = decodeURIComponent(new URL(AMQP_URL).username || 'guest');
  await rabbitmqctl('-q', 'add_vhost', vhost);
  await rabbitmqctl(
    '-q',
    'set_permissions',
    '-p',
    vhost,
    user,
    '.*',
    '.*',
    '.*',
  );
}

export async function deleteVhost(vhost: string) {
  await rabbitmqctl('-q', 'delete_vhost', vhost);
}

/**
 * Stops and starts the RabbitMQ application of the local node, then waits
 * until it accepts connections again. Runs as one shell so that the broker
 * is started again even when the test process dies in between.
 */
export function restartRabbitMq(options: { downMs: number }): {
  /** Resolves once `stop_app` has returned: every connection is closed. */
  stopped: Promise<void>;
  /** Resolves once the broker is up again (`await_startup`). */
  started: Promise<void>;
} {
  const ctl = process.getuid?.() === 0 ? 'rabbitmqctl' : 'sudo -n rabbitmqctl';
  const script = [
    `${ctl} -q stop_app`,
    'echo stopped',
    `sleep ${(options.downMs / 1000).toFixed(1)}`,
    // Runs whatever stop_app returned: the broker must never stay down.
    `${ctl} -q start_app`,
    `${ctl} -q await_startup --timeout 120`,
    'echo started',
  ].join('; ');
  const child = spawn('sh', ['-c', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let onStopped: () => void = () => {};
  const stopped = new Promise<void>(resolve => {
    onStopped = resolve;
  });
  child.stdout!.on('data', chunk => {
    output += chunk;
    if (output.includes('stopped')) onStopped();
  });
  child.stderr!.on('data', chunk => {
    output += chunk;
  });
  const started = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', code => {
      onStopped();
      if (code === 0 && output.includes('started')) resolve();
      else reject(new Error(`RabbitMQ restart failed (${code}): ${output}`));
    });
  });
  started.catch(() => undefined);
  return { stopped, started };
}

export function vhostUrl(vhost: string): string {
  const url = new URL(AMQP_URL);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return url.toString();
}

/** The Postgres database the backend's database service makes for the plugin. */
export function pluginDatabaseName(prefix: string) {
  return `${prefix}dead-letter`;
}

function databaseUrl(database: string) {
  const url = new URL(PG_URL);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function connectDatabase(database: string): Knex {
  return knexFactory({
    client: 'pg',
    connection: databaseUrl(database),
    pool: { min: 0, max: 4 },
  });
}

async function withAdminDatabase<T>(fn: (knex: Knex) => Promise<T>) {
  const admin = connectDatabase('postgres');
  try {
    return await fn(admin);
  } finally {
    await admin.destroy();
  }
}

export async function createDatabase(database: string) {
  await withAdminDatabase(admin => admin.raw('CREATE DATABASE ??', [database]));
}

export async function dropDatabase(database: string) {
  await withAdminDatabase(admin =>
    admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]),
  );
}

/** Stored rows and distinct message ids; 0 before the migrations ran. */
export async function countStored(
  knex: Knex,
): Promise<{ rows: number; distinct: number }> {
  try {
    const [row] = await knex('dead_letter_messages').select(
      knex.raw('count(*) as rows'),
      knex.raw('count(distinct message_id) as distinct'),
    );
    return { rows: Number(row.rows), distinct: Number(row.distinct) };
  } catch (error) {
    if (/does not exist/.test(String(error))) {
      return { rows: 0, distinct: 0 };
    }
    throw error;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function httpGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, timeout: 5000 }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export type BackendOptions = {
  /** Names the process in logs and its log file. */
  name: string;
  /** Directory for the generated config and the log. */
  dir: string;
  /** `backend.database.prefix`: the plugin's database is `<prefix>dead-letter`. */
  databasePrefix: string;
  amqpUrl: string;
  /** The `deadLetter` config section. */
  deadLetter: Record<string, unknown>;
};

/**
 * A dead-letter backend in a child process (`backend.ts` through the
 * Backstage CLI's TypeScript transform), configured through a generated
 * app-config file, on a free port.
 */
export class BackendProcess {
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>;
  #exitedNow = false;

  private constructor(
    readonly name: string,
    readonly port: number,
    readonly logFile: string,
    private readonly token: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise(resolve => {
      child.on('exit', (code, signal) => {
        this.#exitedNow = true;
        resolve({ code, signal });
      });
    });
  }

  /** Starts the process and waits until it is ready. */
  static async start(options: BackendOptions): Promise<BackendProcess> {
    const backend = await BackendProcess.launch(options);
    await backend.waitReady(90_000);
    return backend;
  }

  /** Starts the process without waiting for it to be ready. */
  static async launch(options: BackendOptions): Promise<BackendProcess> {
    const port = await freePort();
    const token = randomBytes(24).toString('base64url');
    const config = {
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        database: {
          client: 'pg',
          connection: PG_URL,
          prefix: options.databasePrefix,
        },
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'resilience-test' } },
          ],
        },
      },
      amqp: { environments: { dev: { url: options.amqpUrl } } },
      deadLetter: options.deadLetter,
    };
    const stamp = `${options.name}-${Date.now()}`;
    const configFile = path.join(options.dir, `${stamp}.yaml`);
    const logFile = path.join(options.dir, `${stamp}.log`);
    // JSON is YAML.
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
    const log = fs.openSync(logFile, 'a');
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
    for (const key of Object.keys(env)) {
      if (key.startsWith('JEST_') || key.startsWith('APP_CONFIG_')) {
        delete env[key];
      }
    }
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.resolve(__dirname, 'backend.ts'),
        '--config',
        configFile,
      ],
      {
        cwd: path.resolve(__dirname, '../../..'),
        env,
        stdio: ['ignore', log, log],
      },
    );
    fs.closeSync(log);
    return new BackendProcess(options.name, port, logFile, token, child);
  }

  get pid() {
    return this.child.pid!;
  }

  get running() {
    return !this.#exitedNow;
  }

  /** Waits for the readiness endpoint (all plugins started). */
  async waitReady(timeoutMs: number) {
    const url = `http://127.0.0.1:${this.port}/.backstage/health/v1/readiness`;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(
          `Backend ${this.name} exited before it was ready:\n${this.logTail()}`,
        );
      }
      const res = await httpGet(url).catch(() => undefined);
      if (res?.status === 200) {
        return;
      }
      await sleep(100);
    }
    throw new Error(
      `Backend ${
        this.name
      } not ready after ${timeoutMs} ms:\n${this.logTail()}`,
    );
  }

  /** GET on the dead-letter API with the static access token. */
  async api<T = any>(route: string): Promise<T> {
    const res = await httpGet(
      `http://127.0.0.1:${this.port}/api/dead-letter${route}`,
      { authorization: `Bearer ${this.token}` },
    );
    if (res.status !== 200) {
      throw new Error(`GET ${route}: ${res.status} ${res.body}`);
    }
    return JSON.parse(res.body);
  }

  /** SIGKILL: no shutdown hooks, no acks, no goodbyes. */
  async kill() {
    if (this.running) {
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }

  /** SIGTERM (graceful shutdown), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 20_000) {
    if (!this.running) {
      return;
    }
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  logTail(lines = 40): string {
    try {
      return (
        fs
          .readFileSync(this.logFile, 'utf8')
          .split('\n')
          // The readiness polls would crowd out what matters.
          .filter(line => !line.includes('/.backstage/health/'))
          .slice(-lines)
          .map(line => `  [${this.name}] ${line.slice(0, 400)}`)
          .join('\n')
      );
    } catch {
      return `  [${this.name}] (no log)`;
    }
  }
}

/** A test's own topology on the broker, and an admin connection to it. */
export class TestBroker {
  private constructor(
    readonly admin: AmqpEnvironment,
    readonly names: DeadLetterTopologyNames,
  ) {}

  static async create(url: string, suffix: string): Promise<TestBroker> {
    const admin = AmqpEnvironment.create({
      name: 'admin',
      url,
      logger: mockServices.logger.mock(),
      reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
    });
    admin.start();
    await admin.whenConnected(15_000);
    const names = {
      exchange: `resilience.${suffix}`,
      queue: `resilience.work.${suffix}`,
      deadLetterExchange: `resilience.dlx.${suffix}`,
      deadLetterQueue: `resilience.work.${suffix}.dlq`,
      routingKey: 'work.item',
    };
    await admin.withChannel(channel =>
      declareDeadLetterTopology(channel, names),
    );
    return new TestBroker(admin, names);
  }

  /**
   * Publishes `count` persistent messages that expire at once in the work
   * queue, so that RabbitMQ dead-letters them into the DLQ (reason
   * 'expired', with x-death), and (unless something consumes it) waits
   * until the DLQ holds them all. Each has the message id `<prefix>-<n>`.
   */
  async fillDeadLetterQueue(
    count: number,
    prefix: string,
    options: { consumed?: boolean } = {},
  ) {
    const publisher = this.admin.publisher({ maxInFlight: 1000 });
    const publishes: Array<Promise<void>> = [];
    for (let n = 0; n < count; n++) {
      publishes.push(
        publisher.publish({
          exchange: this.names.exchange,
          routingKey: this.names.routingKey,
          content: Buffer.from(JSON.stringify({ item: n, prefix })),
          options: {
            messageId: `${prefix}-${n}`,
            contentType: 'application/json',
            expiration: '0',
            headers: { 'x-exception-type': 'ResilienceTest' },
          },
        }),
      );
    }
    await Promise.all(publishes);
    if (options.consumed) {
      return;
    }
    await waitFor(
      async () =>
        (await this.queueState(this.names.deadLetterQueue)).messageCount >=
        count,
      {
        timeoutMs: 60_000,
        describe: () => `${count} messages in ${this.names.deadLetterQueue}`,
      },
    );
  }

  async queueState(
    queue: string,
  ): Promise<{ messageCount: number; consumerCount: number }> {
    await this.admin.whenConnected(60_000);
    return this.admin.withChannel(async channel => {
      const { messageCount, consumerCount } = await channel.checkQueue(queue);
      return { messageCount, consumerCount };
    });
  }

  /**
   * Waits until no consumer is left on `queue`, so that the broker has
   * returned every unacknowledged message to it, and returns its depth.
   */
  async depthWithoutConsumers(queue: string): Promise<number> {
    const state = await waitFor(
      async () => {
        const s = await this.queueState(queue);
        return s.consumerCount === 0 ? s : undefined;
      },
      { timeoutMs: 30_000, describe: () => `no consumers on ${queue}` },
    );
    return state.messageCount;
  }

  async declareQueue(queue: string) {
    await this.admin.withChannel(async channel => {
      await channel.assertQueue(queue, { durable: true });
    });
  }

  /** Consumes everything in `queue` (which nothing else publishes to). */
  async drain(queue: string): Promise<
    Array<{
      deadLetterId?: string;
      replayJob?: string;
      messageId?: string;
      redelivered: boolean;
    }>
  > {
    return this.admin.withChannel(async channel => {
      const { messageCount } = await channel.checkQueue(queue);
      const received: Array<{
        deadLetterId?: string;
        replayJob?: string;
        messageId?: string;
        redelivered: boolean;
      }> = [];
      if (messageCount === 0) {
        return received;
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `drained ${received.length} of ${messageCount} from ${queue}`,
              ),
            ),
          60_000,
        );
        channel
          .consume(
            queue,
            message => {
              if (!message) return;
              const headers = message.properties.headers ?? {};
              received.push({
                deadLetterId: headers['x-portal-dead-letter-id'],
                replayJob: headers['x-portal-replay-job'],
                messageId: message.properties.messageId,
                redelivered: message.fields.redelivered,
              });
              if (received.length >= messageCount) {
                clearTimeout(timer);
                resolve();
              }
            },
            { noAck: true },
          )
          .catch(reject);
      });
      return received;
    });
  }

  async dispose() {
    try {
      await this.admin.whenConnected(30_000);
      await this.admin.withChannel(async channel => {
        await channel.deleteQueue(this.names.queue);
        await channel.deleteQueue(this.names.deadLetterQueue);
        await channel.deleteExchange(this.names.exchange);
        await channel.deleteExchange(this.names.deadLetterExchange);
      });
    } finally {
      await this.admin.stop();
    }
  }
}

export function makeTempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dead-letter-resilience-'));
}
