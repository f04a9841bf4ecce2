import { act, fireEvent, screen, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogIngestionApiRef } from '../../api';
import {
  backendError,
  FakeCatalogIngestionApi,
  makeMarks,
} from '../../testing/FakeCatalogIngestionApi';
import { fakeCatalog } from '../../testing/fakeCatalog';
import { Providers } from './Providers';

const MERIDIAN = 'github-repos-meridian';

const inMinutes = (minutes: number) =>
  new Date(Date.now() + minutes * 60_000).toISOString();

function renderProviders(
  api: FakeCatalogIngestionApi,
  catalog: ReturnType<typeof fakeCatalog> | null = fakeCatalog(),
) {
  if (!catalog) {
    return renderInTestApp(<Providers />, {
      apis: [[catalogIngestionApiRef, api], mockApis.permission()],
    });
  }
  return renderInTestApp(<Providers />, {
    apis: [
      [catalogIngestionApiRef, api],
      [catalogApiRef, catalog],
      mockApis.permission(),
    ],
  });
}

const region = (name: string) => screen.getByRole('region', { name });
const stateOf = (name: string) =>
  within(region(name)).getByTestId('provider-state');

/** Lets the poll timers fire and their answers render. */
async function tick(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

function setVisibility(state: 'visible' | 'hidden', notify = true) {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  if (notify) {
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
  }
}

jest.setTimeout(30_000);

describe('Providers', () => {
  afterEach(() => {
    jest.useRealTimers();
    setVisibility('visible', false);
  });

  it('shows each provider as a region: state, next action, pages, entities, actions', async () => {
    const api = new FakeCatalogIngestionApi({
      providers: {
        [MERIDIAN]: {
          status: {
            currentAction: 'backing off',
            nextActionAt: inMinutes(5),
            lastError: 'Error: GitHub answered 502',
          },
          marks: makeMarks(3, { minutesAgo: 2 }),
        },
      },
    });
    renderProviders(
      api,
      fakeCatalog({ [MERIDIAN]: { Component: 1200, Location: 34 } }),
    );
    const card = await screen.findByRole('region', { name: MERIDIAN });
    expect(
      within(card).getByRole('heading', { level: 2, name: MERIDIAN }),
    ).toBeInTheDocument();
    expect(stateOf(MERIDIAN)).toHaveTextContent('Backing off');
    expect(card).toHaveTextContent(/Next actionin 5 minutes \(\d{4}-\d\d-\d\d/);
    expect(card).toHaveTextContent('Pages this cycle3 pages');
    expect(card).toHaveTextContent(/Last page 2 minutes ago/);
    expect(await within(card).findByText('1,234 entities')).toBeInTheDocument();
    expect(
      within(card).getByText('Component 1,200 · Location 34'),
    ).toBeInTheDocument();
    expect(
      within(card).getByRole('group', { name: `Last error of ${MERIDIAN}` }),
    ).toHaveTextContent('Error: GitHub answered 502');
    for (const action of ['Trigger', 'Pause', 'Resume', 'Reset']) {
      expect(
        within(card).getByRole('button', { name: `${action} ${MERIDIAN}` }),
      ).toHaveTextContent(action);
    }
    expect(screen.getByTestId('ingestion-health')).toHaveTextContent(
      'Healthy: no provider has more than one active ingestion.',
    );
    expect(screen.queryByTestId('manage-note')).toBeNull();
  });

  it('maps the engine’s states to chips', async () => {
    const api = new FakeCatalogIngestionApi({
      providers: {
        a: { status: { currentAction: 'bursting' }, marks: makeMarks(2) },
        b: { status: { currentAction: 'interstitial' }, marks: makeMarks(2) },
        c: {
          status: { currentAction: 'resting', nextActionAt: inMinutes(60) },
          marks: makeMarks(4, { finished: true }),
        },
        d: {
          status: { currentAction: 'resting', nextActionAt: inMinutes(1440) },
          marks: makeMarks(4),
        },
        e: {
          status: { currentAction: 'backing off', nextActionAt: inMinutes(1) },
        },
        f: { status: { currentAction: 'rest complete, waiting to start' } },
        g: { status: { currentAction: 'canceling' } },
      },
    });
    renderProviders(api);
    await screen.findByRole('region', { name: 'a' });
    expect(stateOf('a')).toHaveTextContent('Bursting');
    expect(region('a')).toHaveTextContent('Now: a burst is running');
    expect(stateOf('b')).toHaveTextContent('Between bursts');
    expect(region('b')).toHaveTextContent(
      'Next burst at the engine’s next run',
    );
    expect(stateOf('c')).toHaveTextContent('Resting');
    expect(region('c')).toHaveTextContent('in 1 hour');
    expect(region('c')).toHaveTextContent(
      'The cycle read the source to its end.',
    );
    expect(stateOf('d')).toHaveTextContent('Paused');
    expect(stateOf('e')).toHaveTextContent('Backing off');
    expect(stateOf('f')).toHaveTextContent('Waiting to start');
    expect(region('f')).toHaveTextContent('Pages this cycle0 pages');
    expect(stateOf('g')).toHaveTextContent('Restarting');
  });

  it('shows the full last error on demand, as plain text', async () => {
    const text = `Error: <b>GraphQL</b> ${'x'.repeat(
      300,
    )}\n    at GitHubClient.repositories (GitHubClient.ts:10)`;
    const api = new FakeCatalogIngestionApi({
      providers: {
        [MERIDIAN]: {
          status: { currentAction: 'interstitial', lastError: text },
          marks: makeMarks(1),
        },
      },
    });
    renderProviders(api);
    const error = await screen.findByRole('group', {
      name: `Last error of ${MERIDIAN}`,
    });
    expect(error).toHaveTextContent(
      'From an earlier burst of this cycle; the provider has carried on since.',
    );
    expect(error).not.toHaveTextContent('GitHubClient.repositories');
    expect(error).toHaveTextContent('Error: <b>GraphQL</b> xxx');
    const toggle = within(error).getByRole('button', {
      name: 'Show full error',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    expect(
      within(error).getByRole('button', { name: 'Show less' }),
    ).toHaveAttribute('aria-expanded', 'true');
    expect(error.querySelector('pre')?.textContent).toBe(text);
    expect(error.querySelector('b')).toBeNull();
  });

  it('warns about duplicate ingestions', async () => {
    const api = new FakeCatalogIngestionApi({
      providers: { [MERIDIAN]: {} },
      health: { healthy: false, duplicateIngestions: [MERIDIAN] },
    });
    renderProviders(api);
    const banner = await screen.findByTestId('ingestion-health');
    expect(banner).toHaveTextContent('Duplicate ingestions');
    expect(banner).toHaveTextContent(
      `${MERIDIAN} has more than one active ingestion record.`,
    );
    expect(banner).toHaveAttribute('role', 'alert');
  });

  it('shows how to configure a provider when there is none', async () => {
    renderProviders(new FakeCatalogIngestionApi());
    const empty = await screen.findByTestId('no-providers');
    expect(empty).toHaveTextContent('No incremental providers configured');
    expect(empty).toHaveTextContent('catalog.providers.githubRepos');
    expect(screen.queryByText('Details')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the same empty state when the tables do not exist yet (500), with the error in details', async () => {
    const api = new FakeCatalogIngestionApi();
    api.failures.listProviders = await backendError(
      500,
      'error',
      'select distinct "provider_name" from "ingestions" - relation "ingestions" does not exist',
    );
    renderProviders(api);
    const empty = await screen.findByTestId('no-providers');
    expect(empty).toHaveTextContent('No incremental providers configured');
    expect(empty).toHaveTextContent(/tables do not exist yet/);
    const details = within(empty).getByText('Details').closest('details')!;
    expect(details).toHaveTextContent(
      '500 error: select distinct "provider_name" from "ingestions" - relation "ingestions" does not exist',
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the empty state for a 404 (module not installed), naming the module', async () => {
    const api = new FakeCatalogIngestionApi();
    api.failures.listProviders = await backendError(
      404,
      'NotFoundError',
      'Not found',
    );
    renderProviders(api);
    const empty = await screen.findByTestId('no-providers');
    expect(empty).toHaveTextContent(
      '@backstage/plugin-catalog-backend-module-incremental-ingestion',
    );
  });

  it('shows other failures of the provider list with the backend’s message and a retry', async () => {
    const api = new FakeCatalogIngestionApi({ providers: { [MERIDIAN]: {} } });
    api.failures.listProviders = await backendError(
      403,
      'NotAllowedError',
      'Unauthorized',
    );
    renderProviders(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the ingestion providers');
    expect(alert).toHaveTextContent('Unauthorized (403 NotAllowedError)');
    expect(alert).toHaveTextContent('catalog.ingestion.read');
    delete api.failures.listProviders;
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('region', { name: MERIDIAN }),
    ).toBeInTheDocument();
  });

  it('shows a provider that cannot be read in place, next to the others', async () => {
    const api = new FakeCatalogIngestionApi({
      providers: {
        [MERIDIAN]: { status: { currentAction: 'bursting' } },
        broken: {},
      },
    });
    const original = api.getProviderStatus.bind(api);
    jest
      .spyOn(api, 'getProviderStatus')
      .mockImplementation(async name =>
        name === 'broken'
          ? Promise.reject(
              await backendError(500, 'Error', 'database is locked'),
            )
          : original(name),
      );
    api.failures.getHealth = await backendError(500, 'Error', 'health down');
    renderProviders(api);
    const broken = await screen.findByRole('region', { name: 'broken' });
    expect(broken).toHaveTextContent('Could not read the state of broken');
    expect(broken).toHaveTextContent('database is locked (500)');
    expect(within(broken).queryByTestId('provider-state')).toBeNull();
    expect(stateOf(MERIDIAN)).toHaveTextContent('Bursting');
    expect(
      screen.getByText('Could not check the ingestion engine’s health'),
    ).toBeInTheDocument();
  });

  it('says so when the app has no catalog API to count entities', async () => {
    const api = new FakeCatalogIngestionApi({ providers: { [MERIDIAN]: {} } });
    renderProviders(api, null);
    const card = await screen.findByRole('region', { name: MERIDIAN });
    expect(card).toHaveTextContent('— (this app has no catalog API)');
  });

  it('polls every 5 s while the page is visible, and keeps the last state when a refresh fails', async () => {
    jest.useFakeTimers();
    const api = new FakeCatalogIngestionApi({
      providers: {
        [MERIDIAN]: {
          status: { currentAction: 'bursting' },
          marks: makeMarks(1),
        },
      },
    });
    renderProviders(api);
    await screen.findByRole('region', { name: MERIDIAN });
    const initial = api.listRequests;
    expect(region(MERIDIAN)).toHaveTextContent('1 page');

    api.providers[MERIDIAN].marks = makeMarks(2);
    api.providers[MERIDIAN].status = { currentAction: 'interstitial' };
    await tick(5000);
    expect(api.listRequests).toBe(initial + 1);
    expect(stateOf(MERIDIAN)).toHaveTextContent('Between bursts');
    expect(region(MERIDIAN)).toHaveTextContent('2 pages');

    // Hidden: no requests, however long.
    setVisibility('hidden');
    await tick(60_000);
    expect(api.listRequests).toBe(initial + 1);

    // Shown again: read at once, then every 5 s.
    api.providers[MERIDIAN].status = { currentAction: 'bursting' };
    setVisibility('visible');
    await tick(0);
    expect(api.listRequests).toBe(initial + 2);
    expect(stateOf(MERIDIAN)).toHaveTextContent('Bursting');
    await tick(5000);
    expect(api.listRequests).toBe(initial + 3);

    api.failures.listProviders = await backendError(
      503,
      'Error',
      'catalog down',
    );
    await tick(5000);
    expect(
      screen.getByText(
        'Could not refresh the providers; showing the last known state',
      ),
    ).toBeInTheDocument();
    expect(stateOf(MERIDIAN)).toHaveTextContent('Bursting');
  });
});
