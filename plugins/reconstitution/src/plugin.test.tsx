import { screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import plugin from './index';
import { reconstitutionApiRef } from './api';
import {
  entityReconstitutionContent,
  isReconstitutionReceiver,
  reconstitutionPage,
} from './extensions';
import {
  FakeReconstitutionApi,
  makeJob,
  makeReceiver,
} from './testing/FakeReconstitutionApi';

const component = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-read-model', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'group:default/squad-payments' },
});

const QUEUES = {
  'meridian.bank/rabbitmq-queues': 'payments-read-model.events',
};

jest.setTimeout(30_000);

describe('reconstitution plugin', () => {
  it('is the default export, with its extensions and routes', () => {
    expect(plugin.id).toBe('reconstitution');
    expect(plugin.getExtension('api:reconstitution')).toBeDefined();
    expect(plugin.getExtension('page:reconstitution')).toBeDefined();
    expect(plugin.getExtension('entity-content:reconstitution')).toBeDefined();
    expect(Object.keys(plugin.routes).sort()).toEqual([
      'job',
      'newJob',
      'root',
    ]);
  });

  it('shows the component tab only for components that declare queues', () => {
    expect(isReconstitutionReceiver(component(QUEUES))).toBe(true);
    expect(isReconstitutionReceiver(component())).toBe(false);
    expect(
      isReconstitutionReceiver(
        component({ 'meridian.bank/rabbitmq-queues': '  ' }),
      ),
    ).toBe(false);
    expect(
      isReconstitutionReceiver({ ...component(QUEUES), kind: 'System' }),
    ).toBe(false);
  });

  it("lists a component's jobs in its tab, with a link to a new job for it", async () => {
    const api = new FakeReconstitutionApi({
      jobs: [
        makeJob({ id: 'mine', state: 'completed' }),
        makeJob({
          id: 'other',
          state: 'completed',
          receiver: { entityRef: 'component:default/ledger', queue: 'q' },
        }),
      ],
    });
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: component(QUEUES) }),
        entityReconstitutionContent,
        reconstitutionPage,
      ],
      apis: [[reconstitutionApiRef, api], mockApis.permission()],
    });
    expect(
      await screen.findByTestId('job-row-mine', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('job-row-other')).toBeNull();
    expect(api.listJobsRequests[0].receiver).toBe(
      'component:default/payments-read-model',
    );
    expect(
      screen.getByRole('link', { name: 'New job for this component' }),
    ).toHaveAttribute(
      'href',
      '/reconstitution/new?receiver=component%3Adefault%2Fpayments-read-model',
    );
  });

  it('serves the jobs, the form with a preselected receiver, and a job at their routes', async () => {
    const api = new FakeReconstitutionApi({
      receivers: [
        makeReceiver({
          entityRef: 'component:default/payments-read-model',
          title: 'Payments read model',
        }),
      ],
      jobs: [makeJob({ id: 'j1', state: 'completed' })],
    });
    const rendered = renderTestApp({
      features: [plugin],
      apis: [[reconstitutionApiRef, api], mockApis.permission()],
      initialRouteEntries: [
        '/reconstitution/new?receiver=component%3Adefault%2Fpayments-read-model',
      ],
    });
    const receiver = await screen.findByLabelText(/^Receiver/, undefined, {
      timeout: 10_000,
    });
    await waitFor(() => expect(receiver).toHaveValue('Payments read model'));
    expect(screen.getByRole('link', { name: /All jobs/ })).toHaveAttribute(
      'href',
      '/reconstitution',
    );
    rendered.unmount();

    const jobs = renderTestApp({
      features: [plugin],
      apis: [[reconstitutionApiRef, api], mockApis.permission()],
      initialRouteEntries: ['/reconstitution'],
    });
    expect(
      await screen.findByTestId('job-row-j1', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Add job' })).toHaveAttribute(
      'href',
      '/reconstitution/new',
    );
    expect(screen.getByRole('link', { name: '5 minutes ago' })).toHaveAttribute(
      'href',
      '/reconstitution/jobs/j1',
    );
    expect(
      within(screen.getByRole('main')).getByRole('heading', {
        level: 1,
        name: 'Reconstitution',
      }),
    ).toBeInTheDocument();
    jobs.unmount();

    renderTestApp({
      features: [plugin],
      apis: [[reconstitutionApiRef, api], mockApis.permission()],
      initialRouteEntries: ['/reconstitution/jobs/j1'],
    });
    expect(
      await screen.findByTestId('job-state', undefined, { timeout: 10_000 }),
    ).toHaveTextContent('COMPLETED');
  });
});
