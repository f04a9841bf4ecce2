/* eslint-disable no-console */
import { startGitHubServer } from './server';

/*
 * Standalone local GitHub for development and benchmarks:
 *   yarn workspace @internal/dev-github start --repos 10000 --port 7900 [--token dev]
 * Prints the URL on the first line of stdout (tests and scripts parse it).
 */

const USAGE = `Usage: start [--repos N] [--port P] [--host H] [--org O] [--seed S]
             [--token T] [--rate-limit N/SECONDS] [--latency MS]
             [--members login,...] [--outside-users login,...]
             [--oauth-client CLIENT_ID:CLIENT_SECRET]`;

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`Unexpected argument ${argv[i]}\n${USAGE}`);
    if (m[2] !== undefined) out[m[1]] = m[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--'))
      out[m[1]] = argv[++i];
    else out[m[1]] = 'true';
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const number = (name: string, fallback?: number) => {
    if (args[name] === undefined) return fallback;
    const n = Number(args[name]);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
    return n;
  };
  const logins = (name: string) =>
    args[name]
      ?.split(',')
      .map(s => s.trim())
      .filter(Boolean);
  let oauthApp;
  if (args['oauth-client']) {
    const at = args['oauth-client'].indexOf(':');
    if (at <= 0)
      throw new Error('--oauth-client must be CLIENT_ID:CLIENT_SECRET');
    oauthApp = {
      clientId: args['oauth-client'].slice(0, at),
      clientSecret: args['oauth-client'].slice(at + 1),
    };
  }
  let rateLimit;
  if (args['rate-limit']) {
    const [limit, windowSeconds] = args['rate-limit'].split('/').map(Number);
    rateLimit = { limit, windowSeconds: windowSeconds || 3600 };
  }
  const github = await startGitHubServer({
    repoCount: number('repos', 1000)!,
    port: number('port', 7900),
    hostname: args.host,
    org: args.org,
    seed: number('seed'),
    token: args.token,
    rateLimit,
    latencyMs: number('latency'),
    members: logins('members'),
    outsideUsers: logins('outside-users'),
    oauthApp,
  });
  console.log(github.url);
  console.error(
    `local GitHub: org ${github.org}, ${
      github.control.info().repoCount
    } repositories; GraphQL ${github.graphqlUrl}; control ${
      github.url
    }/_control`,
  );
  const stop = () => {
    github.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
