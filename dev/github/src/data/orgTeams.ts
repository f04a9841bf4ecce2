import { SQUADS } from './vocabulary';
import type { TeamRecord, UserRecord } from './model';

const DAY = 24 * 60 * 60 * 1000;

/** Colonies of the nested-team structure; squad i belongs to colony i % 6. */
export const COLONIES = [
  'payments',
  'lending',
  'everyday-banking',
  'platform',
  'risk',
  'data',
] as const;

export function colonySlug(colony: number): string {
  return `colony-${COLONIES[colony]}`;
}

function colonyTitle(colony: number): string {
  const words = COLONIES[colony].split('-');
  return `${words
    .map(w => `${w[0].toUpperCase()}${w.slice(1)}`)
    .join(' ')} Colony`;
}

/**
 * The organisation as nested teams, the way the portal's naming convention
 * expects it: a root team named like the organisation, six `colony-*` teams
 * under it and the 30 `squad-*` teams under the colonies. Squad teams keep
 * their members; the people in no squad are the organisation team's (the
 * first two) and the colony teams' (the rest, round robin) immediate members.
 */
export function withOrgTeams(
  org: string,
  squadTeams: TeamRecord[],
  users: UserRecord[],
  created: number,
): TeamRecord[] {
  const unassigned = users
    .filter(u => u.type === 'User' && u.squad === null)
    .map(u => u.login);
  const leads = unassigned.slice(2);
  const root: TeamRecord = {
    id: 4_000_000,
    slug: org.toLowerCase(),
    name: org,
    description: `Everyone in ${org} engineering`,
    squad: -1,
    createdAt: created,
    memberLogins: unassigned.slice(0, 2),
  };
  const colonies: TeamRecord[] = COLONIES.map((_, c) => ({
    id: 4_050_000 + c,
    slug: colonySlug(c),
    name: colonyTitle(c),
    description: `${colonyTitle(c)}: squads ${SQUADS.filter(
      (__, s) => s % COLONIES.length === c,
    ).join(', ')}`,
    squad: -1,
    createdAt: created + (c + 1) * DAY,
    parentSlug: root.slug,
    memberLogins: leads.filter((__, i) => i % COLONIES.length === c),
  }));
  const squads = squadTeams.map(t => ({
    ...t,
    parentSlug: colonySlug(t.squad % COLONIES.length),
  }));
  return [root, ...colonies, ...squads];
}
