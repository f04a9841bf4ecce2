import {
  CheckBlocker,
  ComponentLevels,
  GroupRollup,
  GroupScorecard,
  ScorecardTrack,
} from '@internal/backstage-plugin-tech-insights-common';
import { ScorecardStore, StoredGroup } from '../store/ScorecardStore';
import { buildMatrix, ORGANISATION_KEY } from '../evaluation/rollups';

type Component = Awaited<ReturnType<ScorecardStore['componentsOf']>>[number];

/** The groups whose components roll up into `groupRef`: itself and those below it. */
export function groupAndDescendants(
  groupRef: string,
  groups: StoredGroup[],
): string[] {
  const children = new Map<string, string[]>();
  for (const group of groups) {
    if (!group.parentRef) continue;
    if (!children.has(group.parentRef)) children.set(group.parentRef, []);
    children.get(group.parentRef)!.push(group.groupRef);
  }
  const found = new Set<string>();
  const queue = [groupRef];
  while (queue.length) {
    const ref = queue.shift()!;
    if (found.has(ref)) continue;
    found.add(ref);
    queue.push(...(children.get(ref) ?? []));
  }
  return [...found];
}

/**
 * Checks that keep most components from their next level: a check blocks
 * a component when it does not pass at the level just above the one the
 * component holds.
 */
export function blockersOf(
  tracks: ScorecardTrack[],
  components: Component[],
): CheckBlocker[] {
  const levelOfCheck = new Map<string, { trackId: string; level: number }>();
  for (const track of tracks) {
    for (const level of track.levels) {
      for (const check of level.checks) {
        levelOfCheck.set(check.id, { trackId: track.id, level: level.level });
      }
    }
  }
  const tally = new Map<string, CheckBlocker>();
  for (const component of components) {
    for (const { checkId } of component.notPassing) {
      const where = levelOfCheck.get(checkId);
      if (!where) continue;
      const entry = tally.get(checkId) ?? {
        trackId: where.trackId,
        checkId,
        level: where.level,
        blocked: 0,
        failing: 0,
      };
      entry.failing += 1;
      if (component.levels[where.trackId] === where.level - 1) {
        entry.blocked += 1;
      }
      tally.set(checkId, entry);
    }
  }
  return [...tally.values()]
    .filter(b => b.blocked > 0)
    .sort(
      (a, b) =>
        b.blocked - a.blocked || b.failing - a.failing || a.level - b.level,
    );
}

function componentLevels(component: Component): ComponentLevels {
  return {
    entityRef: component.entityRef,
    ...(component.title ? { title: component.title } : {}),
    levels: component.levels,
    failingChecks: component.notPassing.map(n => n.checkId).sort(),
  };
}

/** A squad's or colony's scorecard: roll-up, blockers and components. */
export async function groupScorecard(
  store: ScorecardStore,
  tracks: ScorecardTrack[],
  groupRef: string,
): Promise<GroupScorecard | undefined> {
  const groups = await store.groups();
  const group = groups.find(g => g.groupRef === groupRef);
  if (!group) return undefined;
  const ownerRefs =
    group.type === 'organisation'
      ? undefined
      : groupAndDescendants(groupRef, groups);
  const [components, counts] = await Promise.all([
    store.componentsOf(ownerRefs),
    store.levelCounts(),
  ]);
  const matrix = buildMatrix(tracks, counts, groups);
  const rollup: GroupRollup | undefined =
    group.type === 'organisation'
      ? matrix.organisation
      : [...matrix.colonies, ...matrix.squads].find(
          g => g.groupRef === groupRef,
        ) ?? {
          groupRef,
          title: group.title,
          type: 'squad',
          components: 0,
          tracks: [],
        };
  return {
    group: rollup,
    blockers: blockersOf(tracks, components).slice(0, 20),
    components: components.map(componentLevels),
  };
}

function csvCell(value: string | number): string {
  const text = String(value);
  // Formula injection: a cell starting with = + - @ is text, not a formula.
  const inert = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** One row per component and track: level, level name, failing checks. */
export async function exportCsv(
  store: ScorecardStore,
  tracks: ScorecardTrack[],
  groupRef?: string,
): Promise<string> {
  let ownerRefs: string[] | undefined;
  if (groupRef && groupRef !== ORGANISATION_KEY) {
    const groups = await store.groups();
    const group = groups.find(g => g.groupRef === groupRef);
    ownerRefs =
      group?.type === 'organisation'
        ? undefined
        : groupAndDescendants(groupRef, groups);
  }
  const components = await store.componentsOf(ownerRefs);
  const lines = [
    [
      'component',
      'owner',
      'track',
      'level',
      'level_name',
      'max_level',
      'failing_checks',
      'evaluated_at',
    ].join(','),
  ];
  for (const component of components) {
    for (const track of tracks) {
      const level = component.levels[track.id];
      if (level === undefined) continue;
      const trackChecks = new Set(
        track.levels.flatMap(l => l.checks.map(c => c.id)),
      );
      lines.push(
        [
          component.entityRef,
          component.ownerRef ?? '',
          track.id,
          level,
          level > 0 ? track.levels[level - 1].name : '',
          track.levels.length,
          component.notPassing
            .filter(n => trackChecks.has(n.checkId))
            .map(n => n.checkId)
            .sort()
            .join(' '),
          component.evaluatedAt ?? '',
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
