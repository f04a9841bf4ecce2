import { storableText } from './storableText';

describe('storableText', () => {
  it('removes NUL and replaces lone surrogates, keeping pairs', () => {
    expect(storableText('party\u0000-1\u0000')).toBe('party-1');
    expect(storableText('\u0000')).toBe('');
    expect(storableText('a\ud800b')).toBe('a\ufffdb');
    expect(storableText('a\udc00')).toBe('a\ufffd');
    expect(storableText('end\ud83d')).toBe('end\ufffd');
    expect(storableText('ok \ud83d\ude00 \u0000')).toBe('ok \ud83d\ude00 ');
  });

  it('returns clean text as it is', () => {
    const text = 'organisation.organisation-party.PartyUpdated ü 😀';
    expect(storableText(text)).toBe(text);
    expect(Buffer.from(storableText('x\ud800y'), 'utf8').toString()).toBe(
      'x\ufffdy',
    );
  });
});
