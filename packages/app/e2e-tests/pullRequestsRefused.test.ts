import { expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The local GitHub that scripts/e2e.sh starts (dev/github).
const github = `http://127.0.0.1:${process.env.E2E_GITHUB_PORT ?? '7900'}`;
const headers = {
  authorization: 'token e2e-github-token',
  'content-type': 'application/json',
};

async function githubJson<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${github}${path}`, { headers, ...init });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/**
 * A guest registers a location whose component, owned by Squad Aura, names
 * a repository outside the organisation: the squad's pull requests card
 * does not read it and says so, as plain text.
 */
test('the pull requests card names repositories outside the organisation', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const marker = Date.now().toString(36);
  const name = `e2e-outside-${marker}`;
  const slug = `outside-org-${marker}/mirror`;
  const repos = await githubJson<
    Array<{
      name: string;
      archived: boolean;
      html_url: string;
      default_branch?: string;
      custom_properties?: any;
    }>
  >('/orgs/meridian-bank/repos?per_page=100');
  const repo = repos.find(
    r => !r.archived && r.custom_properties?.squad === 'squad-aura',
  );
  expect(repo, 'a repository owned by squad-aura').toBeDefined();
  const file = `e2e/${name}.yaml`;
  await githubJson(`/_control/repos/${repo!.name}/files/${file}`, {
    method: 'PUT',
    body: JSON.stringify({
      message: 'e2e: a component naming a repository outside the org',
      content: `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    github.com/project-slug: ${slug}
spec:
  type: service
  lifecycle: experimental
  owner: squad-aura
`,
    }),
  });

  const authorizationHeader = page
    .waitForRequest(
      r => !!r.headers().authorization && r.url().includes('/api/'),
    )
    .then(r => r.headers().authorization);
  await signInAsGuest(page, '/catalog/default/group/squad-aura');
  const authorization = await authorizationHeader;
  const target = `${repo!.html_url}/blob/${
    repo!.default_branch ?? 'main'
  }/${file}`;
  const registered = await page.request.post('/api/catalog/locations', {
    headers: { authorization },
    data: { type: 'url', target },
  });
  expect(registered.status(), await registered.text()).toBe(201);

  try {
    const note = page.getByTestId('refused-repositories');
    await expect(async () => {
      await page.reload();
      await expect(note).toContainText(slug, { timeout: 5_000 });
    }).toPass({ timeout: 120_000, intervals: [3_000] });
    await expect(note).toContainText(
      /outside the organisation and (was|were) not read/,
    );
    await note.getByRole('button', { name: 'Details' }).click();
    await expect(
      page
        .getByRole('list', { name: 'Repositories not read' })
        .getByRole('listitem')
        .filter({ hasText: slug }),
    ).toContainText(
      `outside-org-${marker} is not one of the organisations the portal serves`,
    );
    await expect(note.getByRole('link')).toHaveCount(0);
  } finally {
    // The squad owns the component, so the guest may unregister it; the
    // file goes first so that its location cannot bring it back.
    await githubJson(`/_control/repos/${repo!.name}/files/${file}`, {
      method: 'DELETE',
    }).catch(() => undefined);
    const entity = await page.request.get(
      `/api/catalog/entities/by-name/component/default/${name}`,
      { headers: { authorization } },
    );
    if (entity.ok()) {
      const uid = (await entity.json()).metadata.uid;
      await page.request.delete(`/api/catalog/entities/by-uid/${uid}`, {
        headers: { authorization },
      });
    }
  }
});
