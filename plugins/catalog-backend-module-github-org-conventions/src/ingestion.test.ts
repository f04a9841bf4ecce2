import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity, GroupEntity, UserEntity } from '@backstage/catalog-model';
import catalogModuleGithubOrg from '@backstage/plugin-catalog-backend-module-github-org';
import { LocalGitHub, startGitHubServer } from '@internal/dev-github';
import { startCatalogOnGitHub } from '@internal/portal-test-utils/catalog';
import type { AddressInfo } from 'net';
import { catalogModuleGithubOrgConventions } from './module';

jest.setTimeout(180_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * The real github-org provider with the conventions' transformers, in a real
 * catalog, reading the local GitHub's organisation (an organisation team,
 * six colonies, thirty squads, 320 members).
 */
describe('the organisation from GitHub into the catalog', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let github: LocalGitHub;

  beforeAll(async () => {
    github = await startGitHubServer({
      repoCount: 3,
      org: 'meridian-bank',
      token: 'test-token',
    });
  });
  afterAll(() => github?.close());

  it.each(databases.eachSupportedId())(
    'types squads, colonies and the organisation, with users and memberships (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startCatalogOnGitHub({
        knex,
        github,
        token: 'test-token',
        modules: [catalogModuleGithubOrg, catalogModuleGithubOrgConventions],
        catalog: {
          processingInterval: { seconds: 1 },
          providers: {
            githubOrg: {
              id: 'test',
              githubUrl: github.url,
              orgs: ['meridian-bank'],
              schedule: {
                frequency: { minutes: 30 },
                timeout: { minutes: 3 },
                initialDelay: { seconds: 1 },
              },
              pageSizes: {
                teams: 50,
                teamMembers: 100,
                organizationMembers: 100,
              },
            },
          },
        },
      });
      const { port } = backend.server.address() as AddressInfo;
      const entities = async (kind: string): Promise<Entity[]> => {
        const res = await fetch(
          `http://127.0.0.1:${port}/api/catalog/entities/by-query?filter=kind=${kind}&limit=1000`,
        );
        expect(res.status).toBe(200);
        return ((await res.json()) as { items: Entity[] }).items;
      };

      try {
        let groups: GroupEntity[] = [];
        let users: UserEntity[] = [];
        for (let i = 0; i < 120; i++) {
          groups = (await entities('group')) as GroupEntity[];
          users = (await entities('user')) as UserEntity[];
          const stitched = users.filter(u =>
            u.relations?.some(r => r.type === 'memberOf'),
          );
          if (groups.length === 37 && stitched.length === 320) break;
          await sleep(1000);
        }

        const byName = new Map(groups.map(g => [g.metadata.name, g]));
        expect(groups).toHaveLength(37);
        expect(byName.get('meridian-bank')?.spec).toMatchObject({
          type: 'organisation',
        });
        expect(byName.get('meridian-bank')?.spec.parent).toBeUndefined();
        const colonies = groups.filter(g => g.spec.type === 'colony');
        expect(colonies.map(g => g.metadata.name).sort()).toEqual([
          'colony-data',
          'colony-everyday-banking',
          'colony-lending',
          'colony-payments',
          'colony-platform',
          'colony-risk',
        ]);
        for (const colony of colonies) {
          expect(colony.spec.parent).toBe('meridian-bank');
        }
        const squads = groups.filter(g => g.spec.type === 'squad');
        expect(squads).toHaveLength(30);
        for (const squad of squads) {
          expect(squad.metadata.name).toMatch(/^squad-/);
          expect(squad.spec.parent).toMatch(/^colony-/);
        }
        const aura = byName.get('squad-aura')!;
        expect(aura.spec.parent).toBe('colony-payments');
        expect(aura.spec.profile?.displayName).toBe('Squad Aura');
        expect(
          aura.relations
            ?.filter(r => r.type === 'childOf')
            .map(r => r.targetRef),
        ).toEqual(['group:default/colony-payments']);
        expect(
          byName
            .get('colony-payments')!
            .relations?.filter(r => r.type === 'parentOf')
            .map(r => r.targetRef)
            .sort(),
        ).toEqual(
          [
            'squad-aura',
            'squad-badger',
            'squad-helix',
            'squad-kestrel',
            'squad-lumen',
          ].map(n => `group:default/${n}`),
        );

        // Every member is a User carrying the login the sign-in resolver
        // matches; squad members are members of their squad.
        expect(users).toHaveLength(320);
        for (const user of users) {
          expect(user.metadata.annotations?.['github.com/user-login']).toBe(
            user.metadata.name,
          );
        }
        const auraMembers = github.control.squadMembers('squad-aura');
        expect(auraMembers.length).toBeGreaterThan(5);
        for (const login of auraMembers) {
          const user = users.find(u => u.metadata.name === login)!;
          expect(user.spec.memberOf).toEqual(['squad-aura']);
          expect(
            user.relations
              ?.filter(r => r.type === 'memberOf')
              .map(r => r.targetRef),
          ).toEqual(['group:default/squad-aura']);
        }
      } finally {
        await backend.stop();
      }
    },
  );
});
