import express, { Request, Response } from 'express';
import { lastResortErrorHandler, listen } from '@internal/dev-kit';
import { QueryJobs } from './api/jobs';
import { ingestRoutes, queryRoutes, statusRoutes } from './api/routes';
import { createControl, HumioControl } from './control/control';
import { controlRouter } from './control/routes';
import { DEFAULT_SAMPLE_REPOSITORY, SampleLogs } from './data/sample';
import { Store } from './data/store';
import { AppContext, apiPipeline, sendError } from './http/pipeline';
import { Stats } from './http/stats';

export interface HumioServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on and to put in the URL. Default 127.0.0.1. */
  hostname?: string;
  /** Query API token: requests need `Authorization: Bearer <apiToken>`. */
  apiToken: string;
  /** Ingest tokens, each belonging to one repository: `{ [token]: repo }`. */
  ingestTokens: Record<string, string>;
  /** Further repositories (those of the ingest tokens, and the sample one, exist anyway). */
  repositories?: string[];
  /** Services to generate sample logs for (the last 24 hours, one line per service per minute). */
  services?: string[];
  /** Repository of the sample logs. Default 'meridian-prod'. */
  sampleRepository?: string;
  /** Same seed and services, same sample logs. Default 1. */
  seed?: number;
  /** Added to every API response. */
  latencyMs?: number;
}

export interface LocalHumio {
  /** e.g. http://127.0.0.1:7901 (the Humio base URL; the API is under /api/v1). */
  url: string;
  control: HumioControl;
  close(): Promise<void>;
}

export async function startHumioServer(
  options: HumioServerOptions,
): Promise<LocalHumio> {
  if (!options.apiToken) throw new TypeError('apiToken is required');
  const hostname = options.hostname ?? '127.0.0.1';
  const seed = options.seed ?? 1;
  const services = options.services ?? [];
  const sampleRepository =
    services.length > 0
      ? options.sampleRepository ?? DEFAULT_SAMPLE_REPOSITORY
      : undefined;
  const repositories = [
    ...new Set([
      ...(options.repositories ?? []),
      ...Object.values(options.ingestTokens ?? {}),
      ...(sampleRepository ? [sampleRepository] : []),
    ]),
  ];
  const latencyMs = options.latencyMs ?? 0;
  let url = '';

  const app: AppContext = {
    store: new Store(
      repositories,
      sampleRepository
        ? new SampleLogs({ services, seed, repository: sampleRepository })
        : undefined,
    ),
    apiToken: options.apiToken,
    ingestTokens: new Map(Object.entries(options.ingestTokens ?? {})),
    stats: new Stats(),
    jobs: new QueryJobs(),
    state: { down: false, latencyMs },
    now: () => Date.now(),
  };
  const control = createControl(
    app,
    { url: () => url, services, seed, sampleRepository },
    latencyMs,
  );

  const server = express();
  server.disable('x-powered-by');
  server.disable('etag');
  server.use('/_control', controlRouter(control));
  // Raw bodies: the API handlers parse JSON themselves, after the down check
  // and authentication, and word their own 400s.
  server.use(express.text({ type: () => true, limit: '32mb' }));
  server.use(
    apiPipeline(app, [...statusRoutes, ...ingestRoutes, ...queryRoutes]),
  );
  server.use((req: Request, res: Response) => {
    sendError(res, 404, `No such endpoint: ${req.method} ${req.path}`);
  });
  server.use(
    lastResortErrorHandler(
      'local Humio',
      (err: { status?: number; message?: string }, _req, res) => {
        if (!err.status || err.status >= 500) return false;
        sendError(res, err.status, err.message || 'Internal server error');
        return true;
      },
      (err, res) =>
        sendError(res, 500, err?.message || 'Internal server error'),
    ),
  );

  const listening = await listen(server, { port: options.port, hostname });
  url = listening.url;

  return {
    url,
    control,
    close: listening.close,
  };
}
