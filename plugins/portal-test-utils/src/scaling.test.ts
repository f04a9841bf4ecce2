import { repeatTo, timeRatio } from './scaling';

describe('repeatTo', () => {
  it('repeats a unit to exactly the length asked, cutting the last copy', () => {
    expect(repeatTo('ab', 5)).toBe('ababa');
    expect(repeatTo('{{ ', 7)).toBe('{{ {{ {');
    expect(repeatTo('x', 0)).toBe('');
  });
});

describe('timeRatio', () => {
  // Work proportional to the input's length, and to its square.
  const linear = (input: string) => {
    let sum = 0;
    for (let i = 0; i < input.length; i++) sum += input.charCodeAt(i);
    return sum;
  };
  const quadratic = (input: string) => {
    let sum = 0;
    for (let i = 0; i < input.length; i++) {
      for (let j = i; j < input.length; j++) sum += input.charCodeAt(j);
    }
    return sum;
  };

  it('tells quadratic work from linear work on inputs 10x apart', () => {
    const small = repeatTo('a', 500);
    const large = repeatTo('a', 5_000);
    const linearRatio = timeRatio(s => void linear(s), small, large);
    const quadraticRatio = timeRatio(s => void quadratic(s), small, large);
    // Both are measured in this run, so only their relation is asserted.
    expect(quadraticRatio).toBeGreaterThan(3 * linearRatio);
  });

  it('times a run that throws instead of failing', () => {
    const ratio = timeRatio(
      () => {
        throw new Error('refused');
      },
      'a',
      'aa',
    );
    expect(Number.isFinite(ratio)).toBe(true);
  });
});
