import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { FactsReader } from '../evaluation/FactsReader';
import { EntityEvaluation, ScorecardStore } from './ScorecardStore';

jest.setTimeout(60_000);

const A = 'component:default/a';
const B = 'component:default/b';

function evaluation(
  entityRef: string,
  states: Record<string, 'passed' | 'failed' | 'unknown'>,
  level: number,
  ownerRef = 'group:default/squad-aura',
): EntityEvaluation {
  return {
    entityRef,
    kind: 'component',
    type: 'service',
    ownerRef,
    results: Object.entries(states).map(([checkId, state]) => ({
      checkId,
      trackId: 'basics',
      rawState: state,
      state,
      ...(state !== 'passed' ? { reason: `${checkId} is false` } : {}),
      facts: { [checkId]: state === 'passed' },
    })),
    levels: { basics: level },
  };
}

describe('ScorecardStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'keeps results and records history only on change on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await ScorecardStore.create({
        database: mockServices.database({ knex }),
      });
      const t1 = new Date('2026-11-20T10:00:00Z');
      const t2 = new Date('2026-11-20T10:30:00Z');
      const t3 = new Date('2026-11-20T11:00:00Z');

      expect(
        await store.writeEvaluations(
          [
            evaluation(A, { readme: 'passed', codeowners: 'failed' }, 1),
            evaluation(B, { readme: 'failed', codeowners: 'failed' }, 0),
          ],
          t1,
        ),
      ).toEqual({ changedChecks: 0, changedLevels: 2 });
      // Nothing changed: no history, `since` stays.
      expect(
        await store.writeEvaluations(
          [evaluation(A, { readme: 'passed', codeowners: 'failed' }, 1)],
          t2,
        ),
      ).toEqual({ changedChecks: 0, changedLevels: 0 });
      // CODEOWNERS added: one check and one level change.
      expect(
        await store.writeEvaluations(
          [evaluation(A, { readme: 'passed', codeowners: 'passed' }, 2)],
          t3,
        ),
      ).toEqual({ changedChecks: 1, changedLevels: 1 });

      const stored = await store.entity(A);
      expect(stored?.entity).toMatchObject({
        entityRef: A,
        ownerRef: 'group:default/squad-aura',
        evaluatedAt: t3.toISOString(),
      });
      expect(stored?.levels).toEqual({ basics: 2 });
      const bySince = Object.fromEntries(
        stored!.results.map(r => [r.checkId, r.since]),
      );
      expect(bySince).toEqual({
        readme: t1.toISOString(),
        codeowners: t3.toISOString(),
      });
      const history = await store.history(A);
      expect(history.levels).toEqual([
        { trackId: 'basics', level: 2, at: t3.toISOString() },
        { trackId: 'basics', level: 1, at: t1.toISOString() },
      ]);
      // First results are no changes; a change says what it left and since when.
      expect(history.checks).toEqual([
        {
          checkId: 'codeowners',
          state: 'passed',
          at: t3.toISOString(),
          previousState: 'failed',
          previousSince: t1.toISOString(),
        },
      ]);

      // A check dropped from the tracks leaves no result behind.
      await store.writeEvaluations(
        [evaluation(A, { readme: 'passed' }, 1)],
        t3,
      );
      expect((await store.entity(A))!.results.map(r => r.checkId)).toEqual([
        'readme',
      ]);

      expect(
        (await store.levelCounts()).sort((x, y) => x.level - y.level),
      ).toEqual([
        {
          ownerRef: 'group:default/squad-aura',
          trackId: 'basics',
          level: 0,
          count: 1,
        },
        {
          ownerRef: 'group:default/squad-aura',
          trackId: 'basics',
          level: 1,
          count: 1,
        },
      ]);
      const components = await store.componentsOf(['group:default/squad-aura']);
      expect(
        components.map(c => [c.entityRef, c.levels, c.notPassing.length]),
      ).toEqual([
        [A, { basics: 1 }, 0],
        [B, { basics: 0 }, 2],
      ]);
      expect(await store.componentsOf(['group:default/other'])).toEqual([]);

      // Gone from the catalog: results go, history stays.
      expect(await store.removeEntitiesExcept([A])).toBe(1);
      expect(await store.entity(B)).toBeUndefined();
      expect((await store.history(B)).levels).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'serialises concurrent evaluations of one entity without double history on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await ScorecardStore.create({
        database: mockServices.database({ knex }),
      });
      const at = new Date('2026-11-20T10:00:00Z');
      await Promise.all(
        Array.from({ length: 5 }, () =>
          store.writeEvaluations([evaluation(A, { readme: 'failed' }, 0)], at),
        ),
      );
      expect((await store.history(A)).levels).toHaveLength(1);
      const later = new Date('2026-11-20T10:30:00Z');
      await Promise.all(
        Array.from({ length: 5 }, () =>
          store.writeEvaluations(
            [evaluation(A, { readme: 'passed' }, 1)],
            later,
          ),
        ),
      );
      expect((await store.history(A)).checks).toHaveLength(1);
      expect((await store.history(A)).levels).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'creates, replaces and revokes exemptions, and keeps an audit trail on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await ScorecardStore.create({
        database: mockServices.database({ knex }),
      });
      const now = new Date('2026-11-21T12:00:00Z');
      const first = await store.createExemption({
        entityRef: A,
        checkId: 'readme',
        justification: 'Docs move to TechDocs next sprint',
        expiresAt: new Date('2026-12-01T00:00:00Z'),
        createdBy: 'user:default/ann',
        now,
      });
      const expired = await store.createExemption({
        entityRef: B,
        checkId: 'readme',
        justification: 'Was waiting for the new template',
        expiresAt: new Date('2026-11-21T11:00:00Z'),
        createdBy: 'user:default/ann',
        now: new Date('2026-11-01T00:00:00Z'),
      });
      expect((await store.activeExemptions(now)).map(e => e.id)).toEqual([
        first.id,
      ]);
      // A second exemption of the same check replaces the first.
      const second = await store.createExemption({
        entityRef: A,
        checkId: 'readme',
        justification: 'Extended: TechDocs migration slipped',
        expiresAt: new Date('2026-12-15T00:00:00Z'),
        createdBy: 'user:default/bob',
        now,
      });
      const active = await store.activeExemptions(now);
      expect(active.map(e => e.id)).toEqual([second.id]);
      expect(await store.exemption(first.id)).toMatchObject({
        revokedBy: 'user:default/bob',
      });
      const revoked = await store.revokeExemption(
        second.id,
        'user:default/platform',
        now,
      );
      expect(revoked).toMatchObject({
        id: second.id,
        revokedBy: 'user:default/platform',
        revokedAt: now.toISOString(),
      });
      expect(await store.activeExemptions(now)).toEqual([]);
      expect(await store.revokeExemption('missing', 'x', now)).toBeUndefined();
      expect((await store.exemptions([B])).map(e => e.id)).toEqual([
        expired.id,
      ]);

      await store.audit({
        at: now.toISOString(),
        actor: 'user:default/ann',
        action: 'exemption.create',
        entityRef: A,
        checkId: 'readme',
        details: { justification: 'Docs move' },
      });
      expect(await store.auditTrail(A)).toEqual([
        {
          at: now.toISOString(),
          actor: 'user:default/ann',
          action: 'exemption.create',
          entityRef: A,
          checkId: 'readme',
          details: { justification: 'Docs move' },
        },
      ]);
      expect(await store.auditTrail(B)).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'upserts daily roll-ups and reads them back per group and track on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await ScorecardStore.create({
        database: mockServices.database({ knex }),
      });
      const rows = [
        {
          groupRef: 'organisation',
          trackId: 'basics',
          level: 0,
          components: 3,
        },
        {
          groupRef: 'organisation',
          trackId: 'basics',
          level: 1,
          components: 1,
        },
      ];
      await Promise.all([
        store.writeDaily('2026-11-20', rows),
        store.writeDaily('2026-11-20', rows),
      ]);
      await store.writeDaily('2026-11-21', [
        {
          groupRef: 'organisation',
          trackId: 'basics',
          level: 1,
          components: 4,
        },
      ]);
      expect(await store.daily('organisation', 'basics', '2026-11-01')).toEqual(
        [
          { day: '2026-11-20', level: 0, components: 3 },
          { day: '2026-11-20', level: 1, components: 1 },
          { day: '2026-11-21', level: 1, components: 4 },
        ],
      );
      // A later evaluation the same day replaces that day's rows.
      await store.writeDaily('2026-11-21', [
        {
          groupRef: 'organisation',
          trackId: 'basics',
          level: 2,
          components: 4,
        },
      ]);
      expect(await store.daily('organisation', 'basics', '2026-11-21')).toEqual(
        [{ day: '2026-11-21', level: 2, components: 4 }],
      );
      await store.pruneDaily('2026-11-21');
      expect(
        await store.daily('organisation', 'basics', '2026-01-01'),
      ).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    "reads the latest facts of many entities from the community backend's table on %s",
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@backstage-community/plugin-tech-insights-backend',
          'migrations',
        ),
      });
      const reader = new FactsReader(knex);
      for (const id of ['meridian-github', 'meridian-catalog', 'other']) {
        await knex('fact_schemas').insert({
          id,
          version: '1.0.0',
          schema: '{}',
        });
      }
      const row = (id: string, entity: string, facts: object, ts: string) => ({
        id,
        version: '1.0.0',
        entity,
        facts: JSON.stringify(facts),
        timestamp: ts,
      });
      await knex('facts').insert([
        row(
          'meridian-github',
          'component:default/a',
          { hasReadme: false },
          '2026-11-20 10:00:00',
        ),
        row(
          'meridian-github',
          'component:default/a',
          { hasReadme: true },
          '2026-11-20 11:00:00',
        ),
        row(
          'meridian-catalog',
          'component:default/a',
          { ownerIsSquad: true },
          '2026-11-20 09:00:00',
        ),
        row(
          'meridian-github',
          'component:default/b',
          { hasReadme: false },
          '2026-11-20 10:00:00',
        ),
        row(
          'other',
          'component:default/b',
          { secret: 1 },
          '2026-11-20 12:00:00',
        ),
      ]);
      const all = await reader.latest(['meridian-github', 'meridian-catalog']);
      expect(Object.fromEntries(all)).toEqual({
        'component:default/a': { hasReadme: true, ownerIsSquad: true },
        'component:default/b': { hasReadme: false },
      });
      const one = await reader.latest(
        ['meridian-github'],
        ['component:default/b'],
      );
      expect(Object.fromEntries(one)).toEqual({
        'component:default/b': { hasReadme: false },
      });
    },
  );
});
