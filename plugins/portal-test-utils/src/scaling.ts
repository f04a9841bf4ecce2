import { performance } from 'node:perf_hooks';

const fastest = (values: number[]) => Math.min(...values);

/** Below this ratio (inputs 10x apart) a measurement needs no second look. */
const CLEARLY_LINEAR = 15;

/**
 * How many times longer one `run` of `large` takes than one of `small`,
 * measured in this run (no clock constants): for inputs 10x apart, about 10
 * when linear and 100 when quadratic. Each sample of the small input runs it
 * as many times as it takes to cover the large one's length (so the clock's
 * resolution does not matter); the fastest of several samples after a
 * warm-up is taken, since other work on a loaded CI machine (other test
 * workers, garbage collection of earlier samples) only ever adds time; a
 * ratio that is not clearly linear is measured up to twice more and the
 * lowest kept.
 */
export function timeRatio(
  run: (input: string) => void,
  small: string,
  large: string,
  samples = 7,
): number {
  let best = measureRatio(run, small, large, samples);
  // A pause that hits every sample of one size (another worker's burst, a
  // major collection) can make linear work look quadratic once; it does not
  // do so three times in a row, while quadratic work always does.
  for (let attempt = 1; attempt < 3 && best > CLEARLY_LINEAR; attempt++) {
    best = Math.min(best, measureRatio(run, small, large, samples));
  }
  return best;
}

function measureRatio(
  run: (input: string) => void,
  small: string,
  large: string,
  samples: number,
): number {
  const repeat = Math.max(1, Math.round(large.length / small.length));
  const once = (input: string) => {
    try {
      run(input);
    } catch {
      // Refusing the input is an answer too: what counts is how fast.
    }
  };
  for (let i = 0; i < 3; i++) {
    once(small);
    once(large);
  }
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  for (let i = 0; i < samples; i++) {
    let start = performance.now();
    for (let r = 0; r < repeat; r++) once(small);
    smallTimes.push(performance.now() - start);
    start = performance.now();
    once(large);
    largeTimes.push(performance.now() - start);
  }
  return fastest(largeTimes) / (Math.max(fastest(smallTimes), 1e-3) / repeat);
}

/** `unit` repeated to `length` characters. */
export const repeatTo = (unit: string, length: number) =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
