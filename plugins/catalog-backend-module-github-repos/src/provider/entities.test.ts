import { ConfigReader } from '@backstage/config';
import { readProviderConfigs } from '../config';
import type { GitHubRepository } from '../github/GitHubClient';
import { entityName, repositoryEntity, repositoryOwner } from './entities';
import { graphqlUrlFor } from './GitHubReposEntityProvider';

const [config] = readProviderConfigs(
  new ConfigReader({
    catalog: {
      providers: {
        githubRepos: {
          meridian: {
            organization: 'meridian',
            owner: { teams: { 'payments-team': 'squad-aura' } },
          },
        },
      },
    },
  }),
);

function repo(over: Partial<GitHubRepository> = {}): GitHubRepository {
  return {
    name: 'payments-ledger-api',
    nameWithOwner: 'meridian/payments-ledger-api',
    description: 'Posts payments to the ledger',
    url: 'https://github.com/meridian/payments-ledger-api',
    isArchived: false,
    pushedAt: '2026-11-20T10:00:00Z',
    primaryLanguage: { name: 'Go' },
    repositoryTopics: {
      nodes: [
        { topic: { name: 'type-library' } },
        { topic: { name: 'payments' } },
      ],
    },
    defaultBranchRef: { name: 'main' },
    repositoryCustomPropertyValues: { nodes: [] },
    catalogInfo: null,
    codeowners: null,
    githubCodeowners: null,
    ...over,
  };
}

describe('repositoryEntity', () => {
  it('describes a repository without catalog-info.yaml as a Component', () => {
    const entity = repositoryEntity(
      repo({
        repositoryCustomPropertyValues: {
          nodes: [{ propertyName: 'squad', value: 'squad-orion' }],
        },
      }),
      config,
      'github-repos-meridian',
    );
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payments-ledger-api',
        title: 'payments-ledger-api',
        description: 'Posts payments to the ledger',
        tags: ['type-library', 'payments', 'go'],
        annotations: expect.objectContaining({
          'github.com/project-slug': 'meridian/payments-ledger-api',
          'backstage.io/source-location':
            'url:https://github.com/meridian/payments-ledger-api/tree/main/',
          'meridian.bank/ingested-by': 'github-repos-meridian',
        }),
        links: [
          {
            url: 'https://github.com/meridian/payments-ledger-api',
            title: 'Repository',
            icon: 'github',
          },
        ],
      },
      spec: {
        type: 'library',
        lifecycle: 'production',
        owner: 'group:default/squad-orion',
      },
    });
  });

  it('marks archived repositories deprecated', () => {
    const entity = repositoryEntity(repo({ isArchived: true }), config, 'p');
    expect(entity.spec?.lifecycle).toBe('deprecated');
  });

  it('hands over a repository’s own catalog-info.yaml as a Location', () => {
    const entity = repositoryEntity(
      repo({
        catalogInfo: { id: 'blob' },
        defaultBranchRef: { name: 'master' },
      }),
      config,
      'p',
    );
    expect(entity).toMatchObject({
      kind: 'Location',
      spec: {
        type: 'url',
        target:
          'https://github.com/meridian/payments-ledger-api/blob/master/catalog-info.yaml',
      },
    });
    expect(entity.metadata.name).toMatch(/^github-[0-9a-f]{16}$/);
  });

  it('keeps names and tags within the catalog rules', () => {
    expect(entityName('My Repo!! (legacy)')).toBe('My-Repo-legacy');
    expect(entityName('x'.repeat(80))).toHaveLength(63);
    const entity = repositoryEntity(
      repo({
        repositoryTopics: { nodes: [{ topic: { name: 'C++ Tools' } }] },
        primaryLanguage: { name: 'Objective-C' },
      }),
      config,
      'p',
    );
    expect(entity.metadata.tags).toEqual(['c++-tools', 'objective-c']);
  });
});

describe('repositoryOwner', () => {
  it('tries the custom property, then a squad topic, then CODEOWNERS', () => {
    expect(
      repositoryOwner(
        repo({
          repositoryTopics: { nodes: [{ topic: { name: 'squad-nova' } }] },
          repositoryCustomPropertyValues: {
            nodes: [{ propertyName: 'squad', value: 'squad-orion' }],
          },
        }),
        config,
      ),
    ).toBe('group:default/squad-orion');
    expect(
      repositoryOwner(
        repo({
          repositoryTopics: { nodes: [{ topic: { name: 'squad-nova' } }] },
        }),
        config,
      ),
    ).toBe('group:default/squad-nova');
    expect(
      repositoryOwner(
        repo({
          githubCodeowners: {
            text: '# owners\n*  @meridian/someone-else\ndocs/ @meridian/writers\n* @meridian/payments-team\n',
          },
        }),
        config,
      ),
    ).toBe('group:default/squad-aura');
    expect(repositoryOwner(repo(), config)).toBe('group:default/unowned');
  });

  it('reads sources in the configured order', () => {
    const [topicsOnly] = readProviderConfigs(
      new ConfigReader({
        catalog: {
          providers: {
            githubRepos: {
              x: {
                organization: 'meridian',
                owner: {
                  sources: [{ topicPrefix: 'team-' }],
                  fallback: 'platform',
                },
              },
            },
          },
        },
      }),
    );
    expect(
      repositoryOwner(
        repo({ repositoryTopics: { nodes: [{ topic: { name: 'team-x' } }] } }),
        topicsOnly,
      ),
    ).toBe('group:default/team-x');
    expect(repositoryOwner(repo(), topicsOnly)).toBe('group:default/platform');
  });
});

describe('readProviderConfigs', () => {
  it('has defaults and rejects bad values', () => {
    expect(config).toMatchObject({
      host: 'github.com',
      pageSize: 100,
      rejectEmptySourceCollections: true,
      schedule: { burstInterval: { seconds: 30 }, burstLength: { minutes: 3 } },
    });
    expect(() =>
      readProviderConfigs(
        new ConfigReader({
          catalog: {
            providers: {
              githubRepos: { x: { organization: 'm', pageSize: 500 } },
            },
          },
        }),
      ),
    ).toThrow(/pageSize must be a whole number from 1 to 100/);
  });
});

describe('graphqlUrlFor', () => {
  it('finds GraphQL next to the REST base URL', () => {
    expect(graphqlUrlFor('https://api.github.com')).toBe(
      'https://api.github.com/graphql',
    );
    expect(graphqlUrlFor('https://ghe.example.com/api/v3/')).toBe(
      'https://ghe.example.com/api/graphql',
    );
    expect(graphqlUrlFor('http://127.0.0.1:7900')).toBe(
      'http://127.0.0.1:7900/graphql',
    );
  });
});
