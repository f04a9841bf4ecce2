import { parseDeadLetter } from './parseDeadLetter';
import {
  amqplibDeathHeaders,
  context,
  message as rawMessage,
} from './__testUtils__/rawMessages';

/** A dead letter whose producer left the `type` property empty. */
const message = (overrides: Parameters<typeof rawMessage>[0] = {}) =>
  rawMessage({
    ...overrides,
    properties: { type: undefined, ...overrides.properties },
  });

describe('parseDeadLetter message type', () => {
  it('reads the type property first', () => {
    const parsed = parseDeadLetter(
      message({
        properties: { type: 'OrderPlaced' },
        headers: { ...amqplibDeathHeaders(), 'event-name': 'Ignored' },
      }),
      context,
    );
    expect(parsed.messageType).toBe('OrderPlaced');
  });

  it("reads the organisation's event-name header when the property is empty", () => {
    const parsed = parseDeadLetter(
      message({
        headers: {
          ...amqplibDeathHeaders(),
          'Event-Name': ' OrganisationPartyCreated\nsecond line',
        },
      }),
      context,
    );
    expect(parsed.messageType).toBe('OrganisationPartyCreated');
  });

  it('takes the first non-empty header in the configured order', () => {
    const headers = {
      ...amqplibDeathHeaders(),
      'x-kind': 'FromKind',
      'x-name': '',
      'event-name': 'FromDefault',
    };
    const configured = parseDeadLetter(message({ headers }), {
      ...context,
      messageTypeHeaders: ['x-name', 'x-kind'],
    });
    expect(configured.messageType).toBe('FromKind');
    // Configured names replace the defaults.
    const none = parseDeadLetter(message({ headers }), {
      ...context,
      messageTypeHeaders: ['x-absent'],
    });
    expect(none.messageType).toBeUndefined();
  });

  it('groups messages by the type read from a header', () => {
    const of = (type: string) =>
      parseDeadLetter(
        message({ headers: { ...amqplibDeathHeaders(), eventName: type } }),
        context,
      ).groupFingerprint;
    expect(of('A')).toBe(of('A'));
    expect(of('A')).not.toBe(of('B'));
  });

  it('ignores values that are not text and cuts long ones to a short string', () => {
    const notText = parseDeadLetter(
      message({
        headers: {
          ...amqplibDeathHeaders(),
          'event-name': { nested: true },
          eventType: 'Fallback\u0000',
        },
      }),
      context,
    );
    expect(notText.messageType).toBe('Fallback');
    const long = parseDeadLetter(
      message({
        headers: { ...amqplibDeathHeaders(), 'event-name': 'x'.repeat(10_000) },
      }),
      context,
    );
    expect(long.messageType).toHaveLength(255);
  });
});
