import { expect, Page, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The local GitHub that scripts/e2e.sh starts (dev/github); the templates
// publish to its organisation over git's smart HTTP protocol.
const github = `http://127.0.0.1:${process.env.E2E_GITHUB_PORT ?? '7900'}`;
const headers = { authorization: 'token e2e-github-token' };
// The local Humio, which receives the portal's audit events.
const humio = `http://127.0.0.1:${process.env.E2E_HUMIO_PORT ?? '7901'}`;

async function githubStats(): Promise<{ reposCreated: number }> {
  const res = await fetch(`${github}/_control/stats`, { headers });
  if (!res.ok) throw new Error(`stats: ${res.status} ${await res.text()}`);
  const stats = await res.json();
  return { reposCreated: stats.repos?.created ?? 0 };
}

const AURA = { label: 'aura', option: /^(Squad Aura|squad-aura)$/ };
const PAYMENTS = {
  label: 'payments core',
  option: /^(payments-core|Payments Core)$/,
};

/** Fills the Go service form up to its last (repository) page. */
async function fillGoService(
  page: Page,
  values: {
    name: string;
    owner: { label: string; option: RegExp };
    system: { label: string; option: RegExp };
  },
) {
  await page.goto('/create');
  // The smallest element around the card's title that holds its button.
  const card = page
    .getByRole('heading', { name: 'Go service', exact: true, level: 4 })
    .locator('xpath=ancestor::*[.//button[normalize-space()="Choose"]][1]');
  await expect(card).toBeVisible();
  await expect(card.getByText('golden-path')).toBeVisible();
  await card.getByRole('button', { name: 'Choose' }).click();

  await page.getByLabel('Name').fill(values.name);
  await page
    .getByLabel('Description')
    .first()
    .fill('Routes payment instructions to the right clearing scheme.');
  // Autocompletes over the catalog: squads for the owner, systems.
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill(values.owner.label);
  await page.getByRole('option', { name: values.owner.option }).first().click();
  const system = page.getByRole('textbox', { name: 'System' });
  await system.click();
  await system.fill(values.system.label);
  await page
    .getByRole('option', { name: values.system.option })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();
}

test.describe('golden paths', () => {
  test('a squad creates a Go service: pushed to GitHub, in the catalog under its squad, with docs', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const name = `payments-router-${Date.now().toString(36)}`;
    await signInAsGuest(page, '/create');
    await fillGoService(page, {
      name,
      owner: AURA,
      system: PAYMENTS,
    });
    // Messaging: consumes one queue (the form starts with one queue field).
    await page.getByLabel('Consumes from RabbitMQ').check();
    await page
      .getByLabel(/queue name/i)
      .first()
      .fill(`${name}.commands`);
    await page.getByRole('button', { name: 'Next' }).click();
    // Repository: the organisation is fixed, the name is the service's.
    // A free-text autocomplete: the name counts once the field is left.
    const repository = page.getByRole('textbox', { name: 'Repository' });
    await repository.fill(name);
    await repository.press('Tab');
    await expect(page.getByText('Incomplete repository location')).toBeHidden();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
    await expect(openInCatalog).toBeVisible({ timeout: 120_000 });

    // The repository really is on the local GitHub, with the rendered files.
    const file = await fetch(
      `${github}/repos/meridian-bank/${name}/contents/catalog-info.yaml`,
      { headers: { ...headers, accept: 'application/vnd.github.raw' } },
    );
    expect(file.status).toBe(200);
    const catalogInfo = await file.text();
    // Rendered values are quoted YAML strings.
    expect(catalogInfo).toContain(`name: "${name}"`);
    expect(catalogInfo).toContain('owner: "group:default/squad-aura"');
    expect(catalogInfo).toContain(
      `meridian.bank/rabbitmq-queues: "${name}.commands"`,
    );
    const protection = await fetch(
      `${github}/repos/meridian-bank/${name}/branches/main/protection`,
      { headers },
    );
    expect(protection.status).toBe(200);
    expect(
      (await protection.json()).required_pull_request_reviews
        ?.required_approving_review_count,
    ).toBe(1);

    await openInCatalog.click();
    // The catalog processes the registered location within seconds; until
    // then the page says the entity is not found.
    const main = page.getByRole('main');
    const ownerLink = main.getByRole('link', { name: 'squad-aura' }).first();
    await expect(async () => {
      await page.reload();
      await expect(ownerLink).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 90_000, intervals: [2_000] });
    await expect(main.getByRole('heading', { name })).toBeVisible();

    // Its docs: built from the pushed mkdocs.yml and docs/ on first visit.
    await page.goto(`/docs/default/component/${name}`);
    const docs = page.locator('[data-testid="techdocs-native-shadowroot"]');
    await expect(docs.getByRole('heading', { name, level: 1 })).toBeVisible({
      timeout: 180_000,
    });
    await expect(
      docs.getByText(
        'Routes payment instructions to the right clearing scheme.',
      ),
    ).toBeVisible();

    // The run is in the audit trail in Humio, each audit event once.
    await expect(async () => {
      const res = await fetch(
        `${humio}/_control/repositories/portal-audit/events`,
      );
      const events = (await res.json()) as Array<Record<string, unknown>>;
      const run = events.filter(
        e =>
          e.plugin === 'scaffolder' &&
          e.eventId === 'task' &&
          JSON.stringify(e).includes(name),
      );
      expect(run.length).toBeGreaterThan(0);
      const ids = events.map(e => e.id);
      expect(new Set(ids).size).toBe(ids.length);
    }).toPass({ timeout: 60_000 });
  });

  test('bad input is refused before anything is published', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const before = await githubStats();
    const authorizationHeader = page
      .waitForRequest(
        r => !!r.headers().authorization && r.url().includes('/api/'),
      )
      .then(r => r.headers().authorization);
    await signInAsGuest(page, '/create');

    // An invalid name is refused by the form itself.
    await fillGoService(page, {
      name: 'Payments_Router',
      owner: AURA,
      system: PAYMENTS,
    });
    await expect(
      page.getByText(/'Name' must match pattern/).first(),
    ).toBeVisible();
    await expect(page.getByText('lowercase kebab-case').first()).toBeVisible();
    await expect(
      page.getByText('Messaging', { exact: true }).first(),
    ).toBeVisible();

    // An owner that is not in the catalog: the picker only offers squads,
    // so one carried in by a link is dropped and the form stays put.
    const name = `orphan-service-${Date.now().toString(36)}`;
    const formData = {
      name,
      description: 'A service whose owner squad does not exist.',
      owner: 'group:default/squad-nobody',
      system: 'system:default/payments-core',
      messaging: false,
      repoUrl: `github.com?owner=meridian-bank&repo=${name}`,
    };
    await page.goto(
      `/create/templates/default/go-service?formData=${encodeURIComponent(
        JSON.stringify(formData),
      )}`,
    );
    const owner = page.getByRole('textbox', { name: 'Owner' });
    await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(name);
    await expect(owner).toHaveValue('');
    await page.getByRole('button', { name: 'Next' }).click();
    expect(
      await owner.evaluate(el => (el as HTMLInputElement).validity.valid),
    ).toBe(false);
    await expect(page.getByRole('textbox', { name: 'Name' })).toBeVisible();

    // A run started some other way (the API) fails at its first step, which
    // checks the owner, and the task page says why.
    const authorization = await authorizationHeader;
    const created = await page.request.post('/api/scaffolder/v2/tasks', {
      headers: { authorization },
      data: { templateRef: 'template:default/go-service', values: formData },
    });
    expect(created.status()).toBe(201);
    const { id } = await created.json();
    await page.goto(`/create/tasks/${id}`);
    await expect(
      page.getByText('Entity group:default/squad-nobody not found').first(),
    ).toBeVisible({ timeout: 60_000 });
    expect((await githubStats()).reposCreated).toBe(before.reposCreated);
    const repo = await fetch(`${github}/repos/meridian-bank/${name}`, {
      headers,
    });
    expect(repo.status).toBe(404);
  });
});
