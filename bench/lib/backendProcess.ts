/*
 * A backend under test in its own process (a bench's backend.ts, config
 * from a JSON file), so that its memory is its own and its death does not
 * end the bench: the config the benches share, starting it, waiting until
 * it answers, and signing in as a person.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { databaseUrl } from './postgres';
import { progress } from './results';
import { sleep } from './run';
import { LogTail } from './processes';

/**
 * What every backend under test has: its address, its own database (plugin
 * division by schema), a static token for the bench, sign-in as the guest
 * and the permission framework (the backend.ts adds a policy that allows
 * everything).
 */
export function benchBackendConfig(options: {
  port: number;
  database: string;
  token: string;
  subject: string;
}) {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  return {
    // The auth backend needs app.baseUrl, also when no app is served.
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port: options.port },
      database: {
        client: 'pg',
        connection: databaseUrl(options.database),
        pluginDivisionMode: 'schema',
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: options.token, subject: options.subject },
          },
        ],
      },
    },
    auth: {
      providers: {
        guest: {
          userEntityRef: 'user:default/guest',
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    permission: { enabled: true },
  };
}

export type Backend = {
  pid: number;
  baseUrl: string;
  log: LogTail;
  /** Set once the process has exited: how. */
  exit: () => string | undefined;
  stop: () => Promise<void>;
};

/**
 * Starts `script` (a backend.ts, through Backstage's TypeScript transform)
 * with NODE_ENV=production and `config` written to `configFile`, its output
 * in `logFile`. APP_CONFIG_* of the bench's environment are not passed on:
 * the config file is all it reads.
 */
export function startBackend(options: {
  script: string;
  port: number;
  config: object;
  configFile: string;
  logFile: string;
  /** Node options before the script, e.g. a heap limit. */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  onLogLine: (message: string) => void;
  /** The fields of a JSON log line that say where it comes from. */
  logFields: string[];
}): Backend {
  fs.writeFileSync(options.configFile, JSON.stringify(options.config, null, 2));
  const log = fs.openSync(options.logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    ...options.env,
  };
  for (const key of Object.keys(env)) {
    if (key.startsWith('APP_CONFIG_')) delete env[key];
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      options.script,
      '--config',
      options.configFile,
    ],
    { cwd: path.dirname(options.script), env, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  let exit: string | undefined;
  const exited = new Promise<void>(resolve =>
    child.on('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve();
    }),
  );
  return {
    pid: child.pid!,
    baseUrl: `http://127.0.0.1:${options.port}`,
    log: new LogTail(options.logFile, options.onLogLine, options.logFields),
    exit: () => exit,
    stop: async () => {
      if (exit) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Waits until `probe` returns a value (the backend answers as it should),
 * every 500 ms; fails when the backend exits or takes more than 300 s.
 * `label` starts the error messages.
 */
export async function waitForBackend<T>(
  backend: Backend,
  probe: () => Promise<T | undefined>,
  label = '',
): Promise<T> {
  const started = performance.now();
  const prefix = label ? `${label} ` : '';
  for (;;) {
    backend.log.poll();
    const exit = backend.exit();
    if (exit) {
      throw new Error(
        `${prefix}the backend exited while starting (${exit}):\n${backend.log.tail()}`,
      );
    }
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() - started > 300_000) {
      throw new Error(
        `${prefix}the backend did not start within 300 s:\n${backend.log.tail()}`,
      );
    }
    await sleep(500);
  }
}

/** A signed-in person's token, as the app gets it (guest sign-in). */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `guest sign-in failed: HTTP ${res.status} ${(await res.text()).slice(
        0,
        200,
      )}`,
    );
  }
  return (await res.json()).backstageIdentity.token;
}

/** Leaves `dir` (the backend's config, log, …) for a look, or removes it. */
export function keepOrRemove(dir: string, keep: boolean, what: string) {
  if (keep) {
    progress(`${what} kept in ${dir}`);
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
