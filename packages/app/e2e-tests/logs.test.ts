import { expect, test } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The local Humio that scripts/e2e.sh starts (dev/humio), with sample logs
// for ledger-posting-service.
const humio = `http://127.0.0.1:${process.env.E2E_HUMIO_PORT ?? '7901'}`;
const SERVICE = 'ledger-posting-service';

async function humioCount(query: string): Promise<number> {
  const res = await fetch(`${humio}/api/v1/repositories/meridian-prod/query`, {
    method: 'POST',
    headers: {
      authorization: 'Bearer e2e-humio-token',
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({
      queryString: `${query}\n| count()`,
      start: '24h',
      end: 'now',
      isLive: false,
    }),
  });
  if (!res.ok)
    throw new Error(`humio query: ${res.status} ${await res.text()}`);
  const rows = (await res.json()) as Array<{ _count: string | number }>;
  return Number(rows[0]._count);
}

async function setHumioDown(down: boolean) {
  const res = await fetch(`${humio}/_control/down`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ down }),
  });
  expect(res.ok).toBe(true);
}

test.describe('logs', () => {
  test("a component's Logs tab shows its Humio events and error count, and opens the same search in Humio", async ({
    page,
  }) => {
    await signInAsGuest(page, `/catalog/default/component/${SERVICE}/logs`);
    await page.getByRole('button', { name: 'Last 24 hours' }).click();

    const summary = page.getByTestId('logs-summary');
    await expect(summary).toContainText('in the last 24 hours');
    // The same figures Humio gives for the component's query. Sample events
    // arrive every minute and the window moves, so compare around a refresh.
    await expect(async () => {
      const total = await humioCount(`service = "${SERVICE}"`);
      const errors = await humioCount(
        `service = "${SERVICE}"\n| level = ERROR`,
      );
      expect(total).toBeGreaterThan(0);
      expect(errors).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(summary).toContainText(
        new RegExp(`(^|\\D)${total.toLocaleString('en-US')} events?`),
        { timeout: 5_000 },
      );
      await expect(summary).toContainText(
        new RegExp(`(^|\\D)${errors.toLocaleString('en-US')} errors?`),
        { timeout: 5_000 },
      );
    }).toPass({ timeout: 60_000 });
    const table = page.getByRole('table', { name: 'Log events' });
    await expect(table.getByTestId('log-level').first()).toBeVisible();
    await expect(
      table.getByTestId('log-level').getByText('ERROR').first(),
    ).toBeVisible();

    const link = page.getByRole('link', { name: 'Open in Humio' });
    const href = new URL((await link.getAttribute('href'))!);
    expect(`${href.origin}`).toBe(humio);
    expect(href.pathname).toBe('/meridian-prod/search');
    expect(href.searchParams.get('query')).toContain(`service = "${SERVICE}"`);
    expect(href.searchParams.get('start')).toBe('24h');
    // The API token never reaches the browser.
    expect(await page.content()).not.toContain('e2e-humio-token');
  });

  test('Humio being down shows "not connected", and the tab recovers on retry', async ({
    page,
  }) => {
    await signInAsGuest(page, `/catalog/default/component/${SERVICE}`);
    await setHumioDown(true);
    try {
      await page.goto(`/catalog/default/component/${SERVICE}/logs`);
      const alert = page.getByRole('alert').filter({
        hasText: 'Humio not connected',
      });
      await expect(alert).toBeVisible();
    } finally {
      await setHumioDown(false);
    }
    await page.getByRole('button', { name: /retry/i }).first().click();
    await expect(page.getByTestId('logs-summary')).toContainText('events');
  });
});
