import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { fuzzRoutes } from './fuzz';
import { listRoutes } from './routes';

jest.setTimeout(120_000);

/** A plugin with the faults the fuzzer exists to find, and a clean route. */
const faulty = createBackendPlugin({
  pluginId: 'faulty',
  register(reg) {
    reg.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.use(express.json({ limit: '64kb' }));
        router.get('/ok', (req, res) => {
          if (Object.keys(req.query).some(k => k !== 'name')) {
            throw new InputError('unknown query parameter');
          }
          res.json({ ok: true });
        });
        // A database that refuses NUL, surfacing as a 500.
        router.post('/items', (req, res) => {
          if (JSON.stringify(req.body ?? null).includes('\\u0000')) {
            throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
          }
          res.status(201).json({});
        });
        // A lookup that never answers for a long id.
        router.get('/items/:id', (req, res) => {
          if (req.params.id.length < 5000) res.json({ id: req.params.id });
        });
        // A plain-text 400.
        router.get('/plain', (req, res) => {
          if (req.query.q !== undefined) {
            res.status(400).send('bad');
            return;
          }
          res.json({});
        });
        const nested = Router();
        nested.get('/leaf', (_req, res) => {
          res.json({});
        });
        router.use('/nested', nested);
        router.get(/^\/regex\/.*$/, (_req, res) => {
          res.json({});
        });
        httpRouter.use(router);
      },
    });
  },
});

describe('fuzzRoutes', () => {
  it('lists routes from the routers, nested mounts included, and names those it cannot call', async () => {
    const backend = await startTestBackend({ features: [faulty] });
    const listing = listRoutes(backend.server, 'faulty');
    expect(listing.routes).toEqual([
      { method: 'GET', path: '/api/faulty/ok' },
      { method: 'POST', path: '/api/faulty/items' },
      { method: 'GET', path: '/api/faulty/items/:id' },
      { method: 'GET', path: '/api/faulty/plain' },
      { method: 'GET', path: '/api/faulty/nested/leaf' },
    ]);
    expect(listing.unfuzzable).toEqual(['GET /api/faulty/^\\/regex\\/.*$/']);
    expect(listRoutes(backend.server, 'faulty', '/nested').routes).toEqual([
      { method: 'GET', path: '/api/faulty/nested/leaf' },
    ]);
  });

  it('reports 5xx, stalls and 4xx without a JSON message, and nothing on a clean route', async () => {
    const backend = await startTestBackend({ features: [faulty] });
    const report = await fuzzRoutes({
      server: backend.server,
      pluginId: 'faulty',
      examples: {
        'POST /items': { body: { name: 'a', tags: ['x'] } },
        'GET /plain': { query: { q: 'a' } },
      },
      runsPerRoute: 10,
      // The handler never answers, so any bound finds it; this one is far
      // above what the clean routes need on a loaded machine.
      stallMs: 5000,
      healthCheck: { path: '/ok' },
    });
    const problems = (route: string) =>
      report.failures.filter(f => f.route === route);

    expect(problems('POST /items').length).toBeGreaterThan(0);
    expect(problems('POST /items')).toContainEqual(
      expect.objectContaining({
        problem: 'answered 500',
        request: expect.stringContaining('body name: NUL'),
      }),
    );
    expect(problems('GET /items/:id')).toContainEqual(
      expect.objectContaining({
        problem: 'no answer: no answer within 5000 ms',
        request: expect.stringContaining('param id=xxxx'),
      }),
    );
    expect(problems('GET /plain')).toContainEqual(
      expect.objectContaining({
        problem: 'answered 400 without a JSON error message',
      }),
    );
    expect(problems('GET /ok')).toEqual([]);
    expect(problems('GET /nested/leaf')).toEqual([]);
    expect(report.statuses[400]).toBeGreaterThan(0);
    expect(report.requests).toBeGreaterThan(5 * 10);
  });

  it('reports a backend that no longer answers a plain request', async () => {
    const backend = await startTestBackend({ features: [faulty] });
    const report = await fuzzRoutes({
      server: backend.server,
      pluginId: 'faulty',
      prefix: '/nested',
      runsPerRoute: 1,
      healthCheck: { path: '/missing' },
    });
    expect(report.failures).toEqual([
      expect.objectContaining({
        request: 'plain request after the fuzzing',
        status: 404,
      }),
    ]);
  });
});
