import { expect, test } from '@playwright/test';
import amqp from 'amqplib';
import { signInAsGuest } from './signIn';

// The dev environment of the portal under test (see amqp.environments).
const devBroker =
  process.env.AMQP_E2E_URL ?? 'amqp://guest:guest@127.0.0.1:5672/portal-dev';
const deadLetterQueue = 'dead-letters';
// Declared by payment-initiation-service (owned by Squad Aura) in the examples.
const appQueue = 'payments.payment-initiation.commands';

/** Puts one message through real dead-lettering: the application rejects it. */
async function deadLetterOneMessage(marker: string) {
  const connection = await amqp.connect(devBroker);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(deadLetterQueue, 'fanout', { durable: true });
    await channel.assertQueue(deadLetterQueue, { durable: true });
    await channel.bindQueue(deadLetterQueue, deadLetterQueue, '');
    await channel.assertQueue(appQueue, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': deadLetterQueue },
    });
    channel.sendToQueue(
      appQueue,
      Buffer.from(
        JSON.stringify({
          paymentId: marker,
          note: '<script>window.__pwned = true</script>',
        }),
      ),
      { contentType: 'application/json', messageId: marker, persistent: true },
    );
    await channel.waitForConfirms();
    for (let attempt = 0; attempt < 50; attempt++) {
      const message = await channel.get(appQueue);
      if (message) {
        channel.nack(message, false, false);
        // A nack is not confirmed; closing the channel flushes it.
        await channel.close();
        return;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error('the test message never reached the application queue');
  } finally {
    await connection.close();
  }
}

test('a squad goes from its page to its dead letter and reads it safely', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const marker = `e2e-${Date.now()}`;
  await deadLetterOneMessage(marker);

  await signInAsGuest(page, '/catalog/default/group/squad-aura');
  await expect(page.getByText('Dead lettered messages')).toBeVisible();
  // Capture and the queue → owner mapping run in the background.
  const handleNow = page.getByRole('link', { name: /handle now/i }).first();
  await expect(async () => {
    await page.reload();
    await expect(handleNow).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });

  await handleNow.click();
  await expect(page).toHaveURL(
    /\/dead-letter\?.*environment=dev.*owner=group(%3A|:)default(%2F|\/)squad-aura.*state=unresolved/,
  );
  await page.goto(`${page.url()}&q=${marker}`);
  // The failure groups table above lists the queue too; the message row is
  // the one with a state.
  const row = page
    .getByRole('row', { name: new RegExp(appQueue) })
    .filter({ hasText: /unresolved/i });
  await expect(row).toHaveCount(1);
  await row.click();

  await expect(page.getByText(marker).first()).toBeVisible();
  await expect(
    page
      .getByText('<script>window.__pwned = true</script>', { exact: false })
      .first(),
  ).toBeVisible();
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();

  // The guest's squad owns the queue, so it may discard the message.
  await page
    .getByRole('button', { name: 'Discard', exact: true })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: /discard 1 message/i });
  await expect(dialog).toContainText('in dev');
  await dialog.getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(page.getByText('1 discarded')).toBeVisible();

  // It has left the unresolved list and the action is in the audit log.
  await page.goto(
    `/dead-letter?environment=dev&owner=group:default/squad-aura&state=unresolved&q=${marker}`,
  );
  await expect(page.getByText(/Messages/).first()).toBeVisible();
  await expect(
    page
      .getByRole('row', { name: new RegExp(appQueue) })
      .filter({ hasText: /unresolved/i }),
  ).toHaveCount(0);
  await page.goto(
    `/dead-letter?environment=dev&owner=group:default/squad-aura&state=discarded&q=${marker}`,
  );
  await expect(
    page
      .getByRole('row', { name: new RegExp(appQueue) })
      .filter({ hasText: /discarded/i }),
  ).toHaveCount(1);
  await page.goto('/dead-letter/audit');
  const entry = page
    .getByRole('row')
    .filter({ hasText: /discard/i })
    .first();
  await expect(entry).toContainText('succeeded');
  await expect(entry).toContainText(/guest/i);
});

/** Takes messages off the application queue until the one with `marker`. */
async function receiveOnAppQueue(marker: string) {
  const connection = await amqp.connect(devBroker);
  try {
    const channel = await connection.createChannel();
    for (let attempt = 0; attempt < 100; attempt++) {
      const message = await channel.get(appQueue);
      if (!message) {
        await new Promise(resolve => setTimeout(resolve, 200));
        continue;
      }
      channel.ack(message);
      if (message.properties.messageId === marker) {
        await channel.close();
        return message;
      }
    }
    throw new Error(`the replayed message ${marker} never arrived`);
  } finally {
    await connection.close();
  }
}

test('a squad replays its dead letter to the queue it died in', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const marker = `e2e-replay-${Date.now()}`;
  await deadLetterOneMessage(marker);

  await signInAsGuest(page, '/catalog/default/group/squad-aura');
  const handleNow = page.getByRole('link', { name: /handle now/i }).first();
  await expect(async () => {
    await page.reload();
    await expect(handleNow).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await handleNow.click();
  await expect(page).toHaveURL(/\/dead-letter\?.*state=unresolved/);
  const unresolvedList = `${page.url()}&q=${marker}`;
  const messageRow = (state: RegExp) =>
    page
      .getByRole('row', { name: new RegExp(appQueue) })
      .filter({ hasText: state });
  await expect(async () => {
    await page.goto(unresolvedList);
    await expect(messageRow(/unresolved/i)).toHaveCount(1, { timeout: 5_000 });
  }).toPass({ timeout: 120_000, intervals: [3_000] });
  await messageRow(/unresolved/i).click();
  await expect(page.getByText(marker).first()).toBeVisible();

  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Replay 1 message' });
  await expect(
    dialog.getByRole('radio', { name: /original exchange and routing keys/i }),
  ).toBeChecked();
  await dialog.getByRole('button', { name: 'Replay 1 message' }).click();
  await expect(dialog).toBeHidden();
  const notice = page.getByRole('status', { name: 'Replay' });
  await expect(notice).toContainText('Replay completed', { timeout: 60_000 });

  // A consumer of the original queue receives it, marked as a replay.
  const received = await receiveOnAppQueue(marker);
  expect(JSON.parse(received.content.toString()).paymentId).toBe(marker);
  const headers = received.properties.headers ?? {};
  expect(headers['x-portal-replay-count']).toBe(1);
  expect(String(headers['x-portal-replay-job'])).toMatch(/^[0-9a-f-]{36}$/);
  expect(headers['x-death']).toBeUndefined();

  // It has left the unresolved list and shows as replayed.
  await page.goto(unresolvedList);
  await expect(page.getByText(/Messages/).first()).toBeVisible();
  await expect(messageRow(/unresolved/i)).toHaveCount(0);
  await page.goto(unresolvedList.replace('state=unresolved', 'state=replayed'));
  await expect(messageRow(/replayed/i)).toHaveCount(1);

  // The job is on the Replays tab, completed, by the guest.
  await page.goto('/dead-letter/replays?environment=dev');
  const job = page
    .getByRole('row')
    .filter({ hasText: String(headers['x-portal-replay-job']).slice(0, 8) })
    .or(page.getByRole('row').filter({ hasText: /completed/i }))
    .first();
  await expect(job).toContainText(/completed/i);
  await expect(job).toContainText(/guest/i);
});
