import {
  coreServices,
  createBackendPlugin,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/config';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { LocalHumio, startHumioServer } from '@internal/dev-humio';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import request from 'supertest';
import { AuditOutbox } from './AuditOutbox';
import {
  AUDIT_CLEANUP_TASK_ID,
  AUDIT_SHIP_TASK_ID,
  humioAuditorServiceFactory,
} from './humioAuditorServiceFactory';

jest.setTimeout(120_000);

const INGEST_TOKEN = 'audit-ingest';
const REPO = 'audit';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The scheduler of the last started test plugin: tests run its tasks. */
let scheduler: SchedulerService;

/** What the test plugin's actions did, in order. */
const performed: string[] = [];

/** A plugin whose routes are privileged actions, audited the usual way. */
const auditedPlugin = createBackendPlugin({
  pluginId: 'audited',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        httpRouter: coreServices.httpRouter,
        scheduler: coreServices.scheduler,
      },
      async init({ auditor, httpRouter, scheduler: pluginScheduler }) {
        scheduler = pluginScheduler;
        const router = Router();
        router.post('/things/:id/delete', async (req, res) => {
          const event = await auditor.createEvent({
            eventId: 'thing-delete',
            severityLevel: 'high',
            request: req,
            meta: { thingId: req.params.id },
          });
          if (req.params.id === 'protected') {
            const error = new Error('this one stays');
            await event.fail({ error });
            res.status(409).json({ error: error.message });
            return;
          }
          await event.success({ meta: { deleted: 1 } });
          res.json({ deleted: req.params.id });
        });
        // An action of any severity, done after its event is recorded, the
        // way the portal's routes do it.
        router.post('/actions/:severity/:id', async (req, res) => {
          const event = await auditor.createEvent({
            eventId: 'thing-act',
            severityLevel: req.params.severity as
              | 'low'
              | 'medium'
              | 'high'
              | 'critical',
            request: req,
          });
          performed.push(`${req.params.severity}:${req.params.id}`);
          await event.success();
          res.json({ done: req.params.id });
        });
        router.get('/things', async (req, res) => {
          // Reads are audited at low severity: logged, not shipped.
          const event = await auditor.createEvent({
            eventId: 'thing-list',
            request: req,
          });
          await event.success();
          res.json({ items: [] });
        });
        router.post('/things/export', async (req, res) => {
          // Low, but named in humio.audit.eventIds.
          const event = await auditor.createEvent({
            eventId: 'thing-export',
            severityLevel: 'low',
            request: req,
          });
          await event.success();
          res.json({ exported: true });
        });
        httpRouter.use(router);
      },
    });
  },
});

