import { GroupEntity, UserEntity } from '@backstage/catalog-model';
import {
  defaultUserTransformer,
  GithubTeam,
  TeamTransformer,
  UserTransformer,
} from '@backstage/plugin-catalog-backend-module-github';

export const USER_LOGIN_ANNOTATION = 'github.com/user-login';
export const TEAM_SLUG_ANNOTATION = 'github.com/team-slug';

export type OrgGroupType = 'organisation' | 'colony' | 'squad';

/**
 * The team naming convention: the team named like the organisation is the
 * `organisation` group, `colony-*` teams are colonies, `squad-*` teams are
 * squads. Other teams (admins, guilds, ...) are not part of the catalog's
 * organisation and are left out.
 */
export function groupTypeOf(
  slug: string,
  org: string,
): OrgGroupType | undefined {
  const s = slug.toLowerCase();
  if (s === org.toLowerCase()) return 'organisation';
  if (s.startsWith('colony-') && s.length > 'colony-'.length) return 'colony';
  if (s.startsWith('squad-') && s.length > 'squad-'.length) return 'squad';
  return undefined;
}

/** The parent type each type may have; a parent team of another kind is ignored. */
const PARENT_TYPE: Record<OrgGroupType, OrgGroupType | undefined> = {
  organisation: undefined,
  colony: 'organisation',
  squad: 'colony',
};

function parentOf(team: GithubTeam, type: OrgGroupType, org: string) {
  const parent = team.parentTeam?.slug;
  if (!parent) return undefined;
  const wanted = PARENT_TYPE[type];
  return wanted && groupTypeOf(parent, org) === wanted
    ? parent.toLowerCase()
    : undefined;
}

/**
 * GitHub teams to Groups typed by the naming convention, with their
 * immediate members and, where the GitHub parent team follows the
 * convention (a squad under a colony, a colony under the organisation team),
 * their parent.
 */
export const conventionTeamTransformer: TeamTransformer = async (team, ctx) => {
  const type = groupTypeOf(team.slug, ctx.org);
  if (!type) return undefined;
  const group: GroupEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: team.slug.toLowerCase(),
      annotations: { [TEAM_SLUG_ANNOTATION]: team.combinedSlug },
      ...(team.description ? { description: team.description } : {}),
    },
    spec: {
      type,
      profile: {
        ...(team.name ? { displayName: team.name } : {}),
        ...(team.avatarUrl ? { picture: team.avatarUrl } : {}),
      },
      children: [],
      members: team.members.map(member => member.login),
    },
  };
  const parent = parentOf(team, type, ctx.org);
  if (parent) group.spec.parent = parent;
  return group;
};

/**
 * Organisation members to Users named by their login, always with the
 * `github.com/user-login` annotation the sign-in resolver matches on.
 */
export const conventionUserTransformer: UserTransformer = async (user, ctx) => {
  const entity = (await defaultUserTransformer(user, ctx)) as
    | UserEntity
    | undefined;
  if (!entity) return undefined;
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    [USER_LOGIN_ANNOTATION]: user.login,
  };
  return entity;
};
