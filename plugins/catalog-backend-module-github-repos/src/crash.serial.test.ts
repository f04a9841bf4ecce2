import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';

// A shared CI machine can be several times slower than a quiet one.
jest.setTimeout(1_800_000);

const PG_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';
const REPOS = 2000;
const PAGES = REPOS / 100;
const PROVIDER = 'github-repos-meridian';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A backend process with the catalog and this module, on its own database. */
async function launch(options: {
  dir: string;
  name: string;
  database: string;
  github: LocalGitHub;
  token: string;
}) {
  const port = await freePort();
  const config = {
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { host: '127.0.0.1', port },
      database: {
        client: 'pg',
        connection: `${PG_URL}/${options.database}`,
        pluginDivisionMode: 'schema',
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: options.token, subject: 'crash-test' },
          },
        ],
      },
    },
    integrations: {
      github: [
        {
          host: options.github.host,
          apiBaseUrl: options.github.apiBaseUrl,
          token: 'crash-test',
        },
      ],
    },
    catalog: {
      rules: [{ allow: ['Component', 'Location'] }],
      providers: {
        githubRepos: {
          meridian: {
            host: options.github.host,
            organization: 'meridian',
            schedule: {
              burstInterval: { seconds: 5 },
              // The kill lands in the first burst. The dead instance's task
              // lock expires after burstLength + 1 minute; then the next
              // instance continues the ingestion.
              burstLength: { seconds: 20 },
              restLength: { hours: 1 },
            },
          },
        },
      },
    },
  };
  const configFile = path.join(options.dir, `${options.name}.json`);
  const logFile = path.join(options.dir, `${options.name}.log`);
  fs.writeFileSync(configFile, JSON.stringify(config));
  const log = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  for (const key of Object.keys(env)) {
    if (key.startsWith('JEST_') || key.startsWith('APP_CONFIG_')) {
      delete env[key];
    }
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.resolve(__dirname, '__testUtils__/crashBackend.ts'),
      '--config',
      configFile,
    ],
    { cwd: path.resolve(__dirname, '..'), env, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const exited = new Promise(resolve => child.on('exit', resolve));
  return {
    port,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    logTail: () =>
      fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        // The test's own polling would crowd out what matters.
        .filter(line => !line.includes('"type":"incomingRequest"'))
        .slice(-40)
        .join('\n'),
  };
}

/**
 * A backend is SIGKILLed in the middle of an ingestion burst; the next one
 * continues from the stored cursor instead of starting the source again.
 */
describe('GitHub ingestion across a crash', () => {
  const database = `ingest_crash_${randomUUID().slice(0, 8)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingestion-crash-'));
  const token = randomBytes(24).toString('base64url');
  let admin: Knex;
  let github: LocalGitHub;

  beforeAll(async () => {
    admin = knexFactory({ client: 'pg', connection: PG_URL });
    await admin.raw('CREATE DATABASE ??', [database]);
    // Slow pages, so that a burst is still going when the kill comes.
    github = await startGitHubServer({
      repoCount: REPOS,
      seed: 11,
      latencyMs: 1000,
    });
  });

  afterAll(async () => {
    await github?.close();
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
    await admin.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes from the cursor after SIGKILL mid-burst', async () => {
    const pagesRequested = () =>
      github.control.stats().graphql.byOperation.OrganisationRepositories ?? 0;
    const backends: Array<Awaited<ReturnType<typeof launch>>> = [];
    const logs = () => backends.map(b => b.logTail()).join('\n---\n');
    const until = async (what: string, check: () => Promise<boolean>) => {
      const deadline = Date.now() + 780_000;
      while (Date.now() < deadline) {
        if (await check().catch(() => false)) return;
        await sleep(200);
      }
      throw new Error(`timed out waiting for ${what}\n${logs()}`);
    };
    try {
      backends.push(
        await launch({ dir, name: 'first', database, github, token }),
      );
      await until(
        'a third of the pages',
        async () => pagesRequested() >= PAGES / 3,
      );
      await backends[0].kill();
      const beforeRestart = pagesRequested();
      expect(beforeRestart).toBeLessThan(PAGES);

      backends.push(
        await launch({ dir, name: 'second', database, github, token }),
      );
      const ingested = async () => {
        const res = await fetch(
          `http://127.0.0.1:${
            backends[1].port
          }/api/catalog/entities/by-query?limit=1&filter=${encodeURIComponent(
            `metadata.annotations.meridian.bank/ingested-by=${PROVIDER}`,
          )}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        return res.ok ? ((await res.json()).totalItems as number) : -1;
      };
      let lastCount = -1;
      await until(`all ${REPOS} repositories in the catalog`, async () => {
        lastCount = await ingested();
        return lastCount === REPOS;
      }).catch(error => {
        throw new Error(`${error.message}\n(last count: ${lastCount})`);
      });
      // From the cursor: the pages after the last stored one, the page in
      // flight at the kill, and the stored cursor's own page once per
      // resumed burst - not the whole source again.
      const total = pagesRequested();
      expect(total).toBeLessThan(beforeRestart + PAGES);
      expect(total).toBeGreaterThanOrEqual(PAGES);
    } finally {
      await Promise.all(backends.map(b => b.kill()));
    }
  });
});
