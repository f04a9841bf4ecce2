import { Rng } from '@internal/dev-kit';
import { DOMAINS, FIRST_NAMES, LAST_NAMES, SQUADS } from '../vocabulary';
import type { TeamRecord, UserRecord } from '../model';
import { DAY, ORG_CREATED, squadSlug, squadTitle, USER_COUNT } from './core';
import { S } from './draws';

const userCache = new Map<number, UserRecord[]>();

export const BOTS: UserRecord[] = [
  {
    id: 29139614,
    login: 'renovate[bot]',
    name: 'renovate[bot]',
    email: '29139614+renovate[bot]@users.noreply.github.com',
    squad: null,
    type: 'Bot',
    createdAt: Date.UTC(2017, 6, 12, 7, 2, 21),
  },
  {
    id: 49699333,
    login: 'dependabot[bot]',
    name: 'dependabot[bot]',
    email: '49699333+dependabot[bot]@users.noreply.github.com',
    squad: null,
    type: 'Bot',
    createdAt: Date.UTC(2019, 3, 16, 22, 34, 25),
  },
];

/** The organisation's people: ~10 per squad, a few in none; plus the two bots. */
export function generateUsers(seed: number): UserRecord[] {
  const cached = userCache.get(seed);
  if (cached) return cached;
  const rng = new Rng(seed, S.users);
  const seen = new Set<string>();
  const users: UserRecord[] = [];
  for (let j = 0; j < USER_COUNT; j++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let login = `${first}-${last}`;
    for (let n = 2; seen.has(login); n++) login = `${first}-${last}${n}`;
    seen.add(login);
    const squadSpan = Math.floor((USER_COUNT * 0.95) / SQUADS.length);
    const squad = j < squadSpan * SQUADS.length ? j % SQUADS.length : null;
    users.push({
      id: 7_000_000 + j * 37,
      login,
      name: `${first[0].toUpperCase()}${first.slice(
        1,
      )} ${last[0].toUpperCase()}${last.slice(1)}`,
      email: `${first}.${last}@meridian.example`,
      squad,
      type: 'User',
      createdAt: Date.UTC(2014, 0, 1) + rng.int(0, 3000) * DAY,
    });
  }
  userCache.set(seed, users);
  return users;
}

export function generateTeams(): TeamRecord[] {
  return SQUADS.map((_, squad) => ({
    id: 4_100_000 + squad,
    slug: squadSlug(squad),
    name: squadTitle(squad),
    description: `${squadTitle(squad)}: owns the ${DOMAINS[squad]} domain`,
    squad,
    createdAt: ORG_CREATED + (squad + 1) * 17 * DAY,
  }));
}

export function squadMembers(users: UserRecord[], squad: number): UserRecord[] {
  return users.filter(u => u.squad === squad);
}
