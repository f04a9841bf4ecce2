import { Entity } from '@backstage/catalog-model';
import { devComponent, startDevBackend } from '@internal/portal-test-utils/dev';

// Runs the backend alone against a GitHub you point it at, normally the
// local one (never part of this package's runtime):
//
//   yarn workspace @internal/dev-github start --repos 1000 --port 7900 --token dev
//   yarn start    (in this folder; GITHUB_HOST, GITHUB_API_BASE_URL,
//                  GITHUB_TOKEN and GITHUB_ORG override the defaults below)
//   curl http://localhost:7007/api/github-pull-requests/groups/default/squad-aura/pull-requests
//
// The catalog is a mock: group squad-aura owns one component per repository
// of the first page (30) of the organisation's repositories. Requests are
// made as a mock user.
const host = process.env.GITHUB_HOST ?? '127.0.0.1:7900';
const apiBaseUrl = process.env.GITHUB_API_BASE_URL ?? `http://${host}`;
const token = process.env.GITHUB_TOKEN ?? 'dev';
const org = process.env.GITHUB_ORG ?? 'meridian';

async function squadComponents(): Promise<Entity[]> {
  const res = await fetch(`${apiBaseUrl}/orgs/${org}/repos?per_page=30`, {
    headers: { authorization: `token ${token}` },
  });
  if (!res.ok) {
    throw new Error(
      `Listing ${org}'s repositories at ${apiBaseUrl} failed: HTTP ${res.status}; is the local GitHub running?`,
    );
  }
  const repos = (await res.json()) as Array<{ name: string }>;
  return repos.map(repo => ({
    ...devComponent(repo.name, 'squad-aura', {
      'github.com/project-slug': `${org}/${repo.name}`,
    }),
    relations: [{ type: 'ownedBy', targetRef: 'group:default/squad-aura' }],
  }));
}

startDevBackend({
  config: {
    integrations: { github: [{ host, apiBaseUrl, token }] },
    githubPullRequests: { host, cacheSeconds: 30, organizations: [org] },
  },
  entities: squadComponents().then(components => [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'squad-aura' },
      spec: { type: 'squad', children: [] },
    },
    ...components,
  ]),
  features: [import('../src')],
});
