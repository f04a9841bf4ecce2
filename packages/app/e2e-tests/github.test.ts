import { expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The local GitHub that scripts/e2e.sh starts (dev/github, 60 repositories).
const github = `http://127.0.0.1:${process.env.E2E_GITHUB_PORT ?? '7900'}`;
const headers = {
  authorization: 'token e2e-github-token',
  'content-type': 'application/json',
};
const PROVIDER = 'github-repos-meridian';

async function githubJson<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${github}${path}`, { headers, ...init });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

test('a squad sees its open pull requests, grouped by review state', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const marker = Date.now().toString(36);
  // A repository of Squad Aura (the ingestion reads the `squad` property).
  const repos = await githubJson<
    Array<{ name: string; archived: boolean; custom_properties?: any }>
  >('/orgs/meridian-bank/repos?per_page=100');
  const repo = repos.find(
    r => !r.archived && r.custom_properties?.squad === 'squad-aura',
  );
  expect(repo, 'a repository owned by squad-aura').toBeDefined();
  const members = await githubJson<string[]>(
    '/_control/squads/squad-aura/members',
  );
  const open = async (title: string) =>
    (
      await githubJson<{ number: number }>(
        `/_control/repos/${repo!.name}/pulls`,
        {
          method: 'POST',
          body: JSON.stringify({ title, author: members[0], labels: ['e2e'] }),
        },
      )
    ).number;
  // One approval is enough on this repository, as branch protection says.
  await githubJson(`/_control/repos/${repo!.name}/protection`, {
    method: 'PUT',
    body: JSON.stringify({ requiredApprovingReviewCount: 1 }),
  });
  const waiting = `E2E ${marker} waits for review`;
  const approved = `E2E ${marker} is approved`;
  await open(waiting);
  const approvedNumber = await open(approved);
  await githubJson(
    `/_control/repos/${repo!.name}/pulls/${approvedNumber}/reviews`,
    {
      method: 'POST',
      body: JSON.stringify({ author: members[1], state: 'APPROVED' }),
    },
  );

  await signInAsGuest(page, '/catalog/default/group/squad-aura');
  // The component comes from the incremental ingestion: wait for it.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('link', { name: waiting })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await expect(
    page
      .getByRole('region', { name: /Review required/ })
      .getByRole('link', { name: waiting }),
  ).toHaveAttribute('href', new RegExp(`/meridian-bank/${repo!.name}/pull/`));
  await expect(
    page
      .getByRole('region', { name: /Approved/ })
      .getByRole('link', { name: approved }),
  ).toBeVisible();
});

test('the platform team triggers and pauses the GitHub ingestion', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAsGuest(page, '/catalog-ingestion');
  await expect(
    page.getByRole('main').getByRole('heading', { name: 'Catalog ingestion' }),
  ).toBeVisible();
  const provider = page.getByRole('region', { name: PROVIDER });
  const state = provider.getByTestId('provider-state');
  // The first cycle of 60 repositories ends in a rest.
  await expect(state).toHaveText(/Resting/, { timeout: 120_000 });

  const lastPage = provider.getByText(/Last page/).locator('time');
  const before = await lastPage.getAttribute('datetime');
  expect(before).toBeTruthy();

  await provider.getByRole('button', { name: `Trigger ${PROVIDER}` }).click();
  let dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Trigger' }).click();
  await expect(dialog).toBeHidden();
  // The rest is cut short: a new cycle reads its page and rests again. (The
  // cycle of one page can be shorter than the page's poll, so it is told
  // by its page's time rather than by catching a state in between.)
  await expect(async () => {
    const after = await lastPage.getAttribute('datetime', { timeout: 2_000 });
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  }).toPass({ timeout: 120_000 });
  await expect(state).toHaveText(/Resting/, { timeout: 120_000 });

  await provider.getByRole('button', { name: `Pause ${PROVIDER}` }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Pause' }).click();
  await expect(dialog).toBeHidden();
  await expect(state).toHaveText(/Paused/, { timeout: 30_000 });
});
