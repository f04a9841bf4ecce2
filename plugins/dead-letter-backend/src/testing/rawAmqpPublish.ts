import { connect, Socket } from 'node:net';

/**
 * A minimal AMQP 0-9-1 publisher for tests, speaking the protocol directly.
 *
 * amqplib encodes headers into a 64 KiB scratch buffer, so it cannot publish
 * what other clients (Java, .NET) can: a content header frame as large as
 * the broker's frame_max (128 KiB by default). This publisher can, so tests
 * can hand the portal the largest headers RabbitMQ accepts.
 */

export type RawHeaderValue =
  | string
  | number
  | boolean
  | null
  | Buffer
  | RawHeaderValue[]
  | { [key: string]: RawHeaderValue };

export type RawPublishMessage = {
  exchange: string;
  routingKey: string;
  body: Buffer;
  contentType?: string;
  messageId?: string;
  headers?: Record<string, RawHeaderValue>;
  /**
   * Fills the content header frame to exactly the frame_max the broker
   * offers: this header gets a string of `fill.text(bytes)`, cut to the
   * bytes left.
   */
  fill?: { header: string; text: (bytes: number) => string };
};

const FRAME_METHOD = 1;
const FRAME_HEADER = 2;
const FRAME_BODY = 3;
const FRAME_END = 0xce;

function shortString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > 255) {
    throw new RangeError(`short string of ${bytes.length} bytes`);
  }
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

function longBytes(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function fieldValue(value: RawHeaderValue): Buffer {
  if (value === null) {
    return Buffer.from('V');
  }
  if (typeof value === 'string') {
    return Buffer.concat([Buffer.from('S'), longBytes(Buffer.from(value))]);
  }
  if (typeof value === 'boolean') {
    return Buffer.from([0x74, value ? 1 : 0]);
  }
  if (typeof value === 'number') {
    const out = Buffer.alloc(9);
    if (Number.isSafeInteger(value)) {
      out.write('l');
      out.writeBigInt64BE(BigInt(value), 1);
    } else {
      out.write('d');
      out.writeDoubleBE(value, 1);
    }
    return out;
  }
  if (Buffer.isBuffer(value)) {
    return Buffer.concat([Buffer.from('x'), longBytes(value)]);
  }
  if (Array.isArray(value)) {
    return Buffer.concat([
      Buffer.from('A'),
      longBytes(Buffer.concat(value.map(fieldValue))),
    ]);
  }
  return Buffer.concat([Buffer.from('F'), table(value)]);
}

function table(value: Record<string, RawHeaderValue>): Buffer {
  return longBytes(
    Buffer.concat(
      Object.entries(value).flatMap(([key, item]) => [
        shortString(key),
        fieldValue(item),
      ]),
    ),
  );
}

function frame(type: number, channel: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(7);
  head.writeUInt8(type, 0);
  head.writeUInt16BE(channel, 1);
  head.writeUInt32BE(payload.length, 3);
  return Buffer.concat([head, payload, Buffer.from([FRAME_END])]);
}

function method(
  channel: number,
  classId: number,
  methodId: number,
  ...args: Buffer[]
): Buffer {
  const ids = Buffer.alloc(4);
  ids.writeUInt16BE(classId, 0);
  ids.writeUInt16BE(methodId, 2);
  return frame(FRAME_METHOD, channel, Buffer.concat([ids, ...args]));
}

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

type MethodFrame = { classId: number; methodId: number; args: Buffer };

/** Reads method frames off a socket, one awaited method at a time. */
class FrameReader {
  private pending = Buffer.alloc(0);
  private readonly frames: MethodFrame[] = [];
  private waiter?: () => void;
  private failure?: Error;

  constructor(socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.pending = Buffer.concat([this.pending, data]);
      while (this.pending.length >= 7) {
        const size = this.pending.readUInt32BE(3);
        if (this.pending.length < size + 8) break;
        if (this.pending.readUInt8(0) === FRAME_METHOD) {
          const payload = this.pending.subarray(7, 7 + size);
          this.frames.push({
            classId: payload.readUInt16BE(0),
            methodId: payload.readUInt16BE(2),
            args: Buffer.from(payload.subarray(4)),
          });
        }
        this.pending = this.pending.subarray(size + 8);
      }
      this.waiter?.();
    });
    const fail = (error: Error) => {
      this.failure = error;
      this.waiter?.();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  async expect(classId: number, methodId: number): Promise<MethodFrame> {
    for (;;) {
      const next = this.frames.shift();
      if (next) {
        if (next.classId === classId && next.methodId === methodId) {
          return next;
        }
        if (
          (next.classId === 10 && next.methodId === 50) ||
          (next.classId === 20 && next.methodId === 40)
        ) {
          const code = next.args.readUInt16BE(0);
          const text = next.args.subarray(3, 3 + next.args.readUInt8(2));
          throw new Error(`broker closed: ${code} ${text.toString()}`);
        }
        continue;
      }
      if (this.failure) {
        throw this.failure;
      }
      await new Promise<void>(resolve => {
        this.waiter = resolve;
      });
      this.waiter = undefined;
    }
  }
}

/** The payload of the content header frame of `message`. */
function contentHeader(
  message: RawPublishMessage,
  headers: Record<string, RawHeaderValue> | undefined,
): Buffer {
  // Property flags in protocol order: content-type (bit 15), headers
  // (bit 13), delivery-mode (bit 12), message-id (bit 7).
  let flags = 1 << 12;
  const properties: Buffer[] = [];
  if (message.contentType !== undefined) {
    flags |= 1 << 15;
    properties.push(shortString(message.contentType));
  }
  if (headers !== undefined) {
    flags |= 1 << 13;
    properties.push(table(headers));
  }
  properties.push(u8(2));
  if (message.messageId !== undefined) {
    flags |= 1 << 7;
    properties.push(shortString(message.messageId));
  }
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(message.body.length));
  return Buffer.concat([u16(60), u16(0), size, u16(flags), ...properties]);
}

