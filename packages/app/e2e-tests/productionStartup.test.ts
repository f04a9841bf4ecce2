import { expect, test } from '@playwright/test';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import path from 'path';

/*
 * The production bundle (unpacked by scripts/e2e.sh) started the way
 * production starts it: app-config.yaml + app-config.production.yaml only,
 * from packages/backend, configured through environment variables that point
 * at local stand-ins of its own (a local GitHub and Humio on other ports, a
 * RabbitMQ vhost nobody else uses, its own Postgres databases), so that it
 * never competes with the e2e backend on 7007.
 */

const ROOT = path.resolve(__dirname, '../../..');
const BACKEND_DIR = path.join(ROOT, 'packages/backend');
const BUNDLE = path.join(BACKEND_DIR, 'dist/bundle/packages/backend');
const PORT = 7917;
const GITHUB_PORT = 7910;
const HUMIO_PORT = 7911;
const BASE_URL = `http://localhost:${PORT}`;
const STATIC_TOKEN = 'production-startup-test-token-0123456789';
const DB_PREFIX = 'portal_startup_';

/** What production requires; each must stop the backend when missing. */
const REQUIRED: Record<string, string> = {
  PORTAL_BASE_URL: BASE_URL,
  PORTAL_PLATFORM_TEAM: 'group:default/squad-atlas',
  POSTGRES_HOST: process.env.POSTGRES_HOST ?? '127.0.0.1',
  POSTGRES_PORT: process.env.POSTGRES_PORT ?? '5432',
  POSTGRES_USER: process.env.POSTGRES_USER ?? 'postgres',
  POSTGRES_PASSWORD: process.env.POSTGRES_PASSWORD ?? 'postgres',
  AUTH_GITHUB_CLIENT_ID: 'startup-client-id',
  AUTH_GITHUB_CLIENT_SECRET: 'startup-client-secret',
  GITHUB_HOST: `127.0.0.1:${GITHUB_PORT}`,
  GITHUB_TOKEN: 'startup-github-token',
  GITHUB_ORG: 'meridian-bank',
  AMQP_DEV_URL: 'amqp://guest:guest@127.0.0.1:5672/portal-startup-test',
  AMQP_PROD_URL: 'amqp://guest:guest@127.0.0.1:5672/portal-startup-test',
  RABBITMQ_DEV_MANAGEMENT_URL: 'http://127.0.0.1:15672',
  RABBITMQ_PROD_MANAGEMENT_URL: 'http://127.0.0.1:15672',
  HUMIO_URL: `http://127.0.0.1:${HUMIO_PORT}`,
  HUMIO_TOKEN: 'startup-humio-token',
  HUMIO_REPOSITORY: 'meridian-prod',
  HUMIO_AUDIT_INGEST_TOKEN: 'startup-audit-ingest',
};

const OPTIONAL: Record<string, string> = {
  PORTAL_PORT: String(PORT),
  POSTGRES_DATABASE_PREFIX: DB_PREFIX,
  GITHUB_API_URL: `http://127.0.0.1:${GITHUB_PORT}`,
};

function backendEnv(
  overrides: Record<string, string | undefined>,
): NodeJS.ProcessEnv {
  // Built from scratch: the e2e run's own variables point at its stand-ins.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    ...REQUIRED,
    ...OPTIONAL,
    ...overrides,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

function startBackend(env: NodeJS.ProcessEnv) {
  const child = spawn(
    process.execPath,
    [
      BUNDLE,
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../app-config.production.yaml',
    ],
    { cwd: BACKEND_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );
  return { child, exited, output: () => output };
}

/** Starts a stand-in CLI and waits for the URL it prints first. */
async function startStandIn(args: string[]): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', d => (err += d));
    child.stdout!.once('data', () => resolve());
    child.once('exit', code =>
      reject(new Error(`${args[0]} exited (${code}): ${err}`)),
    );
  });
  return child;
}

