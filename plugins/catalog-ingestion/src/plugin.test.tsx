import { screen, within } from '@testing-library/react';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import plugin from './index';
import { catalogIngestionApiRef } from './api';
import { FakeCatalogIngestionApi } from './testing/FakeCatalogIngestionApi';

jest.setTimeout(30_000);

describe('catalog-ingestion plugin', () => {
  it('is the default export, with its API, page and route', () => {
    expect(plugin.id).toBe('catalog-ingestion');
    expect(plugin.getExtension('api:catalog-ingestion')).toBeDefined();
    expect(plugin.getExtension('page:catalog-ingestion')).toBeDefined();
    expect(Object.keys(plugin.routes)).toEqual(['root']);
  });

  it('serves the page at /catalog-ingestion with its heading and providers', async () => {
    const api = new FakeCatalogIngestionApi({
      providers: {
        'github-repos-meridian': {
          status: { currentAction: 'bursting' },
        },
      },
    });
    renderTestApp({
      features: [plugin],
      apis: [[catalogIngestionApiRef, api], mockApis.permission()],
      initialRouteEntries: ['/catalog-ingestion'],
    });
    const region = await screen.findByRole(
      'region',
      { name: 'github-repos-meridian' },
      { timeout: 10_000 },
    );
    expect(within(region).getByTestId('provider-state')).toHaveTextContent(
      'Bursting',
    );
    expect(
      within(screen.getByRole('main')).getByRole('heading', {
        level: 1,
        name: 'Catalog ingestion',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Pause github-repos-meridian' }),
    ).toBeInTheDocument();
  });
});
