import { LoggerService } from '@backstage/backend-plugin-api';
import type { Channel, ChannelModel } from 'amqplib';
import { BackoffOptions, settlesWithin } from './backoff';
import type { AmqpConnectionState } from './types';

/**
 * What consumers and publishers need from their environment.
 *
 * @internal
 */
export interface AmqpHost {
  readonly name: string;
  readonly logger: LoggerService;
  readonly backoff: BackoffOptions;
  readonly shutdownTimeoutMs: number;
  /** The open connection, only while the environment is `connected`. */
  currentModel(): ChannelModel | undefined;
  connectionState(): AmqpConnectionState;
  isStopped(): boolean;
  describeError(error: unknown): string;
}

/**
 * Something attached to a connection that must be told about connection
 * changes and shut down with the environment.
 *
 * @internal
 */
export interface AmqpResource {
  onConnected(model: ChannelModel): void;
  onConnectionLost(model: ChannelModel): void;
  shutdown(deadline: number): Promise<void>;
  abort(reason: string): void;
}

/**
 * Closes a channel without ever throwing, and without waiting forever: if the
 * connection dies while the close handshake is in flight amqplib never
 * resolves the close promise.
 *
 * @internal
 */
export async function closeChannelQuietly(
  channel: Channel,
  timeoutMs: number,
): Promise<void> {
  let closing: Promise<void>;
  try {
    closing = channel.close();
  } catch {
    return;
  }
  closing.catch(() => {});
  await settlesWithin(closing, timeoutMs);
}

/** @internal */
export function errorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** @internal */
export function isIllegalOperation(error: unknown): boolean {
  return (
    (error as { name?: unknown } | undefined)?.name === 'IllegalOperationError'
  );
}
