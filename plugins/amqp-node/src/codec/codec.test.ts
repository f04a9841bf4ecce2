import { PUBLISH_ID_HEADER } from '../ConfirmPublisher';
import { fromJsonSafe, toJsonSafe, toJsonSafeObject } from './jsonSafe';
import { republishOptions } from './republish';

describe('stored message codec', () => {
  it('stores binary as base64 and gives it back as a Buffer', () => {
    const headers = {
      b: Buffer.from('bytes'),
      a: [1, Buffer.from([0, 255])],
      t: { '!': 'timestamp', value: 1700000000 },
    };
    const stored = toJsonSafeObject(headers);
    expect(JSON.stringify(stored)).toBe(
      '{"a":[1,{"$binary":"AP8="}],"b":{"$binary":"Ynl0ZXM="},"t":{"!":"timestamp","value":1700000000}}',
    );
    expect(fromJsonSafe(JSON.parse(JSON.stringify(stored)))).toEqual(headers);
  });

  it('never throws on values JSON cannot hold', () => {
    const cycle: Record<string, unknown> = { n: NaN, big: 10n };
    cycle.self = cycle;
    expect(toJsonSafe(cycle)).toEqual({
      big: '10',
      n: 'NaN',
      self: '[Circular]',
    });
    expect(toJsonSafeObject('not a table')).toEqual({});
  });

  it('republishes without the broker headers, with the given properties', () => {
    const stored = {
      headers: {
        'x-death': [{ count: 1 }],
        'X-First-Death-Queue': 'q',
        'x-last-death-reason': 'rejected',
        [PUBLISH_ID_HEADER]: 'old',
        tenant: { $binary: Buffer.from('t').toString('base64') },
      },
      properties: {
        messageId: 'm-1',
        expiration: '60000',
        userId: 'someone',
        priority: null,
      },
    };
    expect(republishOptions(stored, { headers: { replayed: 1 } })).toEqual({
      headers: { tenant: Buffer.from('t'), replayed: 1 },
      messageId: 'm-1',
      expiration: '60000',
    });
    expect(
      republishOptions(stored, { headers: {}, properties: ['messageId'] }),
    ).toEqual({ headers: { tenant: Buffer.from('t') }, messageId: 'm-1' });
  });
});
