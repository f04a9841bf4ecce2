import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  deadLetterDiscardPermission,
  deadLetterReplayPermission,
} from '@internal/backstage-plugin-dead-letter-common';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  makeMessage,
} from '../../testing/FakeDeadLetterApi';
import { rootRouteRef } from '../../routes';
import { MessageDetail } from './MessageDetail';

// Permission answers are cached per permission and resource, so each test
// uses its own message id.
function renderWith(
  authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  id: string,
) {
  const api = new FakeDeadLetterApi({
    messages: [
      makeMessage({
        id,
        state: 'unresolved',
        ownerRef: 'group:default/squad-aura',
      }),
    ],
  });
  const permission = mockApis.permission({ authorize });
  const requests: string[] = [];
  const asked = {
    authorize: async (request: any) => {
      requests.push(`${request.permission.name} ${request.resourceRef}`);
      return permission.authorize(request);
    },
  };
  return {
    requests,
    rendered: renderInTestApp(
      <MessageDetail
        id={id}
        messageHref={other => `/dead-letter/messages/${other}`}
      />,
      {
        apis: [
          [deadLetterApiRef, api],
          [permissionApiRef, asked],
        ],
        mountedRoutes: {
          '/dead-letter': rootRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    ),
  };
}

describe('MessageDetail permissions', () => {
  it('offers replay and discard to those the policy allows, for this message', async () => {
    const { requests, rendered } = renderWith(AuthorizeResult.ALLOW, 'm1');
    await rendered;
    expect(
      await screen.findByRole('button', { name: 'Replay' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Discard' })).toBeInTheDocument();
    expect(requests).toEqual(
      expect.arrayContaining([
        `${deadLetterReplayPermission.name} m1`,
        `${deadLetterDiscardPermission.name} m1`,
      ]),
    );
  });

  it('says who may act instead of offering actions that would be refused', async () => {
    const { rendered } = renderWith(AuthorizeResult.DENY, 'm2');
    await rendered;
    expect(
      await screen.findByText(/You can read this message/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Replay' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Discard' })).toBeNull();
    expect(screen.getByText(/and the platform team/)).toBeInTheDocument();
  });
});
