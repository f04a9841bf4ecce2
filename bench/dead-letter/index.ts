/*
 * Dead-letter capture, replay and list performance against the real broker
 * and Postgres. See bench/README.md. The phases: capture.ts, replay.ts and
 * list.ts.
 */
import { Knex } from 'knex';
import type { AmqpEnvironment } from '@internal/amqp-node';
import { connectEnvironment, deleteVhost, recreateVhost } from '../lib/amqp';
import { dropDatabase, recreateDatabase } from '../lib/postgres';
import { Metric, progress, reportResults } from '../lib/results';
import { runBench } from '../lib/run';
import { benchCapture } from './capture';
import { benchList } from './list';
import { benchReplay } from './replay';
import {
  CAPTURE_MESSAGES,
  DATABASE,
  ENVIRONMENT,
  KEEP,
  LIST_ROWS,
  LIST_RUNS,
  PHASES,
  REPLAY_MESSAGES,
  VHOST,
  openStore,
} from './settings';

async function main() {
  const metrics: Record<string, Metric> = {};
  const amqpPhases = PHASES.has('capture') || PHASES.has('replay');
  progress(
    `dead-letter bench: phases ${[...PHASES].join(
      ', ',
    )}; capture ${CAPTURE_MESSAGES}, replay ${REPLAY_MESSAGES}, list ${LIST_ROWS} rows x ${LIST_RUNS} runs`,
  );

  let environment: AmqpEnvironment | undefined;
  let knex: Knex | undefined;
  try {
    if (amqpPhases) {
      knex = await recreateDatabase(DATABASE);
      const store = await openStore(knex);
      recreateVhost(VHOST);
      environment = await connectEnvironment(ENVIRONMENT, VHOST);
      await benchCapture(environment, store, knex, metrics);
      if (PHASES.has('replay')) {
        await benchReplay(environment, store, knex, metrics);
      }
    }
    if (PHASES.has('list')) {
      await benchList(metrics);
    }
  } finally {
    await environment?.stop();
    await knex?.destroy();
    if (!KEEP && amqpPhases) {
      await dropDatabase(DATABASE);
      deleteVhost(VHOST);
    }
  }

  reportResults('dead-letter', metrics);
}

runBench(main);
