import { graphql as octokitGraphql } from '@octokit/graphql';
import { LocalGitHub, startGitHubServer } from './index';

/*
 * The organisation as nested teams and members with roles, through the
 * GraphQL fields the catalog's github-org provider queries.
 */

type TeamNode = {
  slug: string;
  combinedSlug: string;
  editTeamUrl: string;
  parentTeam: { slug: string } | null;
  members: {
    pageInfo: { hasNextPage: boolean };
    nodes: Array<{ login: string }>;
  };
};

describe('organisation teams and members (GraphQL)', () => {
  let github: LocalGitHub;
  let gql: typeof octokitGraphql;

  beforeAll(async () => {
    github = await startGitHubServer({
      repoCount: 5,
      org: 'meridian-bank',
      token: 'dev',
    });
    gql = octokitGraphql.defaults({
      baseUrl: github.apiBaseUrl,
      headers: { authorization: 'token dev' },
    });
  });
  afterAll(() => github.close());

  async function allTeams(extra = '') {
    const teams: TeamNode[] = [];
    let cursor: string | null = null;
    for (;;) {
      const r: {
        organization: {
          teams: {
            pageInfo: { hasNextPage: boolean; endCursor: string };
            nodes: TeamNode[];
          };
        };
      } = await gql(
        `query ($org: String!, $cursor: String) {
          organization(login: $org) {
            teams(first: 10, after: $cursor${extra}) {
              pageInfo { hasNextPage endCursor }
              nodes {
                slug combinedSlug editTeamUrl
                parentTeam { slug }
                members(first: 100, membership: IMMEDIATE) {
                  pageInfo { hasNextPage }
                  nodes { login }
                }
              }
            }
          }
        }`,
        { org: 'meridian-bank', cursor },
      );
      teams.push(...r.organization.teams.nodes);
      if (!r.organization.teams.pageInfo.hasNextPage) return teams;
      cursor = r.organization.teams.pageInfo.endCursor;
    }
  }

  it('nests squads under colonies under the organisation team', async () => {
    const teams = await allTeams();
    const bySlug = new Map(teams.map(t => [t.slug, t]));
    expect(teams).toHaveLength(37);
    expect(bySlug.get('meridian-bank')!.parentTeam).toBeNull();
    const colonies = teams.filter(t => t.slug.startsWith('colony-'));
    expect(colonies).toHaveLength(6);
    for (const c of colonies) {
      expect(c.parentTeam).toEqual({ slug: 'meridian-bank' });
    }
    const squads = teams.filter(t => t.slug.startsWith('squad-'));
    expect(squads).toHaveLength(30);
    for (const s of squads) {
      expect(s.parentTeam?.slug).toMatch(/^colony-/);
      expect(s.members.nodes.length).toBeGreaterThan(5);
    }
    expect(bySlug.get('squad-aura')).toMatchObject({
      combinedSlug: 'meridian-bank/squad-aura',
      editTeamUrl: `${github.url}/orgs/meridian-bank/teams/squad-aura/edit`,
      parentTeam: { slug: 'colony-payments' },
    });
    const roots = await allTeams(', rootTeamsOnly: true');
    expect(roots.map(t => t.slug)).toEqual(['meridian-bank']);
  });

  it('counts child teams in ALL membership and not in IMMEDIATE', async () => {
    const r: {
      organization: {
        team: {
          immediate: { totalCount: number; nodes: Array<{ login: string }> };
          all: { totalCount: number };
          childTeams: { nodes: Array<{ slug: string }> };
        };
      };
    } = await gql(
      `query {
        organization(login: "meridian-bank") {
          team(slug: "colony-payments") {
            immediate: members(first: 100, membership: IMMEDIATE) { totalCount nodes { login } }
            all: members(first: 100) { totalCount }
            childTeams(first: 10) { nodes { slug } }
          }
        }
      }`,
    );
    const team = r.organization.team;
    expect(team.immediate.totalCount).toBeGreaterThan(0);
    expect(team.childTeams.nodes.map(t => t.slug)).toEqual([
      'squad-aura',
      'squad-lumen',
      'squad-helix',
      'squad-kestrel',
      'squad-badger',
    ]);
    expect(team.all.totalCount).toBeGreaterThan(team.immediate.totalCount + 25);
  });

  it('lists every member with a role, profile fields and verified emails', async () => {
    const logins: string[] = [];
    const roles = new Set<string>();
    let cursor: string | null = null;
    for (;;) {
      const r: {
        organization: {
          membersWithRole: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string };
            edges: Array<{
              role: string;
              node: {
                login: string;
                name: string;
                bio: string | null;
                avatarUrl: string;
                id: string;
                organizationVerifiedDomainEmails: string[];
              };
            }>;
          };
        };
      } = await gql(
        `query ($org: String!, $cursor: String) {
          organization(login: $org) {
            membersWithRole(first: 100, after: $cursor) {
              totalCount
              pageInfo { hasNextPage endCursor }
              edges {
                role
                node { login name bio avatarUrl id organizationVerifiedDomainEmails(login: $org) }
              }
            }
          }
        }`,
        { org: 'meridian-bank', cursor },
      );
      for (const e of r.organization.membersWithRole.edges) {
        logins.push(e.node.login);
        roles.add(e.role);
        expect(e.node.organizationVerifiedDomainEmails).toEqual([
          expect.stringMatching(/@meridian\.example$/),
        ]);
      }
      if (!r.organization.membersWithRole.pageInfo.hasNextPage) break;
      cursor = r.organization.membersWithRole.pageInfo.endCursor;
    }
    expect(logins.length).toBe(320);
    expect(new Set(logins).size).toBe(320);
    expect([...roles].sort()).toEqual(['ADMIN', 'MEMBER']);
  });

  it('finds the teams a person is an immediate member of', async () => {
    const [login] = github.control.squadMembers('squad-aura');
    const r: {
      organization: { teams: { nodes: Array<{ slug: string }> } };
    } = await gql(
      `query ($logins: [String!]) {
        organization(login: "meridian-bank") {
          teams(first: 50, userLogins: $logins) { nodes { slug } }
        }
      }`,
      { logins: [login] },
    );
    expect(r.organization.teams.nodes.map(t => t.slug)).toEqual(['squad-aura']);
  });
});
