import {
  GroupRollup,
  ScorecardMatrix,
  ScorecardTrack,
  TrackRollup,
  TrendPoint,
} from '@internal/backstage-plugin-tech-insights-common';
import { StoredGroup } from '../store/ScorecardStore';

/** The daily roll-up key of the whole organisation. */
export const ORGANISATION_KEY = 'organisation';

type LevelCount = {
  ownerRef?: string;
  trackId: string;
  level: number;
  count: number;
};

/** Where an owner's components roll up to: itself, its colony, the organisation. */
export function rollupKeys(
  ownerRef: string | undefined,
  groups: Map<string, StoredGroup>,
): string[] {
  const keys = [ORGANISATION_KEY];
  const seen = new Set<string>();
  let ref = ownerRef;
  // Up the parent chain, short of the root organisation group: a squad,
  // its colony (and any group in between).
  while (ref && !seen.has(ref)) {
    seen.add(ref);
    const group = groups.get(ref);
    if (group?.type === 'organisation') break;
    keys.push(ref);
    ref = group?.parentRef;
  }
  return keys;
}

/** Daily rows: components per group, track and level. */
export function rollupRows(
  entities: Array<{ ownerRef?: string; levels: Record<string, number> }>,
  groups: StoredGroup[],
) {
  const byRef = new Map(groups.map(g => [g.groupRef, g]));
  const counts = new Map<string, number>();
  for (const entity of entities) {
    const keys = rollupKeys(entity.ownerRef, byRef);
    for (const [trackId, level] of Object.entries(entity.levels)) {
      for (const key of keys) {
        const id = `${key}\n${trackId}\n${level}`;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
  }
  return [...counts.entries()].map(([id, components]) => {
    const [groupRef, trackId, level] = id.split('\n');
    return { groupRef, trackId, level: Number(level), components };
  });
}

function maxLevel(track: ScorecardTrack): number {
  return track.levels.length;
}

/** Per-level counts of one group and track, as shares certified. */
export function trackRollup(
  track: ScorecardTrack,
  atLevelCounts: Map<number, number>,
): TrackRollup {
  const max = maxLevel(track);
  const atLevel = Array.from(
    { length: max + 1 },
    (_, level) => atLevelCounts.get(level) ?? 0,
  );
  const components = atLevel.reduce((a, b) => a + b, 0);
  const certifiedPercent = Array.from({ length: max }, (_, i) => {
    const atOrAbove = atLevel.slice(i + 1).reduce((a, b) => a + b, 0);
    return components ? Math.round((atOrAbove / components) * 1000) / 10 : 0;
  });
  return { trackId: track.id, components, atLevel, certifiedPercent };
}

/**
 * The squads × tracks matrix: every squad, colony and the organisation,
 * from components counted per owner, track and level.
 */
export function buildMatrix(
  tracks: ScorecardTrack[],
  counts: LevelCount[],
  groups: StoredGroup[],
  evaluatedAt?: string,
): ScorecardMatrix {
  const byRef = new Map(groups.map(g => [g.groupRef, g]));
  // group key -> track -> level -> components
  const tally = new Map<string, Map<string, Map<number, number>>>();
  const components = new Map<string, number>();
  for (const count of counts) {
    for (const key of rollupKeys(count.ownerRef, byRef)) {
      if (!tally.has(key)) tally.set(key, new Map());
      const tracksOf = tally.get(key)!;
      if (!tracksOf.has(count.trackId)) tracksOf.set(count.trackId, new Map());
      const levels = tracksOf.get(count.trackId)!;
      levels.set(count.level, (levels.get(count.level) ?? 0) + count.count);
    }
  }
  const rollup = (
    key: string,
    group: Omit<GroupRollup, 'tracks' | 'components'>,
  ): GroupRollup => {
    const trackRollups = tracks.map(track =>
      trackRollup(track, tally.get(key)?.get(track.id) ?? new Map()),
    );
    components.set(key, Math.max(0, ...trackRollups.map(t => t.components)));
    return {
      ...group,
      components: components.get(key)!,
      tracks: trackRollups,
    };
  };
  const organisationGroup = groups.find(g => g.type === 'organisation');
  const colonies = groups
    .filter(g => g.type === 'colony')
    .map(g =>
      rollup(g.groupRef, {
        groupRef: g.groupRef,
        title: g.title,
        type: 'colony',
        ...(g.parentRef ? { parentRef: g.parentRef } : {}),
      }),
    );
  const squads = groups
    .filter(g => g.type === 'squad')
    .map(g =>
      rollup(g.groupRef, {
        groupRef: g.groupRef,
        title: g.title,
        type: 'squad',
        ...(g.parentRef ? { parentRef: g.parentRef } : {}),
      }),
    );
  return {
    ...(evaluatedAt ? { evaluatedAt } : {}),
    tracks,
    organisation: rollup(ORGANISATION_KEY, {
      groupRef: organisationGroup?.groupRef ?? ORGANISATION_KEY,
      title: organisationGroup?.title ?? 'Organisation',
      type: 'organisation',
    }),
    colonies,
    squads,
  };
}

/** Daily rows of one group and track as percentages certified per level. */
export function trendPoints(
  track: ScorecardTrack,
  rows: Array<{ day: string; level: number; components: number }>,
): TrendPoint[] {
  const byDay = new Map<string, Map<number, number>>();
  for (const row of rows) {
    if (!byDay.has(row.day)) byDay.set(row.day, new Map());
    byDay.get(row.day)!.set(row.level, row.components);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, levels]) => {
      const rollup = trackRollup(track, levels);
      return {
        day,
        components: rollup.components,
        certifiedPercent: rollup.certifiedPercent,
      };
    });
}
