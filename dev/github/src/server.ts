import express from 'express';
import { lastResortErrorHandler, listen } from '@internal/dev-kit';
import { createControl, GitHubControl } from './control/control';
import { controlRouter } from './control/routes';
import type { RateLimitResource } from './data/model';
import { Store } from './data/store';
import { gitSmartHttp } from './git/smartHttp';
import { graphqlRoutes } from './graphql/endpoint';
import { Identities, OAuthApp } from './oauth/identities';
import { oauthWebFlow } from './oauth/webFlow';
import type { AppContext } from './http/context';
import { errorBody } from './http/responses';
import { Router } from './http/router';
import { FaultInjector } from './middleware/faults';
import { apiPipeline } from './middleware/pipeline';
import {
  DEFAULT_WINDOWS,
  RateLimiter,
  RateLimitWindow,
} from './middleware/rateLimit';
import { Stats } from './middleware/stats';
import { archiveRoutes } from './rest/archives';
import { branchRoutes } from './rest/branches';
import { commitRoutes } from './rest/commits';
import { contentRoutes } from './rest/contents';
import { gitDatabaseRoutes } from './rest/gitDatabase';
import { pullRoutes } from './rest/pulls';
import { rateLimitRoutes } from './rest/rateLimit';
import { repoRoutes } from './rest/repos';
import { searchRoutes } from './rest/search';
import { teamRoutes } from './rest/teams';
import { userRoutes } from './rest/users';
import { writeRoutes } from './rest/writes';

export interface GitHubServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on and to put in URLs. Default 127.0.0.1. */
  hostname?: string;
  /** Organisation login. Default 'meridian'. */
  org?: string;
  repoCount: number;
  /** Same seed and count, same organisation. Default 1. */
  seed?: number;
  /** When set, requests must carry `Authorization: token|Bearer <token>`. */
  token?: string;
  /**
   * Primary rate limit for core and graphql (GitHub: 5000 per hour);
   * search keeps GitHub's 30 per minute unless overridden in `resources`.
   */
  rateLimit?: RateLimitWindow & {
    resources?: Partial<Record<RateLimitResource, RateLimitWindow>>;
  };
  /** Added to every API response. */
  latencyMs?: number;
  /**
   * Members of the organisation besides the generated people (who all are),
   * e.g. the logins the portal's User entities carry.
   */
  members?: string[];
  /** GitHub accounts outside the organisation. */
  outsideUsers?: string[];
  /** The OAuth app of the web flow; without it any client_id is accepted. */
  oauthApp?: OAuthApp;
}

export interface LocalGitHub {
  /** e.g. http://127.0.0.1:7900 */
  url: string;
  /** Same as url: REST is served at the root, like api.github.com. */
  apiBaseUrl: string;
  /** `${url}/graphql` */
  graphqlUrl: string;
  /** host:port, for `integrations.github[].host`. */
  host: string;
  org: string;
  control: GitHubControl;
  close(): Promise<void>;
}

export async function startGitHubServer(
  options: GitHubServerOptions,
): Promise<LocalGitHub> {
  if (!Number.isSafeInteger(options.repoCount) || options.repoCount < 0) {
    throw new RangeError('repoCount must be a non-negative integer');
  }
  const hostname = options.hostname ?? '127.0.0.1';
  const seed = options.seed ?? 1;
  const windows = { ...DEFAULT_WINDOWS };
  if (options.rateLimit) {
    const { limit, windowSeconds, resources } = options.rateLimit;
    windows.core = { limit, windowSeconds };
    windows.graphql = { limit, windowSeconds };
    Object.assign(windows, resources ?? {});
  }
  let requestCounter = 0;
  const store = new Store({
    seed,
    org: options.org ?? 'meridian',
    repoCount: options.repoCount,
  });
  const app: AppContext = {
    store,
    identities: new Identities(store, {
      members: options.members,
      outsideUsers: options.outsideUsers,
      oauthApp: options.oauthApp,
    }),
    limiter: new RateLimiter(windows),
    faults: new FaultInjector(seed),
    stats: new Stats(),
    token: options.token,
    latencyMs: options.latencyMs ?? 0,
    baseUrl: '',
    nextRequestId: () => {
      requestCounter++;
      const hex = (n: number, w: number) =>
        n.toString(16).toUpperCase().padStart(w, '0');
      return `${hex(seed & 0xffff, 4)}:${hex(requestCounter, 6)}:${hex(
        requestCounter * 7919,
        7,
      )}:${hex(Math.floor(Date.now() / 1000), 8)}`;
    },
  };
  const control = createControl(app);
  const router = new Router().add(
    ...rateLimitRoutes,
    ...writeRoutes,
    ...repoRoutes,
    ...contentRoutes,
    ...branchRoutes,
    ...commitRoutes,
    ...gitDatabaseRoutes,
    ...archiveRoutes,
    ...teamRoutes,
    ...pullRoutes,
    ...searchRoutes,
    ...userRoutes,
    ...graphqlRoutes,
  );

  const server = express();
  server.disable('x-powered-by');
  server.disable('etag');
  server.use(gitSmartHttp(app));
  // Before the JSON parser: the web flow's POSTs are form-encoded.
  server.use(oauthWebFlow(app));
  server.use(express.json({ limit: '5mb', type: () => true }));
  server.use('/_control', controlRouter(control));
  server.use(apiPipeline(app, router));
  // Malformed JSON bodies, and anything a handler throws, in GitHub's words.
  server.use(
    lastResortErrorHandler(
      'local GitHub',
      (err: { type?: string }, req, res) => {
        if (err.type !== 'entity.parse.failed') return false;
        const docs = req.path.startsWith('/graphql')
          ? 'https://docs.github.com/graphql'
          : 'https://docs.github.com/rest';
        res.status(400).json(errorBody(400, 'Problems parsing JSON', docs));
        return true;
      },
      (_err, res) => res.status(500).json({ message: 'Server Error' }),
    ),
  );

  const listening = await listen(server, { port: options.port, hostname });
  const host = listening.host;
  app.baseUrl = listening.url;

  return {
    url: app.baseUrl,
    apiBaseUrl: app.baseUrl,
    graphqlUrl: `${app.baseUrl}/graphql`,
    host,
    org: app.store.org,
    control,
    close: async () => {
      await listening.close();
      await app.store.created.bare.close();
    },
  };
}
