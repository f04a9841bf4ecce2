import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { AmqpEnvironments, ConfirmPublisher } from '@internal/amqp-node';
import { ReconstitutionJob } from '@internal/backstage-plugin-reconstitution-common';
import type { ReconstitutionEventSource } from '@internal/backstage-plugin-reconstitution-node';
import { JobStore } from '../database/JobStore';
import { toJob } from '../database/jobRow';
import { JobRun } from './JobRun';

export type JobWorkerOptions = {
  jobs: JobStore;
  sources: Map<string, ReconstitutionEventSource>;
  amqp: AmqpEnvironments;
  logger: LoggerService;
  environments: string[];
  /** Events published and not yet confirmed, at most. */
  window?: number;
  pollIntervalMs?: number;
  staleAfterMs?: number;
  workerId?: string;
  /** Told when a job this worker ran has ended. */
  onJobEnded?: (job: ReconstitutionJob) => Promise<void>;
};

/**
 * Runs reconstitution jobs: one instance claims a job (atomically), checks
 * the receiver's queue, and publishes the selected events to it through the
 * default exchange, in order, with publisher confirms and a bounded window
 * of unconfirmed events (one run: JobRun). It records the last confirmed
 * position as it goes, so a job whose instance died resumes there on
 * another.
 */
export class JobWorker {
  readonly workerId: string;
  readonly #publishers = new Map<string, ConfirmPublisher>();
  readonly #window: number;
  readonly #pollIntervalMs: number;
  readonly #staleAfterMs: number;
  #timer?: NodeJS.Timeout;
  #running?: Promise<unknown>;
  #stopped = false;

  constructor(private readonly options: JobWorkerOptions) {
    this.workerId = options.workerId ?? `reconstitution-${randomUUID()}`;
    this.#window = options.window ?? 1000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#staleAfterMs = options.staleAfterMs ?? 30_000;
  }

  start() {
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      this.#running = this.runOnce()
        .catch(error =>
          this.options.logger.error(`Reconstitution worker failed: ${error}`),
        )
        .then(ran => {
          this.#running = undefined;
          if (!this.#stopped) {
            // Straight on to the next job when one ran.
            this.#timer = setTimeout(tick, ran ? 0 : this.#pollIntervalMs);
          }
        });
    };
    this.#timer = setTimeout(tick, 0);
  }

  async stop() {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** Claims and runs one job; returns its id, or undefined when idle. */
  async runOnce(): Promise<string | undefined> {
    const environments = this.options.environments.filter(
      e => this.options.amqp.get(e)?.status().state === 'connected',
    );
    const claimed = await this.options.jobs.claim({
      environments,
      workerId: this.workerId,
      staleBefore: new Date(Date.now() - this.#staleAfterMs),
    });
    if (!claimed) return undefined;
    const { row, resumed } = claimed;
    const run = new JobRun(
      {
        jobs: this.options.jobs,
        logger: this.options.logger,
        workerId: this.workerId,
        window: this.#window,
        staleAfterMs: this.#staleAfterMs,
        source: this.options.sources.get(row.source),
        environment: this.options.amqp.get(row.environment)!,
        publisher: () => this.#publisher(row.environment),
        stopped: () => this.#stopped,
        ended: jobId => this.#ended(jobId),
      },
      row,
      resumed,
    );
    await run.run();
    return row.id;
  }

  async #ended(jobId: string) {
    const row = await this.options.jobs.row(jobId);
    if (!row || !this.options.onJobEnded) return;
    try {
      await this.options.onJobEnded(toJob(row));
    } catch (error) {
      this.options.logger.warn(
        `Could not tell the creator of job ${jobId} that it ended: ${error}`,
      );
    }
  }

  #publisher(environment: string): ConfirmPublisher {
    let publisher = this.#publishers.get(environment);
    if (!publisher) {
      publisher = this.options.amqp
        .get(environment)!
        .publisher({ maxInFlight: this.#window });
      this.#publishers.set(environment, publisher);
    }
    return publisher;
  }
}
