/*
 * The dead-letter bench's options and the names it declares: its vhost and
 * databases, the application queues whose messages die, the dead-letter
 * queues, and the plugin's own defaults.
 */
import { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { DeadLetterDatabase } from '../../plugins/dead-letter-backend/src/database';
import { readDeadLetterConfig } from '../../plugins/dead-letter-backend/src/config';
import { databaseService } from '../lib/postgres';
import { numberEnv, phasesEnv } from '../lib/run';

export const VHOST = 'portal-bench';
export const DATABASE = 'portal_bench';
/** The 1M-row list dataset; kept between runs (loading it takes minutes). */
export const LIST_DATABASE = 'portal_bench_list';
export const ENVIRONMENT = 'bench';

export const CAPTURE_MESSAGES = numberEnv('BENCH_CAPTURE_MESSAGES', 100_000);
export const REPLAY_MESSAGES = numberEnv('BENCH_REPLAY_MESSAGES', 20_000);
export const LIST_ROWS = numberEnv('BENCH_LIST_ROWS', 1_000_000);
export const LIST_RUNS = numberEnv('BENCH_LIST_RUNS', 50);
export const PHASES = phasesEnv('capture,replay,list');
export const KEEP = process.env.BENCH_KEEP === '1';
/**
 * Reuse the list dataset of an earlier run when it was built the same way
 * ('force': even when not, to try out queries).
 */
export const LIST_REUSE = process.env.BENCH_LIST_REUSE !== '0';
export const LIST_REUSE_ANY = process.env.BENCH_LIST_REUSE === 'force';

/** The plugin's defaults, so the bench follows them when they change. */
export const PLUGIN_DEFAULTS = readDeadLetterConfig(
  new ConfigReader({
    deadLetter: { environments: { [ENVIRONMENT]: { queues: ['x'] } } },
  }),
).environments[0];
/** What ReplayWorker gives its ConfirmPublisher. */
export const REPLAY_IN_FLIGHT = 500;

export const DLX = 'dead-letters.dlx';
/** Both bound to the DLX: every dead letter lands in each, identically. */
export const RAW_DLQ = 'dead-letters.raw';
export const CAPTURE_DLQ = 'dead-letters';
export const REPLAY_TARGET = 'bench.replay.target';

export type SourceQueue = {
  queue: string;
  exchange: string;
  routingKey: string;
  type: string;
  exception: string;
  app: string;
  owner: string;
  /** How RabbitMQ dead-letters its messages: a consumer rejects, or TTL 0. */
  death: 'rejected' | 'expired';
};

export const SOURCES: SourceQueue[] = [
  source('orders', 'processing', 'order.placed', 'OrderPlaced', 'rejected'),
  source(
    'payments',
    'settlement',
    'payment.settled',
    'PaymentSettled',
    'rejected',
  ),
  source(
    'cards',
    'authorisation',
    'card.authorised',
    'CardAuthorised',
    'rejected',
  ),
  source('ledger', 'postings', 'ledger.posted', 'EntryPosted', 'expired'),
  source(
    'notifications',
    'email',
    'email.requested',
    'EmailRequested',
    'expired',
  ),
  source('fraud', 'screening', 'fraud.screen', 'ScreeningRequested', 'expired'),
  source('fx', 'quotes', 'fx.quoted', 'QuoteIssued', 'expired'),
];

function source(
  domain: string,
  stage: string,
  routingKey: string,
  event: string,
  death: SourceQueue['death'],
): SourceQueue {
  return {
    queue: `${domain}.${stage}`,
    exchange: `meridian.${domain}`,
    routingKey,
    type: `com.meridian.${domain}.${event}.v2`,
    exception: `${event.replace(/[A-Z][a-z]+$/, '')}ValidationException`,
    app: `${domain}-${stage}-service`,
    owner: `squad-${domain}`,
    death,
  };
}

export async function openStore(knex: Knex): Promise<DeadLetterDatabase> {
  return DeadLetterDatabase.create({ database: databaseService(knex) });
}
