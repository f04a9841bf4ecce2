/* eslint-disable no-console */
import { startHumioServer } from './server';

/*
 * Standalone local Humio for development:
 *   yarn workspace @internal/dev-humio start --port 7901 --api-token dev \
 *     --ingest-token meridian-prod:dev-ingest --services payments-api,orders-api
 * Prints the URL on the first line of stdout (tests and scripts parse it).
 */

const USAGE = `Usage: start [--port P] [--host H] [--api-token T]
             [--ingest-token REPO:TOKEN]... [--repository NAME]...
             [--services a,b,c] [--sample-repository NAME] [--seed S] [--latency MS]`;

const REPEATABLE = new Set(['ingest-token', 'repository']);

function parseArgs(argv: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const put = (name: string, value: string) => {
    if (out[name] && !REPEATABLE.has(name)) {
      throw new Error(`--${name} given twice\n${USAGE}`);
    }
    (out[name] ??= []).push(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`Unexpected argument ${argv[i]}\n${USAGE}`);
    if (m[2] !== undefined) put(m[1], m[2]);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--'))
      put(m[1], argv[++i]);
    else put(m[1], 'true');
  }
  return out;
}

const list = (values: string[] | undefined) =>
  (values ?? [])
    .flatMap(v => v.split(','))
    .map(s => s.trim())
    .filter(Boolean);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const one = (name: string) => args[name]?.[0];
  const number = (name: string, fallback?: number) => {
    const text = one(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
    return n;
  };
  const services = list(args.services);
  const sampleRepository = one('sample-repository') ?? 'meridian-prod';
  const ingestTokens: Record<string, string> = {};
  for (const spec of list(args['ingest-token'])) {
    const at = spec.lastIndexOf(':');
    if (at <= 0 || at === spec.length - 1) {
      throw new Error(`--ingest-token must be REPO:TOKEN, not '${spec}'`);
    }
    ingestTokens[spec.slice(at + 1)] = spec.slice(0, at);
  }
  if (Object.keys(ingestTokens).length === 0) {
    ingestTokens['dev-ingest'] = sampleRepository;
  }
  const humio = await startHumioServer({
    port: number('port', 7901),
    hostname: one('host'),
    apiToken: one('api-token') ?? 'dev',
    ingestTokens,
    repositories: list(args.repository),
    services,
    sampleRepository,
    seed: number('seed'),
    latencyMs: number('latency'),
  });
  const info = humio.control.info();
  console.log(humio.url);
  console.error(
    `local Humio: repositories ${info.repositories.join(', ')}; ` +
      `ingest tokens ${Object.entries(ingestTokens)
        .map(([token, repo]) => `${repo}:${token}`)
        .join(', ')}; ` +
      `sample logs for ${
        services.length ? services.join(', ') : 'no services'
      }; control ${humio.url}/_control`,
  );
  const stop = () => {
    humio.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
