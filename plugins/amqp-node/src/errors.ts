/**
 * The broker returned a mandatory publish (`basic.return`) because no queue
 * was bound to receive it. The message was NOT delivered anywhere.
 *
 * @public
 */
export class UnroutableError extends Error {
  readonly name = 'UnroutableError';
  /** AMQP reply code from `basic.return` (312 NO_ROUTE for unroutable messages). */
  readonly replyCode?: number;
  /** AMQP reply text from `basic.return`, e.g. `NO_ROUTE`. */
  readonly replyText?: string;

  constructor(
    message: string,
    details?: { replyCode?: number; replyText?: string },
  ) {
    super(message);
    this.replyCode = details?.replyCode;
    this.replyText = details?.replyText;
  }
}

/**
 * The broker negatively acknowledged (`basic.nack`) a publish. The message
 * must be treated as NOT published.
 *
 * @public
 */
export class PublishNackError extends Error {
  readonly name = 'PublishNackError';
}

/**
 * The channel (or the whole connection) went away before the broker confirmed
 * the publish, or no channel could be obtained at all. The outcome is unknown:
 * the caller must treat the message as NOT confirmed (it may or may not have
 * been routed).
 *
 * @public
 */
export class ChannelClosedError extends Error {
  readonly name = 'ChannelClosedError';
  /**
   * AMQP reply code of the channel/connection close that caused this error,
   * when known (e.g. 404 when publishing to a missing exchange).
   */
  readonly code?: number;

  constructor(message: string, details?: { code?: number }) {
    super(message);
    this.code = details?.code;
  }
}
