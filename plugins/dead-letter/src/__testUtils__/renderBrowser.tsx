import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { DeadLetterMessage } from '@internal/backstage-plugin-dead-letter-common';
import { deadLetterApiRef } from '../api';
import { DeadLetterBrowser } from '../components/DeadLetterBrowser';
import { rootRouteRef } from '../routes';
import { makeMessage, uuid } from '../testing/factories';
import type { FakeDeadLetterApi } from '../testing/FakeDeadLetterApi';

/**
 * The browser with unresolved counts at `url` (e.g.
 * `/dead-letter?environment=prod`), on the fake API, with the routes its
 * links need.
 */
export function renderBrowser(api: FakeDeadLetterApi, url: string) {
  return renderInTestApp(<DeadLetterBrowser showCounts />, {
    apis: [[deadLetterApiRef, api]],
    initialRouteEntries: [url],
    mountedRoutes: {
      '/dead-letter': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
}

/** Ticks (or unticks) a listed message's checkbox. */
export const selectMessage = (id: string) =>
  fireEvent.click(
    screen.getByRole('checkbox', { name: `Select message ${id}` }),
  );

const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 60 * 60 * 1000).toISOString();

/**
 * Messages 1 to 3 in prod, newest first: two unresolved, then a discarded
 * one.
 */
export function browserMessages(): DeadLetterMessage[] {
  return [
    makeMessage({ id: uuid(1), environment: 'prod' }),
    makeMessage({ id: uuid(2), environment: 'prod', capturedAt: hoursAgo(1) }),
    makeMessage({
      id: uuid(3),
      environment: 'prod',
      state: 'discarded',
      capturedAt: hoursAgo(2),
    }),
  ];
}
