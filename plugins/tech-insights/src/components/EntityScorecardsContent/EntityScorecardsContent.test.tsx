import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import { scorecardsApiRef } from '../../api';
import { toDateInput } from '../../lib/format';
import {
  FakeScorecardsApi,
  backendError,
  daysAgo,
  makeCheckResult,
  makeScorecard,
} from '../../testing/FakeScorecardsApi';
import { EntityScorecardsContent } from './EntityScorecardsContent';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/squad-aura' },
});

/**
 * Permission answers are cached per permission and resource, so tests that
 * deny use components of their own.
 */
function renderTab(
  api: FakeScorecardsApi,
  name = 'payments-api',
  options: { deny?: string[] } = {},
) {
  const permission = mockApis.permission({
    authorize: request =>
      options.deny?.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  return renderInTestApp(
    <EntityProvider entity={component(name)}>
      <EntityScorecardsContent />
    </EntityProvider>,
    { apis: [[scorecardsApiRef, api], permission] },
  );
}

const inFuture = (days: number) => {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return toDateInput(date);
};

jest.setTimeout(30_000);

describe('EntityScorecardsContent', () => {
  it('shows each track with its level, levels and checks, and how to fix failing checks', async () => {
    const api = new FakeScorecardsApi();
    api.histories['component:default/payments-api'] = {
      levels: [
        { trackId: 'service-maturity', level: 0, at: daysAgo(20) },
        { trackId: 'service-maturity', level: 1, at: daysAgo(10) },
      ],
      checks: [],
    };
    renderTab(api);

    const level = await screen.findByTestId('track-level-service-maturity');
    expect(level).toHaveTextContent('Level 1 of 3 · Bronze');
    const track = screen.getByTestId('track-service-maturity');
    expect(within(track).getByText('Service maturity')).toBeInTheDocument();
    expect(
      within(track).getByRole('heading', { name: 'Level 2 · Silver' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('last-evaluated')).toHaveTextContent(
      'Last evaluated 5 minutes ago',
    );

    expect(screen.getByTestId('check-has-owner')).toHaveTextContent('passed');
    expect(screen.getByTestId('check-state-has-owner')).toHaveTextContent(
      'passed',
    );
    const failing = screen.getByTestId('check-has-ci');
    expect(failing).toHaveTextContent('failed');
    expect(failing).toHaveTextContent('Runs CI');
    expect(failing).toHaveTextContent(
      'Why it fails: ci.workflows is 0, expected greater than 0',
    );
    expect(failing).toHaveTextContent('failed since 2 days ago');
    expect(
      within(failing).getByTestId('check-remediation-has-ci'),
    ).toHaveTextContent('How to fix: Fix runs ci');
    expect(
      within(failing).getByRole('link', { name: /Read more about/ }),
    ).toHaveAttribute('href', 'https://example.com/ci');
    // Passing checks need no remediation.
    expect(screen.queryByTestId('check-remediation-has-owner')).toBeNull();
    expect(screen.getByTestId('check-has-slo')).toHaveTextContent('unknown');
    expect(screen.getByTestId('check-has-slo')).toHaveTextContent(
      'Why it is unknown: Fact slo.count is missing',
    );

    const history = await screen.findByTestId('level-history-service-maturity');
    expect(history).toHaveTextContent('L1 · Bronze (up from L0)');
    expect(history).toHaveTextContent('L0 (first recorded)');
  });

  it('replaces the results with those of a re-run, showing progress meanwhile', async () => {
    const api = new FakeScorecardsApi();
    let release = () => {};
    api.rerunGate = new Promise(resolve => {
      release = resolve;
    });
    api.rerunResults['component:default/payments-api'] = makeScorecard({
      warnings: ['meridianDeadLetterFactRetriever: broker not connected'],
      evaluatedAt: new Date().toISOString(),
      tracks: [
        {
          trackId: 'service-maturity',
          level: 2,
          maxLevel: 3,
          checks: [
            makeCheckResult({ checkId: 'has-owner' }),
            makeCheckResult({ checkId: 'has-readme' }),
            makeCheckResult({ checkId: 'has-ci', since: daysAgo(0) }),
            makeCheckResult({ checkId: 'has-slo', state: 'failed' }),
          ],
        },
      ],
    });
    renderTab(api);
    await screen.findByTestId('track-level-service-maturity');
    const button = screen.getByRole('button', { name: 'Re-run checks' });
    await waitFor(() => expect(button).toBeEnabled());

    await userEvent.click(button);
    expect(await screen.findByTestId('rerun-progress')).toBeInTheDocument();
    expect(button).toBeDisabled();
    await act(async () => release());

    await waitFor(() =>
      expect(
        screen.getByTestId('track-level-service-maturity'),
      ).toHaveTextContent('Level 2 of 3 · Silver'),
    );
    expect(screen.getByTestId('check-has-ci')).toHaveTextContent('passed');
    expect(screen.getByTestId('check-has-slo')).toHaveTextContent('failed');
    expect(screen.getByTestId('last-evaluated')).toHaveTextContent(
      'Last evaluated just now',
    );
    expect(screen.queryByTestId('rerun-progress')).toBeNull();
    expect(screen.getByTestId('rerun-warnings')).toHaveTextContent(
      'meridianDeadLetterFactRetriever: broker not connected',
    );
    expect(api.rerunRequests).toEqual(['component:default/payments-api']);
  });

  it("shows the server's message when a re-run fails, keeping the results", async () => {
    const api = new FakeScorecardsApi();
    api.rerunError = await backendError(
      502,
      'ServiceUnavailableError',
      'GitHub did not answer: fetching facts of payments-api failed',
    );
    renderTab(api);
    await screen.findByTestId('track-level-service-maturity');
    const button = screen.getByRole('button', { name: 'Re-run checks' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    const error = await screen.findByTestId('rerun-error');
    expect(error).toHaveTextContent('Could not re-run the checks');
    expect(error).toHaveTextContent(
      'GitHub did not answer: fetching facts of payments-api failed',
    );
    expect(
      screen.getByTestId('track-level-service-maturity'),
    ).toHaveTextContent('Level 1 of 3');
  });

  it('disables re-running and offers no exemptions to non-owners', async () => {
    const api = new FakeScorecardsApi({
      scorecards: [makeScorecard({ entityRef: 'component:default/not-mine' })],
    });
    renderTab(api, 'not-mine', {
      deny: ['tech-insights.scorecard.rerun', 'tech-insights.exemption.create'],
    });
    await screen.findByTestId('track-level-service-maturity');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Re-run checks' }),
      ).toBeDisabled(),
    );
    expect(screen.getByTestId('rerun-denied')).toHaveAttribute(
      'title',
      'Only the owners of this component can re-run its checks',
    );
    expect(
      within(screen.getByTestId('check-has-ci')).queryByRole('button', {
        name: 'Exempt',
      }),
    ).toBeNull();
  });

  it('validates the exemption form before sending, then creates the exemption', async () => {
    const api = new FakeScorecardsApi();
    renderTab(api);
    const row = await screen.findByTestId('check-has-ci');
    await userEvent.click(
      await within(row).findByRole('button', { name: 'Exempt' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Exempt from “Runs CI”',
    });
    const submit = within(dialog).getByRole('button', {
      name: 'Create exemption',
    });

    await userEvent.click(submit);
    expect(dialog).toHaveTextContent('A justification is required');
    expect(dialog).toHaveTextContent('An expiry date is required');

    const justification = within(dialog).getByRole('textbox', {
      name: /Justification/,
    });
    const expiry = within(dialog).getByLabelText(/Expires on/);
    await userEvent.type(justification, 'too short');
    fireEvent.change(expiry, { target: { value: inFuture(400) } });
    await userEvent.click(submit);
    expect(dialog).toHaveTextContent(
      'The justification must be at least 10 characters long',
    );
    expect(dialog).toHaveTextContent(
      'The expiry date must be at most one year ahead',
    );
    expect(justification).toHaveAttribute('aria-invalid', 'true');
    expect(api.createExemptionRequests).toEqual([]);

    await userEvent.clear(justification);
    await userEvent.type(
      justification,
      'CI moves to the new runners next sprint',
    );
    fireEvent.change(expiry, { target: { value: inFuture(30) } });
    await userEvent.click(submit);

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.createExemptionRequests).toHaveLength(1);
    const [request] = api.createExemptionRequests;
    expect(request).toMatchObject({
      entityRef: 'component:default/payments-api',
      checkId: 'has-ci',
      justification: 'CI moves to the new runners next sprint',
    });
    expect(new Date(request.expiresAt).getTime()).toBeGreaterThan(Date.now());
    // Granted: it shows on the check until the next evaluation counts it.
    const exemption = await screen.findByTestId('check-exemption-has-ci');
    expect(exemption).toHaveTextContent('by user:default/guest');
    expect(exemption).toHaveTextContent(
      'CI moves to the new runners next sprint',
    );
  });

  it("shows the server's refusal of an exemption in the dialog", async () => {
    const api = new FakeScorecardsApi();
    api.createExemptionError = await backendError(
      400,
      'InputError',
      'justification: must not just repeat the check name',
    );
    renderTab(api);
    const row = await screen.findByTestId('check-has-slo');
    await userEvent.click(
      await within(row).findByRole('button', { name: 'Exempt' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Justification/ }),
      'Declares SLOs declares SLOs',
    );
    fireEvent.change(within(dialog).getByLabelText(/Expires on/), {
      target: { value: inFuture(7) },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create exemption' }),
    );
    const error = await within(dialog).findByTestId('exemption-error');
    expect(error).toHaveTextContent(
      'justification: must not just repeat the check name',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(api.createExemptionRequests).toHaveLength(1);
  });

  it('shows who exempted a check, why and until when, and lets the platform team revoke it', async () => {
    const exemption = {
      id: 'ex-9',
      entityRef: 'component:default/exempted',
      checkId: 'has-ci',
      justification: 'Batch job without a pipeline',
      expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
      createdBy: 'user:default/jane.doe',
      createdAt: daysAgo(1),
    };
    const scorecard = makeScorecard({
      entityRef: 'component:default/exempted',
    });
    scorecard.tracks[0].checks[2] = makeCheckResult({
      checkId: 'has-ci',
      state: 'exempt',
      exemption,
    });
    const api = new FakeScorecardsApi({ scorecards: [scorecard] });
    api.exemptions.push(exemption);
    renderTab(api, 'exempted');

    const row = await screen.findByTestId('check-has-ci');
    expect(row).toHaveTextContent('exempt');
    const details = within(row).getByTestId('check-exemption-has-ci');
    expect(details).toHaveTextContent('Exempt by user:default/jane.doe until');
    expect(details).toHaveTextContent('Batch job without a pipeline');

    await userEvent.click(
      await within(row).findByRole('button', { name: 'Revoke' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke' }),
    );
    await waitFor(() => expect(api.revokeRequests).toEqual(['ex-9']));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('says so when scorecards do not know the component or no track applies', async () => {
    const api = new FakeScorecardsApi({
      scorecards: [
        makeScorecard({ entityRef: 'component:default/batch', tracks: [] }),
      ],
    });
    const unknown = renderTab(api, 'stranger');
    expect(
      await screen.findByText('Not evaluated by scorecards yet'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('last-evaluated')).toHaveTextContent(
      'Not evaluated yet',
    );
    unknown.unmount();

    renderTab(api, 'batch');
    expect(
      await screen.findByText('No scorecard tracks apply to this component'),
    ).toBeInTheDocument();
  });
});
