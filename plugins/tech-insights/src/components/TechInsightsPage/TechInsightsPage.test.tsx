import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { scorecardsApiRef } from '../../api';
import { techInsightsPage } from '../../extensions';
import {
  FakeScorecardsApi,
  backendError,
  makeGroup,
  makeMatrix,
} from '../../testing/FakeScorecardsApi';

/**
 * Permission answers are cached per permission for the whole file: here
 * nobody may evaluate everything (see EvaluateAllButton.test.tsx).
 */
function renderPage(api: FakeScorecardsApi, options: { route?: string } = {}) {
  const permission = mockApis.permission({
    authorize: request =>
      request.permission.name === 'tech-insights.tracks.manage'
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  return renderTestApp({
    extensions: [techInsightsPage],
    apis: [[scorecardsApiRef, api], permission],
    initialRouteEntries: [options.route ?? '/tech-insights'],
  });
}

jest.setTimeout(30_000);

describe('TechInsightsPage', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('shows each colony with its squads and the organisation, per track', async () => {
    const api = new FakeScorecardsApi();
    renderPage(api);

    const colony = await screen.findByTestId(
      'cell-colony-payments-service-maturity',
    );
    expect(colony).toHaveTextContent('70%');
    expect(colony).toHaveTextContent('L1 70% · L2 40% · L3 10%');
    expect(colony).toHaveTextContent('20 components');

    const aura = screen.getByTestId('cell-squad-aura-service-maturity');
    expect(aura).toHaveTextContent('60%');
    expect(aura).toHaveTextContent('L1 60% · L2 20% · L3 0%');
    expect(aura).toHaveTextContent('10 components');
    expect(within(aura).getByTitle('fair (50 to 79%)')).toHaveTextContent(
      '60%',
    );
    expect(
      screen.getByTestId('cell-squad-orion-service-maturity'),
    ).toHaveTextContent('80%');
    expect(
      screen.getByTestId('cell-organisation-service-maturity'),
    ).toHaveTextContent('70%');

    // Colony first, then its squads, the organisation last.
    const table = screen.getByRole('table', { name: 'Squads and tracks' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row => within(row).getAllByRole('rowheader')[0].textContent);
    expect(rows).toEqual([
      expect.stringContaining('Colony Payments'),
      expect.stringContaining('Squad Aura'),
      expect.stringContaining('Squad Orion'),
      expect.stringContaining('Organisation'),
    ]);
    expect(
      screen.getByRole('columnheader', { name: 'Service maturity' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Squad Aura' })).toHaveAttribute(
      'href',
      '/tech-insights?group=group%3Adefault%2Fsquad-aura',
    );
    // No "Evaluate all now" without the permission.
    expect(
      screen.queryByRole('button', { name: 'Evaluate all now' }),
    ).toBeNull();
    // The organisation's trend.
    await waitFor(() =>
      expect(api.trendRequests).toContainEqual({
        group: undefined,
        track: 'service-maturity',
        days: 90,
      }),
    );
    expect(await screen.findByTestId('trends-chart')).toHaveAttribute(
      'aria-label',
      expect.stringContaining('L1+ · Bronze 40% to 60%'),
    );
  });

  it('drills down into a squad on click: its roll-up, blockers and components', async () => {
    const api = new FakeScorecardsApi();
    renderPage(api);

    await userEvent.click(
      await screen.findByTestId('cell-squad-aura-service-maturity'),
    );
    expect(await screen.findByTestId('group-title')).toHaveTextContent(
      'Squad Aura',
    );
    expect(api.groupRequests).toEqual(['group:default/squad-aura']);

    const blockers = screen.getByRole('table', {
      name: 'Checks blocking most components',
    });
    const first = within(blockers).getAllByRole('row')[1];
    expect(first).toHaveTextContent('Has a README');
    expect(first).toHaveTextContent('L1 · Bronze');
    expect(first).toHaveTextContent('55');
    expect(within(blockers).getByTestId('blocker-has-ci')).toHaveTextContent(
      'Runs CI',
    );

    const components = screen.getByRole('table', { name: 'Components' });
    const payments = within(components).getByTestId('component-payments-api');
    expect(
      within(payments).getByRole('link', { name: 'Payments API' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    expect(payments).toHaveTextContent('L1 · Bronze');
    expect(payments).toHaveTextContent('Runs CI');
    expect(
      within(components).getByTestId('component-ledger'),
    ).toHaveTextContent('L0');

    expect(screen.getByTestId('rollup-service-maturity')).toHaveTextContent(
      'L2 · Silver20% (2 of 10)',
    );
    await waitFor(() =>
      expect(api.trendRequests).toContainEqual({
        group: 'group:default/squad-aura',
        track: 'service-maturity',
        days: 90,
      }),
    );

    await userEvent.click(
      screen.getByRole('link', { name: /All squads and colonies/ }),
    );
    expect(
      await screen.findByTestId('cell-squad-aura-service-maturity'),
    ).toBeInTheDocument();
  });

  it('opens a group from its link and downloads its CSV with the fetch API', async () => {
    const api = new FakeScorecardsApi();
    api.csv = 'entityRef,level\ncomponent:default/payments-api,1\n';
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:csv');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});

    renderPage(api, {
      route: '/tech-insights?group=group%3Adefault%2Fsquad-aura',
    });
    expect(await screen.findByTestId('group-title')).toHaveTextContent(
      'Squad Aura',
    );
    const download = screen.getByRole('link', { name: 'Download CSV' });
    await waitFor(() =>
      expect(download).toHaveAttribute(
        'href',
        'http://localhost:7007/api/tech-insights/scorecards/export.csv?group=group%3Adefault%2Fsquad-aura',
      ),
    );
    await userEvent.click(download);
    await waitFor(() =>
      expect(api.exportRequests).toEqual(['group:default/squad-aura']),
    );
    await waitFor(() => expect(createObjectURL).toHaveBeenCalledTimes(1));
    expect(await createObjectURL.mock.calls[0][0].text()).toBe(api.csv);
    expect(click).toHaveBeenCalled();
  });

  it('says when nothing is evaluated yet, and shows errors', async () => {
    const empty = new FakeScorecardsApi({
      matrix: makeMatrix({
        evaluatedAt: undefined,
        organisation: makeGroup({
          groupRef: 'organisation',
          type: 'organisation',
          tracks: [],
          components: 0,
        }),
        colonies: [],
        squads: [],
      }),
    });
    const first = renderPage(empty);
    expect(
      await screen.findByText('No components evaluated yet'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('matrix-evaluated')).toHaveTextContent(
      'Not evaluated yet',
    );
    first.unmount();

    const failing = new FakeScorecardsApi();
    failing.error = await backendError(
      503,
      'ServiceUnavailableError',
      'The scorecards database is not reachable',
    );
    renderPage(failing);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The scorecards database is not reachable',
    );
  });
});
