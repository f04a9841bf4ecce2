// `yarn bench <name>` runs bench/<name>/index.ts with the repository's pinned
// Node (scripts/env.sh) and Backstage's TypeScript transform, so benches can
// import workspace packages' sources directly. Results land in
// bench/results/<name>.json (written by the bench itself).
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const benchDir = path.join(root, 'bench');

function available() {
  if (!fs.existsSync(benchDir)) {
    return [];
  }
  return fs
    .readdirSync(benchDir, { withFileTypes: true })
    .filter(
      entry =>
        entry.isDirectory() &&
        fs.existsSync(path.join(benchDir, entry.name, 'index.ts')),
    )
    .map(entry => entry.name)
    .sort();
}

const [name, ...args] = process.argv.slice(2);
const benches = available();
if (!name || !benches.includes(name)) {
  console.error(
    `${name ? `Unknown bench '${name}'. ` : ''}Usage: yarn bench <name>\n` +
      `Available benches:\n${
        benches.map(b => `  ${b}`).join('\n') || '  (none)'
      }`,
  );
  process.exit(1);
}

// Sourcing env.sh from bash makes the bench run on the pinned Node even when
// `yarn` was started by an older one; it is a no-op when that Node is on PATH.
const result = spawnSync(
  'bash',
  [
    '-c',
    'source scripts/env.sh && portal_env && exec node --require @backstage/cli/config/nodeTransform.cjs "$@"',
    'bench',
    path.join('bench', name, 'index.ts'),
    ...args,
  ],
  { cwd: root, stdio: 'inherit' },
);
if (result.error) {
  console.error(`Could not start the bench: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
