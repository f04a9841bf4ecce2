import { randomUUID } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AmqpEnvironment,
  declareDeadLetterTopology,
} from '@internal/amqp-node';

export const amqpUrl =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Names of a dead-letter topology of this run's own (a processing queue
 * dead-lettering into its DLQ), so tests sharing the broker never meet.
 */
export function topologyNames(prefix: string, routingKey = 'order.created') {
  const suffix = randomUUID().slice(0, 8);
  return {
    /** For more names of this run's own. */
    suffix,
    exchange: `test.${prefix}.${suffix}`,
    queue: `${prefix}.processing.${suffix}`,
    deadLetterExchange: `test.${prefix}.dlx.${suffix}`,
    deadLetterQueue: `${prefix}.processing.${suffix}.dlq`,
    routingKey,
  };
}

export type Names = ReturnType<typeof topologyNames>;

/** A connection to the real broker, to set up and inspect queues. */
export async function connectBroker() {
  const admin = AmqpEnvironment.create({
    name: 'admin',
    url: amqpUrl,
    logger: mockServices.logger.mock(),
  });
  admin.start();
  await admin.whenConnected(10_000);
  return admin;
}

/** A connection to the real broker with the topology declared on it. */
export async function connectAdmin(names: Names) {
  const admin = await connectBroker();
  await admin.withChannel(channel => declareDeadLetterTopology(channel, names));
  return admin;
}

/** Deletes the topology and closes the connection. */
export async function removeTopology(admin: AmqpEnvironment, names: Names) {
  await admin.withChannel(async ch => {
    await ch.deleteQueue(names.queue);
    await ch.deleteQueue(names.deadLetterQueue);
    await ch.deleteExchange(names.exchange);
    await ch.deleteExchange(names.deadLetterExchange);
  });
  await admin.stop();
}

export async function queueDepth(admin: AmqpEnvironment, queue: string) {
  return admin.withChannel(
    async ch => (await ch.checkQueue(queue)).messageCount,
  );
}

/** Waits (up to 30 s) for a queue to hold `depth` messages; the last depth seen. */
export async function waitForDepth(
  admin: AmqpEnvironment,
  queue: string,
  depth: number,
) {
  let current = -1;
  for (let attempt = 0; attempt < 150 && current !== depth; attempt++) {
    current = await queueDepth(admin, queue);
    if (current !== depth) await sleep(200);
  }
  return current;
}
