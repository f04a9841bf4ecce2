import { chunks } from '@internal/backstage-plugin-portal-node';
import { Knex } from 'knex';
import { BATCH, StoredGroup } from './rows';

export type DailyRow = {
  groupRef: string;
  trackId: string;
  level: number;
  components: number;
};

export async function replaceGroups(
  knex: Knex,
  groups: StoredGroup[],
): Promise<void> {
  await knex.transaction(async tx => {
    await tx('scorecard_groups').delete();
    for (const batch of chunks(groups, BATCH)) {
      await tx('scorecard_groups').insert(
        batch.map(g => ({
          group_ref: g.groupRef,
          title: g.title,
          type: g.type,
          parent_ref: g.parentRef ?? null,
        })),
      );
    }
  });
}

export async function readGroups(knex: Knex): Promise<StoredGroup[]> {
  const rows = (await knex('scorecard_groups').orderBy('group_ref')) as Array<{
    group_ref: string;
    title: string;
    type: string;
    parent_ref: string | null;
  }>;
  return rows.map(r => ({
    groupRef: r.group_ref,
    title: r.title,
    type: r.type,
    ...(r.parent_ref ? { parentRef: r.parent_ref } : {}),
  }));
}

/**
 * Replaces one day's roll-up rows (a later evaluation the same day wins).
 * Upserts, so two evaluations finishing together do not collide.
 */
export async function writeDaily(
  knex: Knex,
  day: string,
  rows: DailyRow[],
): Promise<void> {
  await knex.transaction(async tx => {
    for (const batch of chunks(rows, BATCH)) {
      await tx('scorecard_daily')
        .insert(
          batch.map(r => ({
            day,
            group_ref: r.groupRef,
            track_id: r.trackId,
            level: r.level,
            components: r.components,
          })),
        )
        .onConflict(['group_ref', 'track_id', 'day', 'level'])
        .merge();
    }
    const keep = new Set(
      rows.map(r => `${r.groupRef}\n${r.trackId}\n${r.level}`),
    );
    const existing = (await tx('scorecard_daily')
      .where('day', day)
      .select('group_ref', 'track_id', 'level')) as Array<{
      group_ref: string;
      track_id: string;
      level: number | string;
    }>;
    for (const row of existing) {
      if (
        !keep.has(`${row.group_ref}\n${row.track_id}\n${Number(row.level)}`)
      ) {
        await tx('scorecard_daily')
          .where({
            day,
            group_ref: row.group_ref,
            track_id: row.track_id,
            level: row.level,
          })
          .delete();
      }
    }
  });
}

export async function readDaily(
  knex: Knex,
  groupRef: string,
  trackId: string,
  sinceDay: string,
): Promise<Array<{ day: string; level: number; components: number }>> {
  const rows = (await knex('scorecard_daily')
    .where({ group_ref: groupRef, track_id: trackId })
    .where('day', '>=', sinceDay)
    .orderBy(['day', 'level'])) as Array<{
    day: string;
    level: number | string;
    components: number | string;
  }>;
  return rows.map(r => ({
    day: r.day,
    level: Number(r.level),
    components: Number(r.components),
  }));
}

export async function pruneDaily(knex: Knex, beforeDay: string) {
  await knex('scorecard_daily').where('day', '<', beforeDay).delete();
}
