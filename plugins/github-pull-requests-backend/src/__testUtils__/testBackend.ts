import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { GITHUB_PROJECT_SLUG_ANNOTATION } from '@internal/backstage-plugin-github-pull-requests-common';
import type { LocalGitHub } from '@internal/dev-github';
import { githubPullRequestsPlugin } from '../plugin';

export const TOKEN = 'test-token';
export const SQUAD = 'squad-aura';
export const SQUAD_REF = `group:default/${SQUAD}`;

export const squadGroup: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: SQUAD, namespace: 'default' },
  spec: { type: 'squad', children: [] },
};

/**
 * A component naming `meridian/<repo>`, owned by `owner`, with the ownedBy
 * relation the catalog would have stitched (unless `relations: false`).
 */
export function component(
  name: string,
  repo: string | undefined,
  options: { owner?: string; relations?: boolean; kind?: string } = {},
): Entity {
  const owner = options.owner ?? SQUAD;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: repo
        ? {
            [GITHUB_PROJECT_SLUG_ANNOTATION]: repo.includes('/')
              ? repo
              : `meridian/${repo}`,
          }
        : {},
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations:
      options.relations === false
        ? undefined
        : [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

/** Names of the local GitHub's first `count` repositories (REST, like a client would). */
export async function repositoryNames(
  github: LocalGitHub,
  count: number,
): Promise<string[]> {
  const names: string[] = [];
  for (let page = 1; names.length < count; page++) {
    const res = await fetch(
      `${github.apiBaseUrl}/orgs/${github.org}/repos?per_page=100&page=${page}`,
      { headers: { authorization: `token ${TOKEN}` } },
    );
    const repos = (await res.json()) as Array<{ name: string }>;
    if (repos.length === 0) break;
    names.push(...repos.map(r => r.name));
  }
  return names.slice(0, count);
}

/** Closes a repository's open pull requests, so a test decides what is open. */
export async function closeOpenPullRequests(github: LocalGitHub, repo: string) {
  const res = await fetch(
    `${github.apiBaseUrl}/repos/${github.org}/${repo}/pulls?state=open&per_page=100`,
    { headers: { authorization: `token ${TOKEN}` } },
  );
  const pulls = (await res.json()) as Array<{ number: number }>;
  for (const pull of pulls) github.control.closePullRequest(repo, pull.number);
}

/** The plugin in a test backend, reading the local GitHub. */
export async function startApi(options: {
  github: LocalGitHub;
  entities: Entity[];
  /** null: the integration has no token. */
  token?: string | null;
  githubPullRequests?: JsonObject;
  /** Extra root config (e.g. `catalog.providers`). */
  config?: JsonObject;
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const { github } = options;
  const token = options.token === undefined ? TOKEN : options.token;
  // `organizations: null` leaves the key out.
  const githubPullRequests: JsonObject = {
    host: github.host,
    organizations: [github.org],
    ...options.githubPullRequests,
  };
  if (githubPullRequests.organizations === null) {
    delete githubPullRequests.organizations;
  }
  return startTestBackend({
    features: [
      githubPullRequestsPlugin,
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            github: [
              {
                host: github.host,
                apiBaseUrl: github.apiBaseUrl,
                ...(token ? { token } : {}),
              },
            ],
          },
          githubPullRequests,
          ...options.config,
        },
      }),
      catalogServiceMock.factory({
        entities: [squadGroup, ...options.entities],
      }),
      ...(options.features ?? []),
    ],
  });
}
