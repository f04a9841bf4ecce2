import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { DeadLetterSummary } from '@internal/backstage-plugin-dead-letter-common';
import { Knex } from 'knex';
import { parseDeadLetter } from '../../capture/parseDeadLetter';
import { DeadLetterDatabase } from '../DeadLetterDatabase';
import type { MessageQueries } from '../MessageQueries';
import type { MessageWriter } from '../MessageWriter';
import type { DeadLetterToInsert } from '../types';

export const TABLE = 'dead_letter_messages';
export const T0 = new Date('2026-11-21T10:00:00.000Z');
export const hour = 60 * 60 * 1000;

export type Spec = {
  environment?: string;
  deadLetterQueue?: string;
  sourceQueue?: string;
  reason?: string;
  messageType?: string;
  messageId?: string;
  exceptionType?: string;
  body?: Buffer | string;
  headers?: Record<string, any>;
  redelivered?: boolean;
  componentRef?: string;
  ownerRef?: string;
};

/** A captured message built the way capture builds them. */
export function captured(spec: Spec = {}): DeadLetterToInsert {
  const sourceQueue = spec.sourceQueue ?? 'orders';
  const reason = spec.reason ?? 'rejected';
  const parsed = parseDeadLetter(
    {
      content:
        typeof spec.body === 'string'
          ? Buffer.from(spec.body)
          : spec.body ?? Buffer.from('{"orderId":1}'),
      fields: { redelivered: spec.redelivered ?? false },
      properties: {
        contentType: 'application/json',
        messageId: spec.messageId,
        type: spec.messageType ?? 'OrderPlaced',
        headers: {
          'x-death': [
            {
              count: 1,
              reason,
              queue: sourceQueue,
              time: { '!': 'timestamp', value: T0.getTime() / 1000 },
              exchange: `${sourceQueue}.exchange`,
              'routing-keys': [`${sourceQueue}.key`],
            },
          ],
          'x-first-death-queue': sourceQueue,
          'x-first-death-reason': reason,
          'x-first-death-exchange': `${sourceQueue}.exchange`,
          ...(spec.exceptionType
            ? { 'x-exception-type': spec.exceptionType }
            : {}),
          ...spec.headers,
        },
      },
    },
    {
      environment: spec.environment ?? 'prod',
      deadLetterQueue: spec.deadLetterQueue ?? `${sourceQueue}.dlq`,
    },
  );
  return {
    ...parsed,
    componentRef: spec.componentRef,
    ownerRef: spec.ownerRef,
  };
}

/** A migrated database of the given kind. */
export async function createDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  const knex = await databases.init(databaseId);
  const database = await DeadLetterDatabase.create({
    database: mockServices.database({ knex }),
  });
  return { knex, database };
}

/**
 * The real databases of the MessageQueries tests, and the stores they use
 * on one of them: `store` is the queries under test.
 */
export function useMessageQueries() {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: TestDatabaseId) {
    const { knex, database } = await createDatabase(databases, databaseId);
    return {
      knex,
      store: database.queries,
      messages: database.messages,
      search: database.search,
    };
  }

  return { databases, createStore };
}

/** Inserts one message per spec (one batch) and returns their ids, in order. */
export async function seed(
  knex: Knex,
  messages: MessageWriter,
  specs: Spec[],
): Promise<string[]> {
  const batch = specs.map(captured);
  const result = await messages.insertCaptured(batch);
  expect(result).toEqual({ inserted: specs.length, duplicates: 0 });
  const byHash = new Map<string, string[]>();
  for (const row of await knex(TABLE).select('id', 'content_hash')) {
    const list = byHash.get(row.content_hash) ?? [];
    list.push(String(row.id));
    byHash.set(row.content_hash, list);
  }
  const ids = batch.map(m => byHash.get(m.contentHash)!.shift()!);
  expect(new Set(ids).size).toBe(specs.length);
  return ids;
}

export async function setCapturedAt(knex: Knex, id: string, at: Date) {
  await knex(TABLE).where({ id }).update({ captured_at: at });
}

/** Every message matching the query, page by page. */
export async function listAll(
  queries: MessageQueries,
  query: Omit<Parameters<MessageQueries['list']>[0], 'limit'> = {},
): Promise<DeadLetterSummary[]> {
  const items: DeadLetterSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await queries.list({ ...query, limit: 500, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
