import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { parseRequest } from './parseRequest';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe.each([
  ['zod v4', z],
  ['zod v3', z3 as unknown as typeof z],
])('parseRequest (%s)', (_name, zod) => {
  const schema = zod.object({
    limit: zod.coerce.number().int().max(500),
    target: zod.object({ queue: zod.string() }).strict().optional(),
  });

  it('returns the parsed value', () => {
    const parsed: { limit: number } = parseRequest(schema, { limit: '5' });
    expect(parsed).toEqual({ limit: 5 });
  });

  it('names every problem by its field path', () => {
    expect(
      messageOf(() =>
        parseRequest(schema, { limit: 501, target: { queue: 1 } }),
      ),
    ).toMatch(/^Invalid request: limit: .+; target\.queue: .+$/);
  });

  it('refuses unknown keys at the top and in strict nested objects', () => {
    expect(
      messageOf(() =>
        parseRequest(schema, { limit: 1, colour: 'red' }, 'query'),
      ),
    ).toBe('Invalid request: query: unknown parameter(s) colour');
    expect(
      messageOf(() =>
        parseRequest(schema, { limit: 1, target: { queue: 'q', x: 1 } }),
      ),
    ).toBe('Invalid request: target: unknown parameter(s) x');
  });

  it('names the part itself when the whole of it is wrong', () => {
    expect(messageOf(() => parseRequest(schema, 'text'))).toMatch(
      /^Invalid request: body: /,
    );
    expect(
      messageOf(() => parseRequest(zod.string().uuid(), 'x', 'id')),
    ).toMatch(/^Invalid request: id: /);
  });

  it('keeps an explicit passthrough', () => {
    expect(
      parseRequest(schema.passthrough(), { limit: 1, colour: 'red' }),
    ).toEqual({ limit: 1, colour: 'red' });
  });
});
