import { expect, Page, test } from '@playwright/test';
import amqp from 'amqplib';
import { signInAsGuest, signInWithGitHub } from './signIn';

// The prod environment of the portal under test (see amqp.environments):
// replays and discards of 100 or more of its messages need a second person.
const prodBroker =
  process.env.AMQP_E2E_PROD_URL ??
  'amqp://guest:guest@127.0.0.1:5672/portal-prod';
const deadLetterQueue = 'dead-letters';
// Declared by payment-initiation-service (owned by Squad Aura) in the examples.
const appQueue = 'payments.payment-initiation.commands';
const MESSAGES = 120;

/** Puts `count` messages through real dead-lettering on the prod broker. */
async function deadLetterProdMessages(marker: string, count: number) {
  const connection = await amqp.connect(prodBroker);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(deadLetterQueue, 'fanout', { durable: true });
    await channel.assertQueue(deadLetterQueue, { durable: true });
    await channel.bindQueue(deadLetterQueue, deadLetterQueue, '');
    await channel.assertQueue(appQueue, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': deadLetterQueue },
    });
    // The replay of an earlier run put its messages back on this queue (the
    // stand-in application never consumes): a requeued leftover at the head
    // would be fetched again and again below.
    await channel.purgeQueue(appQueue);
    for (let i = 0; i < count; i++) {
      channel.sendToQueue(
        appQueue,
        Buffer.from(JSON.stringify({ paymentId: `${marker}-${i}`, marker })),
        {
          contentType: 'application/json',
          messageId: `${marker}-${i}`,
          persistent: true,
        },
      );
    }
    await channel.waitForConfirms();
    let rejected = 0;
    for (let attempt = 0; rejected < count && attempt < count * 20; attempt++) {
      const message = await channel.get(appQueue);
      if (!message) {
        await new Promise(resolve => setTimeout(resolve, 100));
        continue;
      }
      // Only this run's messages: others on the queue go back.
      const mine = message.content.toString().includes(marker);
      channel.nack(message, false, !mine);
      if (mine) rejected++;
    }
    // A nack is not confirmed; closing the channel flushes them.
    await channel.close();
    if (rejected < count) {
      throw new Error(`only ${rejected} of ${count} messages were rejected`);
    }
  } finally {
    await connection.close();
  }
}

/** The request of this run on the Approvals tab. */
function requestRow(page: Page) {
  return page
    .getByRole('row')
    .filter({ hasText: `Replay ${MESSAGES} messages` })
    .filter({ hasText: 'prod' })
    .first();
}

test('a large prod replay waits for another member of the squad, who approves it', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const marker = `e2e-four-eyes-${Date.now()}`;
  await deadLetterProdMessages(marker, MESSAGES);

  // The guest (Squad Aura) asks to replay all of them.
  const list = `/dead-letter?environment=prod&owner=group:default/squad-aura&state=unresolved&q=${marker}`;
  await signInAsGuest(page, list);
  const replayAll = page.getByRole('button', { name: /replay all matching/i });
  const dialog = page.getByRole('dialog', { name: /replay matching/i });
  const submit = dialog.getByRole('button', {
    name: `Replay ${MESSAGES} messages`,
  });
  // Capture runs in the background: ask only once every message is there,
  // or a smaller replay would need no approval.
  await expect(async () => {
    await page.goto(list);
    await replayAll.click({ timeout: 5_000 });
    await expect(submit).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await submit.click();
  await expect(dialog).toBeHidden();
  const sent = page.getByRole('status', { name: 'Sent for approval' });
  await expect(sent).toContainText(
    'Sent for approval: another member of Squad Aura or the platform team must approve it',
  );
  // Nothing was replayed: the messages are still unresolved.
  await page.goto(list);
  await replayAll.click();
  await expect(submit).toBeVisible();
  await page.keyboard.press('Escape');

  // On the Approvals tab the guest sees the request, but may not approve it.
  await page.goto('/dead-letter/approvals');
  const mine = requestRow(page);
  await expect(mine).toContainText('AWAITING APPROVAL');
  await expect(mine).toContainText(
    'Awaiting approval from Squad Aura or the platform team (not you)',
  );
  await expect(mine.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  // Another member of Squad Aura approves it, in a browser of their own.
  const context = await browser.newContext();
  try {
    const other = await context.newPage();
    await signInWithGitHub(other, 'lbecker', '/dead-letter/approvals');
    await other.goto('/dead-letter/approvals');
    await expect(other.getByTestId('approvals-summary')).toContainText(
      /await(s)? your approval/,
    );
    const theirs = requestRow(other);
    await expect(theirs).toContainText(
      'Awaiting approval from Squad Aura or the platform team',
    );
    await expect(theirs).not.toContainText('(not you)');
    await theirs.getByRole('button', { name: 'Approve' }).click();
    const confirm = other.getByRole('dialog', {
      name: /approve this request/i,
    });
    await confirm.getByRole('button', { name: 'Approve' }).click();
    await expect(confirm).toBeHidden();
    await expect(theirs).toContainText('APPROVED');
    await expect(theirs).toContainText(/Approved by/);

    // It ran exactly as asked: the replay completes with every message.
    await theirs.getByRole('link', { name: 'View the replay' }).click();
    await expect(other.getByText(/completed/i).first()).toBeVisible({
      timeout: 120_000,
    });
  } finally {
    await context.close();
  }
});
