import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * How a plugin consumes a queue: deliveries the broker sends ahead
 * (`prefetch`) and how many are stored in one go (`batchSize`).
 *
 * @public
 */
export type ConsumerSettings = { prefetch: number; batchSize: number };

/**
 * Reads `prefetch` (default 500) and `batchSize` (default 250) of one
 * environment's config. A batch waits for its last delivery, so it cannot
 * be bigger than the prefetch; an `InputError` names `where` otherwise.
 *
 * @public
 */
export function readConsumerSettings(
  config: Config,
  where: string,
): ConsumerSettings {
  const prefetch = config.getOptionalNumber('prefetch') ?? 500;
  const batchSize = config.getOptionalNumber('batchSize') ?? 250;
  if (prefetch < 1 || batchSize < 1 || batchSize > prefetch) {
    throw new InputError(
      `${where}: prefetch and batchSize must be positive and batchSize <= prefetch`,
    );
  }
  return { prefetch, batchSize };
}