function dropStartupDatabases() {
  const psql = (sql: string) =>
    execFileSync(
      'psql',
      [
        '-h',
        REQUIRED.POSTGRES_HOST,
        '-p',
        REQUIRED.POSTGRES_PORT,
        '-U',
        REQUIRED.POSTGRES_USER,
        '-d',
        'postgres',
        '-qtA',
        '-c',
        sql,
      ],
      { env: { ...process.env, PGPASSWORD: REQUIRED.POSTGRES_PASSWORD } },
    ).toString();
  const names = psql(
    `SELECT datname FROM pg_database WHERE datname LIKE '${DB_PREFIX}%'`,
  )
    .split('\n')
    .filter(Boolean);
  for (const name of names) {
    psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

test.describe('production start-up without a required variable', () => {
  for (const name of Object.keys(REQUIRED)) {
    test(`exits naming ${name}`, async () => {
      const backend = startBackend(backendEnv({ [name]: undefined }));
      const timer = setTimeout(() => backend.child.kill('SIGKILL'), 40_000);
      const code = await backend.exited;
      clearTimeout(timer);
      expect(code, backend.output()).not.toBe(0);
      expect(code, 'killed: it did not stop by itself').not.toBeNull();
      expect(backend.output()).toContain(`${name} is not set`);
    });
  }

  test('exits when a remote broker is reached in plaintext', async () => {
    const backend = startBackend(
      backendEnv({ AMQP_PROD_URL: 'amqp://portal:x@rabbitmq.example/prod' }),
    );
    const timer = setTimeout(() => backend.child.kill('SIGKILL'), 40_000);
    const code = await backend.exited;
    clearTimeout(timer);
    expect(code).not.toBeNull();
    expect(code).not.toBe(0);
    expect(backend.output()).toContain(
      'AMQP_PROD_URL must use amqps:// for the remote host rabbitmq.example',
    );
  });
});

test.describe('a started production backend', () => {
  test.describe.configure({ mode: 'serial', timeout: 240_000 });

  const standIns: ChildProcess[] = [];
  let backend: ReturnType<typeof startBackend> | undefined;
  const api = (p: string, init?: RequestInit) =>
    fetch(`${BASE_URL}${p}`, {
      ...init,
      headers: { authorization: `Bearer ${STATIC_TOKEN}`, ...init?.headers },
    });

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dropStartupDatabases();
    standIns.push(
      await startStandIn([
        'dev/github/src/cli.ts',
        '--repos',
        '12',
        '--org',
        'meridian-bank',
        '--port',
        String(GITHUB_PORT),
        '--token',
        REQUIRED.GITHUB_TOKEN,
      ]),
      await startStandIn([
        'dev/humio/src/cli.ts',
        '--port',
        String(HUMIO_PORT),
        '--api-token',
        REQUIRED.HUMIO_TOKEN,
        '--ingest-token',
        `portal-audit:${REQUIRED.HUMIO_AUDIT_INGEST_TOKEN}`,
      ]),
    );
    // NODE_ENV=development must change nothing: production is the config.
    // The static token (APP_CONFIG_, test only) lets the test read the catalog.
    backend = startBackend(
      backendEnv({
        NODE_ENV: 'development',
        APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
          {
            type: 'static',
            options: {
              token: STATIC_TOKEN,
              subject: 'production-startup-test',
            },
          },
        ]),
      }),
    );
    const deadline = Date.now() + 180_000;
    for (;;) {
      const ready = await fetch(`${BASE_URL}/.backstage/health/v1/readiness`)
        .then(r => r.ok)
        .catch(() => false);
      if (ready) break;
      const exited = await Promise.race([
        backend.exited.then(() => true),
        new Promise(r => setTimeout(() => r(false), 1000)),
      ]);
      if (exited || Date.now() > deadline) {
        throw new Error(`backend not ready:\n${backend.output().slice(-4000)}`);
      }
    }
  });

  test.afterAll(async () => {
    backend?.child.kill('SIGTERM');
    for (const child of standIns) child.kill('SIGTERM');
    await backend?.exited;
  });

  test('refuses guest sign-in even with NODE_ENV=development', async () => {
    const res = await fetch(`${BASE_URL}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(res.status).toBe(404);
    const body = await res.text();
    // The guest module is not in the production backend at all.
    expect(body).toContain("Unknown auth provider 'guest'");
    expect(body).not.toContain('backstageIdentity');
  });

  test('holds the organisation from GitHub and no example entity', async () => {
    type Entity = {
      kind: string;
      metadata: { name: string; annotations?: Record<string, string> };
      spec: { type?: string; parent?: string; memberOf?: string[] };
    };
    const byQuery = async (filter: string): Promise<Entity[]> => {
      const res = await api(
        `/api/catalog/entities/by-query?filter=${filter}&limit=1000`,
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: Entity[] }).items;
    };

    await expect
      .poll(async () => (await byQuery('kind=group')).length, {
        timeout: 120_000,
        intervals: [2_000],
      })
      .toBe(37);
    const groups = await byQuery('kind=group');
    const aura = groups.find(g => g.metadata.name === 'squad-aura');
    expect(aura?.spec).toMatchObject({
      type: 'squad',
      parent: 'colony-payments',
    });
    expect(groups.filter(g => g.spec.type === 'colony')).toHaveLength(6);
    expect(
      groups.find(g => g.metadata.name === 'meridian-bank')?.spec.type,
    ).toBe('organisation');

    await expect
      .poll(async () => (await byQuery('kind=user')).length, {
        timeout: 60_000,
        intervals: [2_000],
      })
      .toBe(320);
    const users = await byQuery('kind=user');
    for (const user of users) {
      expect(user.metadata.annotations?.['github.com/user-login']).toBe(
        user.metadata.name,
      );
    }

    // Nothing from examples/: no example service, no guest, no example
    // squad that GitHub does not have, no broken or example location.
    for (const ref of [
      'component/default/ledger-posting-service',
      'user/default/guest',
      'group/default/squad-maven',
      'domain/default/payments',
    ]) {
      const res = await api(`/api/catalog/entities/by-name/${ref}`);
      expect(res.status, ref).toBe(404);
    }
    // Configured locations are Location entities (the locations API lists
    // only registered ones): the templates', and nothing from examples/.
    const locationEntities = (await byQuery('kind=location')) as Array<{
      spec: { target?: string; targets?: string[] };
    }>;
    const targets = locationEntities.flatMap(l => [
      ...(l.spec.target ? [l.spec.target] : []),
      ...(l.spec.targets ?? []),
    ]);
    expect(targets.some(t => t.includes('templates/'))).toBe(true);
    expect(targets.filter(t => /examples|broken/.test(t))).toEqual([]);
    const registered = (await (
      await api('/api/catalog/locations')
    ).json()) as Array<{ data: { target: string } }>;
    expect(
      registered.filter(l => /examples|broken/.test(l.data.target)),
    ).toEqual([]);
  });
});
