import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { deadLetterApiRef } from '../api';
import { DeadLetterBrowser } from '../components/DeadLetterBrowser';
import { rootRouteRef } from '../routes';
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