describe('humioAuditorServiceFactory', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let humio: LocalHumio;

  beforeAll(async () => {
    humio = await startHumioServer({
      apiToken: 'api',
      ingestTokens: { [INGEST_TOKEN]: REPO },
    });
  });
  afterAll(() => humio.close());
  beforeEach(() => humio.control.reset());

  async function start(options: {
    knex: Knex;
    humio?: JsonObject;
    production?: boolean;
  }) {
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        auditedPlugin,
        humioAuditorServiceFactory,
        mockServices.database.factory({ knex: options.knex }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            ...(options.humio ? { humio: options.humio } : {}),
            ...(options.production
              ? { auth: { environment: 'production' } }
              : {}),
          },
        }),
      ],
    });
    const outbox = await AuditOutbox.create({
      database: mockServices.database({ knex: options.knex }),
      skipMigrations: true,
    });
    return { backend, outbox, logger, api: request(backend.server) };
  }

  const shippingConfig = (): JsonObject => ({
    baseUrl: humio.url,
    audit: {
      ingestToken: INGEST_TOKEN,
      eventIds: ['audited.thing-export'],
      initialBackoff: '10ms',
      maxBackoff: '40ms',
      batchSize: 5,
    },
  });

  it.each(databases.eachSupportedId())(
    'ships privileged events with actor and request, not low ones, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { backend, api } = await start({
        knex,
        humio: shippingConfig(),
      });
      try {
        await api
          .post('/api/audited/things/t1/delete')
          .set('Authorization', mockCredentials.user.header('user:default/ada'))
          .expect(200);
        await api.post('/api/audited/things/protected/delete').expect(409);
        await api.get('/api/audited/things').expect(200);
        await api.post('/api/audited/things/export').expect(200);

        await scheduler.triggerTask(AUDIT_SHIP_TASK_ID);

        const events = humio.control.events(REPO);
        // Events of one millisecond come in any order: compare as sets.
        const seen = events.map(e =>
          [e.eventId, e.status, e.actor, e['meta.thingId']].join(' '),
        );
        expect(seen.sort()).toEqual(
          [
            'thing-delete initiated user:default/ada t1',
            'thing-delete succeeded user:default/ada t1',
            'thing-delete initiated user:default/mock protected',
            'thing-delete failed user:default/mock protected',
            'thing-export initiated user:default/mock ',
            'thing-export succeeded user:default/mock ',
          ].sort(),
        );
        const succeeded = events.find(
          e => e.eventId === 'thing-delete' && e.status === 'succeeded',
        );
        expect(succeeded).toMatchObject({
          '#source': 'backstage-audit',
          '#plugin': 'audited',
          plugin: 'audited',
          severity: 'high',
          'request.method': 'POST',
          'request.url': '/api/audited/things/t1/delete',
          'meta.deleted': '1',
        });
        const failed = events.find(e => e.status === 'failed');
        expect(failed?.error).toBe('Error: this one stays');
        expect(new Set(events.map(e => e.id)).size).toBe(6);
      } finally {
        await backend.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'delivers events from a Humio outage once it is back, each exactly once, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { backend, outbox, api } = await start({
        knex,
        humio: shippingConfig(),
      });
      try {
        humio.control.setDown(true);
        for (let n = 0; n < 12; n++) {
          // The audited action is not held up by Humio being down.
          await api.post(`/api/audited/things/t${n}/delete`).expect(200);
        }
        for (let run = 0; run < 5; run++) {
          await scheduler.triggerTask(AUDIT_SHIP_TASK_ID);
          await sleep(50);
        }
        const waiting = await outbox.list();
        expect(waiting).toHaveLength(24);
        expect(waiting.every(r => r.shippedAt === undefined)).toBe(true);
        expect(waiting[0].attempts).toBe(5);
        expect(humio.control.stats().rejectedWhileDown).toBe(5);
        expect(humio.control.events(REPO)).toHaveLength(0);

        // More while still down.
        await api.post('/api/audited/things/late/delete').expect(200);

        humio.control.setDown(false);
        for (let run = 0; run < 5; run++) {
          await scheduler.triggerTask(AUDIT_SHIP_TASK_ID);
        }
        const expected = (await outbox.list()).map(r => r.id).sort();
        expect(expected).toHaveLength(26);
        const arrived = humio.control.events(REPO).map(e => String(e.id));
        expect(arrived.sort()).toEqual(expected);
        expect(await outbox.backlog()).toEqual({ pending: 0 });
      } finally {
        await backend.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'starts and audits into the outbox when Humio is not configured on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { backend, outbox, api, logger } = await start({
        knex,
      });
      try {
        await api.post('/api/audited/things/t1/delete').expect(200);
        const tasks = (await scheduler.getScheduledTasks()).map(t => t.id);
        expect(tasks).toContain(AUDIT_CLEANUP_TASK_ID);
        expect(tasks).not.toContain(AUDIT_SHIP_TASK_ID);
        expect((await outbox.list()).map(r => r.status)).toEqual([
          'initiated',
          'succeeded',
        ]);
        // Still logged the way the default auditor does.
        expect(logger.child).toHaveBeenCalledWith({ isAuditEvent: true });
      } finally {
        await backend.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'logs and goes on when the outbox cannot be written, or refuses with failClosed, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const open = await start({ knex, humio: shippingConfig() });
      try {
        await knex.schema.renameTable('humio_audit_outbox', 'elsewhere');
        await open.api.post('/api/audited/things/t1/delete').expect(200);
        expect(open.logger.error).toHaveBeenCalledWith(
          expect.stringMatching(
            /audited.thing-delete \(initiated\) could not be written to the outbox/,
          ),
          expect.any(Error),
        );
      } finally {
        await open.backend.stop();
        await knex.schema.renameTable('elsewhere', 'humio_audit_outbox');
      }

      const closed = await start({
        knex,
        humio: { baseUrl: humio.url, audit: { failClosed: true } },
      });
      try {
        await knex.schema.renameTable('humio_audit_outbox', 'elsewhere');
        await closed.api.post('/api/audited/things/t2/delete').expect(503);
      } finally {
        await closed.backend.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'in production, refuses high and critical actions it cannot audit, and lets lower ones through, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const prod = await start({
        knex,
        humio: shippingConfig(),
        production: true,
      });
      performed.length = 0;
      try {
        // Recorded: every severity goes ahead.
        await prod.api.post('/api/audited/actions/high/a1').expect(200);
        expect(performed).toEqual(['high:a1']);

        await knex.schema.dropTable('humio_audit_outbox');
        for (const severity of ['high', 'critical']) {
          const res = await prod.api
            .post(`/api/audited/actions/${severity}/a2`)
            .expect(503);
          expect(res.body.error).toMatchObject({
            name: 'ServiceUnavailableError',
            message: expect.stringMatching(
              /^The action was not carried out: its audit event audited.thing-act could not be recorded/,
            ),
          });
        }
        // Fails open below high: logged, and the action goes on.
        await prod.api.post('/api/audited/actions/medium/a3').expect(200);
        await prod.api.post('/api/audited/actions/low/a4').expect(200);
        expect(performed).toEqual(['high:a1', 'medium:a3', 'low:a4']);
        expect(prod.logger.error).toHaveBeenCalledWith(
          expect.stringMatching(
            /audited.thing-act \(initiated\) could not be written to the outbox/,
          ),
          expect.any(Error),
        );
      } finally {
        await prod.backend.stop();
      }

      // Development keeps failing open, high included.
      const dev = await start({ knex, humio: shippingConfig() });
      try {
        await dev.api.post('/api/audited/actions/critical/a5').expect(200);
        expect(performed).toContain('critical:a5');
      } finally {
        await dev.backend.stop();
      }
    },
  );
});
