import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import { AuditOutbox, AUDIT_MIGRATIONS_TABLE } from './AuditOutbox';

jest.setTimeout(60_000);

function event(n: number, overrides?: Partial<AuditorEvent>): AuditorEvent {
  return {
    plugin: 'dead-letter',
    eventId: 'replay-create',
    severityLevel: 'high',
    actor: { actorId: 'user:default/ada', ip: '10.0.0.1', userAgent: 'test' },
    request: { method: 'POST', url: `/api/dead-letter/replays?n=${n}` },
    meta: { n, ids: ['a', 'b'] },
    status: 'succeeded',
    ...overrides,
  } as AuditorEvent;
}

describe('AuditOutbox', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createOutbox(databaseId: string) {
    const knex = await databases.init(databaseId as any);
    const outbox = await AuditOutbox.create({
      database: mockServices.database({ knex }),
    });
    return { knex, outbox };
  }

  it.each(databases.eachSupportedId())(
    'migrates with its own migrations table and stores events as given on %s',
    async databaseId => {
      const { knex, outbox } = await createOutbox(databaseId);
      expect(await knex.schema.hasTable(AUDIT_MIGRATIONS_TABLE)).toBe(true);
      expect(await knex.schema.hasTable('knex_migrations')).toBe(false);

      const now = new Date('2026-11-23T10:00:00.123Z');
      const id = await outbox.insert(event(1), { now });
      const failedId = await outbox.insert(
        event(2, {
          status: 'failed',
          error: new Error('not yours'),
          actor: {},
          request: undefined,
          meta: undefined,
          severityLevel: 'medium',
        } as Partial<AuditorEvent>),
        { now },
      );
      expect(id).toMatch(/^[0-9a-f-]{36}$/);

      const [first, second] = await outbox.list();
      expect(first).toEqual({
        id,
        plugin: 'dead-letter',
        eventId: 'replay-create',
        severity: 'high',
        status: 'succeeded',
        actor: 'user:default/ada',
        actorDetails: { ip: '10.0.0.1', userAgent: 'test' },
        request: { method: 'POST', url: '/api/dead-letter/replays?n=1' },
        meta: { n: 1, ids: ['a', 'b'] },
        error: undefined,
        createdAt: now,
        attempts: 0,
        nextAttemptAt: now,
        lastError: undefined,
        shippedAt: undefined,
      });
      expect(second).toMatchObject({
        id: failedId,
        severity: 'medium',
        status: 'failed',
        error: 'Error: not yours',
        actor: undefined,
        actorDetails: undefined,
        request: undefined,
        meta: undefined,
      });
      expect(await outbox.backlog()).toEqual({ pending: 2, oldest: now });
    },
  );

  it.each(databases.eachSupportedId())(
    'claims due events oldest first, once, and settles only its own claim on %s',
    async databaseId => {
      const { outbox } = await createOutbox(databaseId);
      const t0 = new Date('2026-11-23T10:00:00Z');
      const ids: string[] = [];
      for (let n = 0; n < 5; n++) {
        ids.push(await outbox.insert(event(n), { now: t0 }));
      }

      const first = await outbox.claim({ limit: 3, leaseMs: 30_000, now: t0 });
      expect(first.rows.map(r => r.id)).toEqual(ids.slice(0, 3));
      // The claimed ones are leased: a second claim gets the rest only.
      const second = await outbox.claim({ limit: 3, leaseMs: 30_000, now: t0 });
      expect(second.rows.map(r => r.id)).toEqual(ids.slice(3));
      expect(
        (await outbox.claim({ limit: 3, leaseMs: 30_000, now: t0 })).rows,
      ).toEqual([]);

      // Another claim's rows are not settled by this one.
      expect(await outbox.markShipped(second.claimId, ids.slice(0, 3))).toBe(0);
      const shippedAt = new Date('2026-11-23T10:00:01Z');
      expect(
        await outbox.markShipped(
          first.claimId,
          first.rows.map(r => r.id),
          { now: shippedAt },
        ),
      ).toBe(3);
      expect(
        (await outbox.list({ shipped: true })).map(r => [r.id, r.shippedAt]),
      ).toEqual(ids.slice(0, 3).map(id => [id, shippedAt]));

      // An abandoned claim is taken over once its lease has run out; the
      // old claimant cannot settle it any more.
      const later = new Date(t0.getTime() + 31_000);
      const takeover = await outbox.claim({
        limit: 10,
        leaseMs: 30_000,
        now: later,
      });
      expect(takeover.rows.map(r => r.id)).toEqual(ids.slice(3));
      expect(
        await outbox.markShipped(
          second.claimId,
          second.rows.map(r => r.id),
        ),
      ).toBe(0);
      expect(
        await outbox.markShipped(
          takeover.claimId,
          takeover.rows.map(r => r.id),
        ),
      ).toBe(2);
      expect(await outbox.backlog()).toEqual({ pending: 0 });
    },
  );

  it.each(databases.eachSupportedId())(
    'puts a failed batch back with a later attempt per attempt count on %s',
    async databaseId => {
      const { outbox } = await createOutbox(databaseId);
      const t0 = new Date('2026-11-23T10:00:00Z');
      await outbox.insert(event(1), { now: t0 });
      await outbox.insert(event(2), { now: t0 });
      const backoffMs = (attempts: number) => 1000 * 2 ** (attempts - 1);

      let now = t0;
      for (let attempt = 1; attempt <= 3; attempt++) {
        const claim = await outbox.claim({ limit: 10, leaseMs: 30_000, now });
        expect(claim.rows).toHaveLength(2);
        expect(
          await outbox.markFailed(claim, {
            error: 'Humio answered 503',
            backoffMs,
            now,
          }),
        ).toBe(2);
        const rows = await outbox.list();
        const due = new Date(now.getTime() + backoffMs(attempt));
        expect(
          rows.map(r => [r.attempts, r.nextAttemptAt, r.lastError]),
        ).toEqual([
          [attempt, due, 'Humio answered 503'],
          [attempt, due, 'Humio answered 503'],
        ]);
        // Not due before its time.
        const early = new Date(due.getTime() - 1);
        expect(
          (await outbox.claim({ limit: 10, leaseMs: 30_000, now: early })).rows,
        ).toEqual([]);
        now = due;
      }

      // While the failing ones wait, a newer event is due at once.
      const between = new Date(now.getTime() - 1);
      const fresh = await outbox.insert(event(3), { now: between });
      const claim = await outbox.claim({
        limit: 10,
        leaseMs: 30_000,
        now: between,
      });
      expect(claim.rows.map(r => r.id)).toEqual([fresh]);
      expect(await outbox.backlog()).toMatchObject({ pending: 3 });
    },
  );

  it.each(databases.eachSupportedId())(
    'removes shipped events after the retention and never unshipped ones on %s',
    async databaseId => {
      const { outbox } = await createOutbox(databaseId);
      const old = new Date('2026-11-01T10:00:00Z');
      const recent = new Date('2026-11-20T10:00:00Z');
      const ids = [
        await outbox.insert(event(1), { now: old }),
        await outbox.insert(event(2), { now: old }),
        await outbox.insert(event(3), { now: old }),
      ];
      const claim = await outbox.claim({
        limit: 2,
        leaseMs: 1000,
        now: old,
      });
      await outbox.markShipped(claim.claimId, [ids[0]], { now: old });
      await outbox.markShipped(claim.claimId, [ids[1]], { now: recent });

      const cutoff = new Date('2026-11-16T10:00:00Z');
      expect(await outbox.deleteShippedBefore(cutoff)).toBe(1);
      expect((await outbox.list()).map(r => r.id)).toEqual(ids.slice(1));
      expect(await outbox.deleteShippedBefore(cutoff)).toBe(0);
    },
  );
});
