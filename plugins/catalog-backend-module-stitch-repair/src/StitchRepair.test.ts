import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { REPAIR_RESULT_HASH, StitchRepair } from './StitchRepair';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

async function catalogDatabase(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  // The installed catalog's own schema, so a change there fails this test.
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@backstage/plugin-catalog-backend',
      'migrations',
    ),
  });
  return knex;
}

function entity(name: string) {
  return JSON.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'service', owner: 'group:default/squad-aura' },
  });
}

async function insertEntity(
  knex: Knex,
  name: string,
  state: { processed: boolean; stitched: boolean; queued: boolean },
) {
  const entityId = `id-${name}`;
  const entityRef = `component:default/${name}`;
  await knex('refresh_state').insert({
    entity_id: entityId,
    entity_ref: entityRef,
    unprocessed_entity: entity(name),
    processed_entity: state.processed ? entity(name) : null,
    result_hash: state.processed ? `hash-${name}` : '',
    errors: '[]',
    next_update_at: new Date(Date.now() + 3600_000),
    last_discovery_at: new Date(),
  });
  if (state.stitched) {
    await knex('final_entities').insert({
      entity_id: entityId,
      entity_ref: entityRef,
      hash: `final-${name}`,
      final_entity: entity(name),
    });
  }
  if (state.queued) {
    await knex('stitch_queue').insert({
      entity_ref: entityRef,
      stitch_ticket: `ticket-${name}`,
      next_stitch_at: new Date(),
    });
  }
}

describe.each(databases.eachSupportedId())('StitchRepair on %p', databaseId => {
  it('re-processes processed entities that were never stitched, and nothing else', async () => {
    const knex = await catalogDatabase(databaseId);
    await insertEntity(knex, 'stranded', {
      processed: true,
      stitched: false,
      queued: false,
    });
    await insertEntity(knex, 'stitched', {
      processed: true,
      stitched: true,
      queued: false,
    });
    await insertEntity(knex, 'queued', {
      processed: true,
      stitched: false,
      queued: true,
    });
    await insertEntity(knex, 'unprocessed', {
      processed: false,
      stitched: false,
      queued: false,
    });
    const logger = mockServices.logger.mock();
    const repair = StitchRepair.create({ knex, logger });

    expect(await repair.run()).toEqual(['component:default/stranded']);
    const rows = await knex('refresh_state')
      .select('entity_ref', 'result_hash', 'next_update_at')
      .orderBy('entity_ref');
    const byRef = Object.fromEntries(rows.map(r => [r.entity_ref, r]));
    expect(byRef['component:default/stranded'].result_hash).toBe(
      REPAIR_RESULT_HASH,
    );
    expect(
      new Date(byRef['component:default/stranded'].next_update_at).getTime(),
    ).toBeLessThanOrEqual(Date.now() + 1000);
    for (const untouched of ['stitched', 'queued', 'unprocessed']) {
      const row = byRef[`component:default/${untouched}`];
      expect(row.result_hash).not.toBe(REPAIR_RESULT_HASH);
      expect(new Date(row.next_update_at).getTime()).toBeGreaterThan(
        Date.now() + 1800_000,
      );
    }
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('component:default/stranded'),
    );

    // Until the catalog has processed it again, it is not picked twice.
    expect(await repair.run()).toEqual([]);
  });
});
