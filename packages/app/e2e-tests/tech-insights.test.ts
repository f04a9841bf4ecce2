import { expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The local GitHub that scripts/e2e.sh starts (dev/github, 60 repositories).
const github = `http://127.0.0.1:${process.env.E2E_GITHUB_PORT ?? '7900'}`;
const headers = {
  authorization: 'token e2e-github-token',
  'content-type': 'application/json',
};
const TRACK = 'repository-basics';

async function githubJson<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${github}${path}`, { headers, ...init });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

test("a component's level follows its repository, and so does its squad's share", async ({
  page,
}) => {
  test.setTimeout(300_000);
  // A repository of Squad Aura (the ingestion reads the `squad` property;
  // the guest is a member, so it owns the component).
  const repos = await githubJson<
    Array<{ name: string; archived: boolean; custom_properties?: any }>
  >('/orgs/meridian-bank/repos?per_page=100');
  const repo = repos.find(
    r => !r.archived && r.custom_properties?.squad === 'squad-aura',
  )!;
  expect(repo, 'a repository owned by squad-aura').toBeDefined();
  await githubJson(`/_control/repos/${repo.name}/files/README.md`, {
    method: 'PUT',
    body: JSON.stringify({ content: `# ${repo.name}\n` }),
  });
  await githubJson(`/_control/repos/${repo.name}/files/.github/CODEOWNERS`, {
    method: 'DELETE',
  });

  const entityPage = `/catalog/default/component/${repo.name}/scorecards`;
  await signInAsGuest(page, entityPage);
  const rerun = page.getByRole('button', { name: 'Re-run checks' });
  const level = page.getByTestId(`track-level-${TRACK}`);
  // The component comes from the incremental ingestion and its first
  // scores from the schedule: wait for the tab, then re-run now.
  await expect(async () => {
    await page.reload();
    await expect(rerun).toBeEnabled({ timeout: 5_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await rerun.click();
  await expect(level).toHaveText(/Level 1 of 2/, { timeout: 60_000 });
  await expect(page.getByTestId('check-has-codeowners')).toContainText(
    /failed/i,
  );
  await expect(page.getByTestId('check-has-codeowners')).toContainText(
    "Add .github/CODEOWNERS naming your squad's team.",
  );

  // Squads appear once a scheduled evaluation (every 20 s here) has read
  // the catalog's groups.
  const cell = page.getByTestId(`cell-squad-aura-${TRACK}`);
  await expect(async () => {
    await page.goto('/tech-insights');
    await expect(cell).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000, intervals: [5_000] });
  const before = await cell.innerText();

  await githubJson(`/_control/repos/${repo.name}/files/.github/CODEOWNERS`, {
    method: 'PUT',
    body: JSON.stringify({ content: '* @meridian-bank/squad-aura\n' }),
  });
  await page.goto(entityPage);
  await rerun.click();
  await expect(level).toHaveText(/Level 2 of 2/, { timeout: 60_000 });
  await expect(page.getByTestId('check-has-codeowners')).toContainText(
    /passed/i,
  );

  // The matrix reads the levels the re-run stored: the cell shows Squad
  // Aura's share at level 2 as the API gives it, changed from before.
  const matrixResponse = page.waitForResponse(
    r => r.url().includes('/scorecards/matrix') && r.ok(),
  );
  await page.goto('/tech-insights');
  const matrix = await (await matrixResponse).json();
  const aura = matrix.squads.find(
    (s: { groupRef: string }) => s.groupRef === 'group:default/squad-aura',
  );
  const share = aura.tracks.find(
    (t: { trackId: string }) => t.trackId === TRACK,
  ).certifiedPercent[1];
  expect(share).toBeGreaterThan(0);
  await expect(cell).toContainText(`L2 ${share}%`, { timeout: 30_000 });
  await expect(cell).not.toHaveText(before);
});
