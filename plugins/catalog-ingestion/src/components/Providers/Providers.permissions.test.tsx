import { screen, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { catalogIngestionApiRef } from '../../api';
import {
  FakeCatalogIngestionApi,
  makeMarks,
} from '../../testing/FakeCatalogIngestionApi';
import { fakeCatalog } from '../../testing/fakeCatalog';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Providers } from './Providers';

// usePermission caches answers per permission for the whole test file, so
// this file only has people who may not manage ingestion.

const MERIDIAN = 'github-repos-meridian';

jest.setTimeout(30_000);

describe('Providers without the manage permission', () => {
  it('shows the providers without actions, and says who may act', async () => {
    const api = new FakeCatalogIngestionApi({
      providers: {
        [MERIDIAN]: {
          status: { currentAction: 'bursting' },
          marks: makeMarks(2),
        },
      },
    });
    const permission = mockApis.permission({ authorize: AuthorizeResult.DENY });
    const asked: string[] = [];
    renderInTestApp(<Providers />, {
      apis: [
        [catalogIngestionApiRef, api],
        [catalogApiRef, fakeCatalog()],
        [
          permissionApiRef,
          {
            authorize: async (request: any) => {
              asked.push(request.permission.name);
              return permission.authorize(request);
            },
          },
        ],
      ],
    });
    const card = await screen.findByRole('region', { name: MERIDIAN });
    expect(
      await screen.findByText(
        'Only the platform team can trigger, pause or reset providers.',
      ),
    ).toBeInTheDocument();
    expect(asked).toEqual(['catalog.ingestion.manage']);
    expect(within(card).getByTestId('provider-state')).toHaveTextContent(
      'Bursting',
    );
    for (const action of ['Trigger', 'Pause', 'Resume', 'Reset']) {
      expect(
        screen.queryByRole('button', { name: `${action} ${MERIDIAN}` }),
      ).toBeNull();
    }
  });
});
