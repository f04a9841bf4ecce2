import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import plugin from './index';
import { humioApiRef } from './api';
import { entityLogsContent } from './extensions';
import { FakeHumioApi, makeEvent, okResponse } from './testing/FakeHumioApi';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/squad-aura' },
};

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'squad-aura', namespace: 'default' },
  spec: { type: 'squad', children: [] },
};

jest.setTimeout(30_000);

describe('humio plugin', () => {
  it('is the default export, with its API and logs tab', () => {
    expect(plugin.id).toBe('humio');
    expect(plugin.getExtension('api:humio')).toBeDefined();
    expect(plugin.getExtension('entity-content:humio/logs')).toBeDefined();
  });

  it('shows the Logs tab on component pages', async () => {
    const api = new FakeHumioApi(
      okResponse({
        counts: { total: 1, errors: 0 },
        events: [makeEvent({ message: 'Health check passed' })],
      }),
    );
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: component }),
        entityLogsContent,
      ],
      apis: [[humioApiRef, api]],
    });
    expect(
      await screen.findByText('Health check passed', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(api.requests).toEqual([
      {
        namespace: 'default',
        kind: 'Component',
        name: 'payments-api',
        range: '1h',
      },
    ]);
  });

  it('does not show it on other entities', async () => {
    const api = new FakeHumioApi();
    renderTestApp({
      extensions: [createTestEntityPage({ entity: group }), entityLogsContent],
      apis: [[humioApiRef, api]],
    });
    expect(
      await screen.findByTestId('empty-entity-page', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(api.requests).toEqual([]);
  });
});
