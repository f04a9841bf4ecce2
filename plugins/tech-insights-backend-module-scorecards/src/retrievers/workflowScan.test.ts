import { repeatTo, timeRatio } from '@internal/portal-test-utils';
import { factsOfRepository, runsTestCommand } from './githubFactRetriever';

/**
 * The regex `runsTestCommand` replaces, kept as the reference of what it
 * detects (on short lines only: it is quadratic on long ones).
 */
const REFERENCE =
  /\b(yarn|npm|pnpm)\s+(run\s+)?test\b|\b(mvn|mvnw|gradle|gradlew)\b[^\n]*\b(test|verify|check)\b|\bgo\s+test\b|\bpytest\b|\bdotnet\s+test\b|\bcargo\s+test\b|\bmake\s+test\b/i;

/** A deterministic pseudo-random sequence (tests must not flake). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const FRAGMENTS = [
  'yarn',
  'npm',
  'pnpm',
  'run',
  'test',
  'Test',
  'TEST',
  'testing',
  'tests',
  'mvn',
  'mvnw',
  'MVN',
  'gradle',
  'gradlew',
  './gradlew',
  'verify',
  'check',
  'checks',
  'go',
  'pytest',
  'py',
  'dotnet',
  'cargo',
  'make',
  'build',
  'lint',
  ' ',
  '  ',
  '\t',
  '-',
  '_',
  ':',
  '.',
  '/',
  '"',
  '&&',
  '|',
  '\u00a0',
  'é',
  'İ',
  'x',
  '1',
  'run:',
  '- run:',
  '$',
  '{{',
  '}}',
];

describe('the test command detector of workflow lines', () => {
  it('detects what the regex it replaces detected', () => {
    const lines = [
      'run: yarn test',
      'run: npm run test',
      'run: pnpm  run   test:unit',
      'run: npm run-test',
      'run: yarn testing',
      'run: yarn-test',
      'run: ./mvnw -B verify',
      'run: ./gradlew build -x check',
      'run: mvn_test',
      'run: gradle test',
      'run: go test ./...',
      'run: go vet && go  build',
      'run: python -m pytest -q',
      'run: pytest_cov',
      'run: dotnet test',
      'run: cargo test --all',
      'run: make test',
      'run: make tests',
      'RUN: NPM TEST',
      'run: npm\u00a0test',
      '',
    ];
    for (const line of lines) {
      expect([line, runsTestCommand(line)]).toEqual([
        line,
        REFERENCE.test(line),
      ]);
    }
    const next = random(14);
    for (let n = 0; n < 20_000; n++) {
      const parts: string[] = [];
      const count = 1 + Math.floor(next() * 8);
      for (let k = 0; k < count; k++) {
        parts.push(FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]);
        if (next() < 0.5) parts.push(' ');
      }
      const line = parts.join('');
      expect([line, runsTestCommand(line)]).toEqual([
        line,
        REFERENCE.test(line),
      ]);
    }
  });

  describe('in linear time on adversarial lines (100 KB at most 30x the time of 10 KB)', () => {
    const facts = (line: string) => {
      factsOfRepository(
        {
          pushedAt: null,
          readme: null,
          readmePlain: null,
          codeownersGithub: null,
          codeownersRoot: null,
          codeownersDocs: null,
          workflows: {
            entries: [
              { name: 'ci.yml', object: { text: `steps:\n${line}\n` } },
            ],
          },
          dependabot: null,
          renovate: null,
          defaultBranchRef: null,
        },
        new Date(),
      );
    };
    const shapes: Array<[string, (length: number) => string]> = [
      [
        'build tools without a goal',
        n => `      - run: ${repeatTo('mvn ', n)}`,
      ],
      [
        'a build tool, then a long line',
        n => `      - run: gradle ${'x'.repeat(n)}`,
      ],
      [
        'package managers and spaces',
        n => `      - run: ${repeatTo('yarn    ', n)}`,
      ],
      [
        'a package manager, then spaces',
        n => `      - run: npm${' '.repeat(n)}`,
      ],
      ['run run run', n => `      - run: npm ${repeatTo('run ', n)}`],
      ['a line of spaces', n => ' '.repeat(n)],
      ['run: and spaces', n => `- run:${' '.repeat(n)}`],
      ['words without spaces', n => `      - run: ${'a'.repeat(n)}`],
      ['punctuation', n => `      - run: ${repeatTo('-.', n)}`],
    ];
    it.each(shapes)('%s', (_name, shape) => {
      expect(
        timeRatio(facts, shape(10_000), shape(100_000)),
      ).toBeLessThanOrEqual(30);
    });
  });
});