/** The longest prefix of `text` that is at most `bytes` UTF-8 bytes. */
function cutToBytes(text: string, bytes: number): string {
  const codePoints = Array.from(text);
  let out = '';
  let used = 0;
  for (const codePoint of codePoints) {
    const length = Buffer.byteLength(codePoint);
    if (used + length > bytes) break;
    out += codePoint;
    used += length;
  }
  return out;
}

/**
 * Publishes one message with publisher confirms on a fresh connection and
 * resolves, with the headers sent, once the broker has acknowledged it.
 */
export async function rawAmqpPublish(
  url: string,
  message: RawPublishMessage,
): Promise<{ headers?: Record<string, RawHeaderValue>; frameMax: number }> {
  const parsed = new URL(url);
  const vhost = decodeURIComponent(parsed.pathname.slice(1)) || '/';
  const socket = connect({
    host: parsed.hostname,
    port: Number(parsed.port || 5672),
  });
  const reader = new FrameReader(socket);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]));

    await reader.expect(10, 10); // connection.start
    const credentials = `\u0000${decodeURIComponent(
      parsed.username,
    )}\u0000${decodeURIComponent(parsed.password)}`;
    socket.write(
      method(
        0,
        10,
        11, // connection.start-ok
        table({}),
        shortString('PLAIN'),
        longBytes(Buffer.from(credentials)),
        shortString('en_US'),
      ),
    );
    const tune = await reader.expect(10, 30);
    const channelMax = tune.args.readUInt16BE(0);
    const frameMax = tune.args.readUInt32BE(2);
    socket.write(method(0, 10, 31, u16(channelMax), u32(frameMax), u16(0)));
    socket.write(method(0, 10, 40, shortString(vhost), shortString(''), u8(0)));
    await reader.expect(10, 41); // connection.open-ok

    socket.write(method(1, 20, 10, shortString(''))); // channel.open
    await reader.expect(20, 11);
    socket.write(method(1, 85, 10, u8(0))); // confirm.select
    await reader.expect(85, 11);

    socket.write(
      method(
        1,
        60,
        40, // basic.publish
        u16(0),
        shortString(message.exchange),
        shortString(message.routingKey),
        u8(0),
      ),
    );
    // A frame is its payload plus 8 octets of type, channel, size and end.
    const maxPayload = (frameMax || 131072) - 8;
    let headers = message.headers;
    if (message.fill) {
      const { header, text } = message.fill;
      const base = { ...headers, [header]: '' };
      const room = maxPayload - contentHeader(message, base).length;
      headers = { ...base, [header]: cutToBytes(text(room), room) };
    }
    socket.write(frame(FRAME_HEADER, 1, contentHeader(message, headers)));
    const maxBody = maxPayload;
    for (let at = 0; at < message.body.length; at += maxBody) {
      socket.write(
        frame(FRAME_BODY, 1, message.body.subarray(at, at + maxBody)),
      );
    }
    await reader.expect(60, 80); // basic.ack

    socket.write(method(0, 10, 50, u16(200), shortString('done'), u32(0)));
    await reader.expect(10, 51);
    return { headers, frameMax };
  } finally {
    socket.destroy();
  }
}
