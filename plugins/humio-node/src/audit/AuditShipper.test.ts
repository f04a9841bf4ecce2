import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import { LocalHumio, startHumioServer } from '@internal/dev-humio';
import knexFactory, { Knex } from 'knex';
import { AuditOutbox } from './AuditOutbox';
import { AuditShipper, AuditShipperOptions } from './AuditShipper';

jest.setTimeout(120_000);

const INGEST_TOKEN = 'audit-ingest';
const REPO = 'audit';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function event(n: number): AuditorEvent {
  return {
    plugin: n % 2 ? 'dead-letter' : 'reconstitution',
    eventId: n % 2 ? 'replay-create' : 'job-create',
    severityLevel: 'high',
    actor: { actorId: 'user:default/ada' },
    request: { method: 'POST', url: '/api/x' },
    meta: { n },
    status: 'succeeded',
  };
}

/** How often each outbox id arrived in the stub. */
function arrivals(humio: LocalHumio): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of humio.control.events(REPO)) {
    const id = String(e.id);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('AuditShipper', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let humio: LocalHumio;
  const extraClients: Knex[] = [];

  beforeAll(async () => {
    humio = await startHumioServer({
      apiToken: 'api',
      ingestTokens: { [INGEST_TOKEN]: REPO },
    });
  });
  afterAll(() => humio.close());
  beforeEach(() => humio.control.reset());
  afterEach(async () => {
    await Promise.all(extraClients.splice(0).map(k => k.destroy()));
  });

  async function setup(databaseId: string) {
    const knex = await databases.init(databaseId as any);
    const outbox = await AuditOutbox.create({
      database: mockServices.database({ knex }),
    });
    return { knex, outbox };
  }

  function shipper(
    outbox: AuditOutbox,
    options?: Partial<AuditShipperOptions>,
  ) {
    return AuditShipper.create({
      outbox,
      baseUrl: humio.url,
      ingestToken: INGEST_TOKEN,
      logger: mockServices.logger.mock(),
      initialBackoffMs: 10,
      maxBackoffMs: 40,
      ...options,
    });
  }

  it.each(databases.eachSupportedId())(
    'ships every event once, in batches, with its id and tags on %s',
    async databaseId => {
      const { outbox } = await setup(databaseId);
      const ids: string[] = [];
      for (let n = 0; n < 250; n++) ids.push(await outbox.insert(event(n)));

      const result = await shipper(outbox, { batchSize: 100 }).ship();
      expect(result).toEqual({ shipped: 250, failed: 0 });
      expect(humio.control.stats()).toMatchObject({
        ingest: expect.objectContaining({ batchesAccepted: 3 }),
      });

      const counts = arrivals(humio);
      expect(counts.size).toBe(250);
      expect([...counts.keys()].sort()).toEqual([...ids].sort());
      expect([...counts.values()].every(c => c === 1)).toBe(true);

      const one = humio.control.events(REPO).find(e => e.id === ids[1])!;
      expect(one).toMatchObject({
        '#source': 'backstage-audit',
        '#plugin': 'dead-letter',
        id: ids[1],
        eventId: 'replay-create',
        plugin: 'dead-letter',
        severity: 'high',
        status: 'succeeded',
        actor: 'user:default/ada',
        'request.method': 'POST',
        'request.url': '/api/x',
        'meta.n': '1',
      });
      expect(await outbox.backlog()).toEqual({ pending: 0 });

      // Nothing is sent twice.
      expect(await shipper(outbox).ship()).toEqual({ shipped: 0, failed: 0 });
      expect(humio.control.events(REPO)).toHaveLength(250);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps everything through an outage and ships it once when Humio is back on %s',
    async databaseId => {
      const { outbox } = await setup(databaseId);
      const ship = shipper(outbox, { batchSize: 20 });
      humio.control.setDown(true);

      const ids: string[] = [];
      for (let n = 0; n < 50; n++) ids.push(await outbox.insert(event(n)));
      for (let run = 0; run < 4; run++) {
        const result = await ship.ship();
        expect(result.shipped).toBe(0);
        expect(result.failed).toBeGreaterThan(0);
        // Past the longest backoff, so every batch is due again.
        await sleep(50);
      }
      const waiting = await outbox.list();
      expect(waiting.map(r => r.id)).toEqual(ids);
      expect(waiting.every(r => r.shippedAt === undefined)).toBe(true);
      // A run stops at its first failed request: the oldest batch was tried
      // on every run, the others wait their turn rather than hammer Humio.
      expect(waiting.map(r => r.attempts)).toEqual([
        ...Array(20).fill(4),
        ...Array(30).fill(0),
      ]);
      expect(waiting[0].lastError).toMatch(/503/);
      expect(humio.control.events(REPO)).toHaveLength(0);
      expect(humio.control.stats().rejectedWhileDown).toBeGreaterThanOrEqual(4);

      // More events while Humio is still down.
      for (let n = 50; n < 60; n++) ids.push(await outbox.insert(event(n)));

      humio.control.setDown(false);
      await sleep(50);
      let shipped = 0;
      for (let run = 0; run < 10 && shipped < ids.length; run++) {
        shipped += (await ship.ship()).shipped;
      }
      expect(shipped).toBe(60);

      const counts = arrivals(humio);
      expect([...counts.keys()].sort()).toEqual([...ids].sort());
      expect([...counts.values()].every(c => c === 1)).toBe(true);
      expect(await outbox.backlog()).toEqual({ pending: 0 });
    },
  );

  it.each(databases.eachSupportedId())(
    'puts a batch back when Humio refuses the token, and ships it after on %s',
    async databaseId => {
      const { outbox } = await setup(databaseId);
      const id = await outbox.insert(event(1));
      const wrong = shipper(outbox, { ingestToken: 'wrong' });
      expect(await wrong.ship()).toEqual({ shipped: 0, failed: 1 });
      const [row] = await outbox.list();
      expect(row).toMatchObject({ id, attempts: 1 });
      expect(row.lastError).toMatch(/401/);
      await sleep(50);
      expect(await shipper(outbox).ship()).toEqual({ shipped: 1, failed: 0 });
      expect([...arrivals(humio)]).toEqual([[id, 1]]);
    },
  );

  it.each(databases.eachSupportedId())(
    'does not ship an event twice when two shippers run at once on %s',
    async databaseId => {
      const { knex, outbox } = await setup(databaseId);
      let second = outbox;
      if (databaseId === 'POSTGRES_15') {
        // A second connection pool on the same database: as another replica.
        const other = knexFactory({
          client: 'pg',
          connection: knex.client.config.connection,
          pool: { min: 0, max: 5 },
        });
        extraClients.push(other);
        second = await AuditOutbox.create({
          database: mockServices.database({ knex: other }),
        });
      }
      const ids: string[] = [];
      for (let n = 0; n < 400; n++) ids.push(await outbox.insert(event(n)));
      // Slow enough answers that the shippers' batches overlap.
      humio.control.setLatency(15);

      const drain = async (s: AuditShipper) => {
        let total = 0;
        for (let run = 0; run < 100; run++) {
          const { shipped } = await s.ship();
          if (shipped === 0 && (await outbox.backlog()).pending === 0) break;
          total += shipped;
        }
        return total;
      };
      const options = { batchSize: 25, maxBatchesPerRun: 2 };
      const [a, b] = await Promise.all([
        drain(shipper(outbox, options)),
        drain(shipper(second, options)),
      ]);
      expect(a + b).toBe(400);
      // Both took part.
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);

      const counts = arrivals(humio);
      expect(counts.size).toBe(400);
      expect([...counts.keys()].sort()).toEqual([...ids].sort());
      expect([...counts.values()].filter(c => c !== 1)).toEqual([]);
    },
  );

  it('backs off exponentially, capped, with jitter', () => {
    const s = AuditShipper.create({
      outbox: {} as AuditOutbox,
      baseUrl: 'http://humio.invalid',
      ingestToken: 't',
      logger: mockServices.logger.mock(),
      initialBackoffMs: 1000,
      maxBackoffMs: 60_000,
    });
    for (let i = 0; i < 50; i++) {
      const first = s.backoffMs(1);
      expect(first).toBeGreaterThanOrEqual(500);
      expect(first).toBeLessThanOrEqual(1000);
      const fourth = s.backoffMs(4);
      expect(fourth).toBeGreaterThanOrEqual(4000);
      expect(fourth).toBeLessThanOrEqual(8000);
      const capped = s.backoffMs(40);
      expect(capped).toBeGreaterThanOrEqual(30_000);
      expect(capped).toBeLessThanOrEqual(60_000);
    }
  });
});
