import { expect, test } from '@playwright/test';
import amqp from 'amqplib';
import { signInAsGuest } from './signIn';

// The dev environment of the portal under test (see amqp.environments).
const devBroker =
  process.env.AMQP_E2E_URL ?? 'amqp://guest:guest@127.0.0.1:5672/portal-dev';
// Archived by the portal (reconstitution.environments.dev.exchanges).
const exchange = 'integration-events';
// Declared by ledger-balance-service (Squad Orion; the guest is a member).
const receiverQueue = 'ledger.ledger-balance.journal-entries';
const EVENT_NAMES = ['PaymentInitiated', 'PaymentSettled'];

type PublishedEvent = { messageId: string; entityId: string; name: string };

/**
 * Publishes 40 payment events of 10 payments to the integration-event
 * exchange once the portal's archive queue is bound to it, and makes sure
 * the receiver's queue exists and is empty.
 */
async function publishEvents(marker: string): Promise<PublishedEvent[]> {
  const connection = await amqp.connect(devBroker);
  try {
    const setup = await connection.createChannel();
    await setup.assertExchange(exchange, 'topic', { durable: true });
    await setup.assertQueue(receiverQueue, { durable: true });
    await setup.purgeQueue(receiverQueue);
    await setup.close();
    const channel = await connection.createConfirmChannel();
    // The archive binds its queue within 10 s of the exchange appearing: a
    // mandatory probe comes back until then. The probe is no integration
    // event (no entity id), so the archive skips it.
    let returned = false;
    channel.on('return', () => {
      returned = true;
    });
    await expect(async () => {
      returned = false;
      channel.publish(exchange, 'e2e.probe.Probe', Buffer.from('{}'), {
        mandatory: true,
      });
      await channel.waitForConfirms();
      expect(returned).toBe(false);
    }).toPass({ timeout: 60_000, intervals: [1_000] });

    const events: PublishedEvent[] = [];
    const now = Math.floor(Date.now() / 1000);
    for (let n = 0; n < 40; n++) {
      const event = {
        messageId: `${marker}-${n}`,
        entityId: `pay-${marker}-${n % 10}`,
        name: EVENT_NAMES[n % 2],
      };
      events.push(event);
      channel.publish(
        exchange,
        `payments.payment.${event.name}`,
        Buffer.from(JSON.stringify({ paymentId: event.entityId, n })),
        {
          messageId: event.messageId,
          timestamp: now - 3600 + n,
          contentType: 'application/json',
          persistent: true,
          headers: { 'x-entity-id': event.entityId },
        },
      );
    }
    await channel.waitForConfirms();
    return events;
  } finally {
    await connection.close();
  }
}

async function drainReceiverQueue(): Promise<amqp.GetMessage[]> {
  const connection = await amqp.connect(devBroker);
  try {
    const channel = await connection.createChannel();
    const messages: amqp.GetMessage[] = [];
    for (;;) {
      const message = await channel.get(receiverQueue, { noAck: true });
      if (!message) return messages;
      messages.push(message);
    }
  } finally {
    await connection.close();
  }
}

test('a squad reconstitutes a producer’s events into its service’s queue', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const marker = `e2e${Date.now().toString(36)}`;
  const events = await publishEvents(marker);
  // Five of the ten payments, settled events only.
  const entityIds = events.slice(0, 5).map(e => e.entityId);
  const expected = events.filter(
    e => entityIds.includes(e.entityId) && e.name === 'PaymentSettled',
  );

  await signInAsGuest(page, '/reconstitution');
  await expect(
    page.getByRole('main').getByRole('heading', { name: 'Reconstitution' }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Add job' }).first().click();
  await expect(page).toHaveURL(/\/reconstitution\/new/);

  await page.getByLabel('Receiver').fill('ledger-balance');
  await page.getByRole('option', { name: /ledger-balance-service/ }).click();
  await expect(page.getByLabel('Queue')).toContainText(receiverQueue);

  // The archive takes the events in within a few seconds.
  await expect(async () => {
    await page.getByLabel('Producer').fill('');
    await page.getByLabel('Producer').fill('payments');
    await expect(
      page.getByRole('option', { name: /payments \[payment\]/ }),
    ).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  await page.getByRole('option', { name: /payments \[payment\]/ }).click();

  await page.getByLabel('Entity IDs').fill(entityIds.join('\n'));
  await expect(page.getByText('5 entity ids')).toBeVisible();
  await page.getByLabel('Event names').click();
  await page.getByRole('option', { name: 'PaymentSettled' }).click();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByTestId('dry-run-total')).toHaveText(
    String(expected.length),
  );
  await page.getByRole('button', { name: /Start job/ }).click();

  await expect(page).toHaveURL(/\/reconstitution\/jobs\/[0-9a-f-]{36}/);
  await expect(page.getByTestId('job-state')).toHaveText('COMPLETED', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('job-progress')).toContainText(
    `${expected.length} / ${expected.length}`,
  );

  const delivered = await drainReceiverQueue();
  expect(delivered.map(m => m.properties.messageId).sort()).toEqual(
    expected.map(e => e.messageId).sort(),
  );
  expect(delivered[0].properties.headers).toMatchObject({
    'x-reconstituted': true,
  });

  // The job is in the list, and on the receiving component's page.
  await page.goto('/reconstitution');
  await expect(
    page.getByRole('row', { name: /ledger-balance-service/ }).first(),
  ).toContainText('COMPLETED');
});
