import { DeadLetterDatabase } from '../database';
import { DeadLetterToInsert } from '../database/types';
import { parseDeadLetter } from '../capture/parseDeadLetter';
import { Names } from './broker';

/**
 * A message RabbitMQ dead-lettered out of `names.queue` (rejected, unless
 * `reason` says otherwise) as the capture parses it from the dev
 * environment's `names.deadLetterQueue`; its body is its message id.
 */
export function deadLetteredFrom(
  names: Names,
  body: string,
  options: { reason?: string; headers?: Record<string, unknown> } = {},
) {
  const reason = options.reason ?? 'rejected';
  return parseDeadLetter(
    {
      content: Buffer.from(body),
      fields: { redelivered: false },
      properties: {
        contentType: 'application/json',
        messageId: body,
        headers: {
          'x-first-death-queue': names.queue,
          'x-first-death-reason': reason,
          'x-first-death-exchange': names.exchange,
          'x-death': [
            {
              queue: names.queue,
              reason,
              count: 1,
              exchange: names.exchange,
              'routing-keys': [names.routingKey],
            },
          ],
          ...options.headers,
        },
      },
    },
    { environment: 'dev', deadLetterQueue: names.deadLetterQueue },
  );
}

/** Stores a dead letter; its summary as the list finds it by message id. */
export async function store(
  database: DeadLetterDatabase,
  message: DeadLetterToInsert,
) {
  await database.messages.insertCaptured([message]);
  const { items } = await database.queries.list({
    environment: message.environment,
    limit: 100,
  });
  return items.find(m => m.messageId === message.messageId)!;
}
