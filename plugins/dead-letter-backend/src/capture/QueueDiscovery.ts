import { LoggerService } from '@backstage/backend-plugin-api';
import { AmqpEnvironments } from '@internal/amqp-node';
import { CaptureService } from './CaptureService';

/** Where and how to look for one environment's dead-letter queues. */
export type QueueDiscoveryConfig = {
  environment: string;
  /** Queue names matching it are captured. */
  pattern: RegExp;
  /** Base URL of the RabbitMQ management HTTP API. */
  managementUrl: string;
  vhost: string;
  username: string;
  password: string;
  intervalMs: number;
  prefetch: number;
  batchSize: number;
  messageTypeHeaders?: ReadonlyArray<string>;
};

/** How discovery is doing for one environment, for the UI. */
export type QueueDiscoveryStatus = {
  pattern: string;
  /** ISO 8601 time of the last successful listing. */
  lastListedAt?: string;
  lastError?: string;
  /** Queues found by the pattern and captured. */
  queues: string[];
};

type FetchLike = typeof fetch;

/**
 * Finds dead-letter queues by name pattern through the RabbitMQ management
 * API (AMQP cannot list queues) and has them captured; queues that disappear
 * stop being captured. A management API that cannot be reached is reported
 * and retried at the next interval; configured queues are captured anyway.
 */
export class QueueDiscovery {
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #state = new Map<
    string,
    { lastListedAt?: Date; lastError?: string; queues: Set<string> }
  >();
  #running = new Set<Promise<void>>();
  #stopped = false;

  constructor(
    private readonly options: {
      configs: QueueDiscoveryConfig[];
      capture: CaptureService;
      amqp: AmqpEnvironments;
      logger: LoggerService;
      fetch?: FetchLike;
    },
  ) {
    for (const config of options.configs) {
      this.#state.set(config.environment, { queues: new Set() });
    }
  }

  start() {
    this.#stopped = false;
    for (const config of this.options.configs) {
      const run = () => {
        if (this.#stopped) return;
        const running = this.runOnce(config.environment).finally(() =>
          this.#running.delete(running),
        );
        this.#running.add(running);
      };
      run();
      this.#timers.push(setInterval(run, config.intervalMs));
    }
  }

  async stop() {
    this.#stopped = true;
    this.#timers.forEach(timer => clearInterval(timer));
    this.#timers.length = 0;
    await Promise.all(this.#running);
  }

  status(environment: string): QueueDiscoveryStatus | undefined {
    const config = this.options.configs.find(
      c => c.environment === environment,
    );
    const state = this.#state.get(environment);
    if (!config || !state) return undefined;
    return {
      pattern: config.pattern.source,
      lastListedAt: state.lastListedAt?.toISOString(),
      lastError: state.lastError,
      queues: [...state.queues].sort(),
    };
  }

  /** Lists the queues once and starts or stops captures to match. */
  async runOnce(environment: string): Promise<void> {
    const config = this.options.configs.find(
      c => c.environment === environment,
    );
    const state = this.#state.get(environment);
    const broker = this.options.amqp.get(environment);
    if (!config || !state || !broker) return;
    let names: string[];
    try {
      names = await this.#listQueues(config);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (state.lastError !== message) {
        this.options.logger.warn(
          `Dead-letter queue discovery for '${environment}' failed: ${message}`,
        );
      }
      state.lastError = message;
      return;
    }
    state.lastError = undefined;
    state.lastListedAt = new Date();
    const matching = new Set(names.filter(name => config.pattern.test(name)));
    for (const queue of matching) {
      if (state.queues.has(queue)) continue;
      const added = this.options.capture.add({
        environment: broker,
        queue,
        prefetch: config.prefetch,
        batchSize: config.batchSize,
        flushIntervalMs: 50,
        messageTypeHeaders: config.messageTypeHeaders,
      });
      // A configured queue that also matches stays a configured one.
      if (added) {
        state.queues.add(queue);
        this.options.logger.info(
          `Capturing discovered dead-letter queue ${environment}/${queue}`,
        );
      }
    }
    for (const queue of [...state.queues]) {
      if (!matching.has(queue)) {
        state.queues.delete(queue);
        await this.options.capture.remove(environment, queue);
        this.options.logger.info(
          `Dead-letter queue ${environment}/${queue} is gone; no longer captured`,
        );
      }
    }
  }

  async #listQueues(config: QueueDiscoveryConfig): Promise<string[]> {
    const base = config.managementUrl.replace(/\/+$/, '');
    const url = `${base}/api/queues/${encodeURIComponent(
      config.vhost,
    )}?columns=name`;
    const fetchImpl = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await fetchImpl(url, {
        headers: {
          authorization: `Basic ${Buffer.from(
            `${config.username}:${config.password}`,
          ).toString('base64')}`,
          accept: 'application/json',
        },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } })?.cause?.code;
      throw new Error(
        `cannot reach the RabbitMQ management API at ${base}${
          cause ? ` (${cause})` : ''
        }; is the rabbitmq_management plugin enabled?`,
      );
    }
    if (response.status === 401) {
      throw new Error(
        `the RabbitMQ management API at ${base} refused the credentials (401)`,
      );
    }
    if (response.status === 404) {
      throw new Error(
        `vhost '${config.vhost}' does not exist on the RabbitMQ management API at ${base} (404)`,
      );
    }
    if (!response.ok) {
      throw new Error(
        `the RabbitMQ management API at ${base} answered ${response.status}`,
      );
    }
    const body = (await response.json()) as unknown;
    if (!Array.isArray(body)) {
      throw new Error(
        `the RabbitMQ management API at ${base} did not return a list of queues`,
      );
    }
    return body
      .map(q => (q as { name?: unknown })?.name)
      .filter((name): name is string => typeof name === 'string');
  }
}
