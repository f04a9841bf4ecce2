import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { deadLetterApiRef } from '../../api';
import {
  FakeDeadLetterApi,
  makeMessage,
} from '../../testing/FakeDeadLetterApi';
import { rootRouteRef } from '../../routes';
import { MessageDetail } from './MessageDetail';

function render(message: ReturnType<typeof makeMessage>) {
  return renderInTestApp(
    <MessageDetail
      id={message.id}
      messageHref={other => `/dead-letter/messages/${other}`}
    />,
    {
      apis: [
        [deadLetterApiRef, new FakeDeadLetterApi({ messages: [message] })],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.DENY }),
        ],
        [
          catalogApiRef,
          catalogApiMock({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Group',
                metadata: { name: 'squad-aura', title: 'Squad Aura' },
                spec: { type: 'squad', children: [] },
              },
            ],
          }),
        ],
      ],
      mountedRoutes: {
        '/dead-letter': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('MessageDetail with a withheld body', () => {
  it('says who may read it instead of the body, headers and properties', async () => {
    await render(
      makeMessage({
        id: '11111111-1111-4111-8111-111111111111',
        ownerRef: 'group:default/squad-aura',
        bodyWithheld: true,
        bodyBase64: '',
        headers: {},
        properties: {},
      }),
    );
    expect(
      await screen.findByText(
        "Only Squad Aura (and the platform team) can read this message's body and headers.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Headers' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Properties' })).toBeNull();
    // Metadata is still shown.
    expect(screen.getAllByText('payments.incoming').length).toBeGreaterThan(0);
  });

  it('names the platform team alone for an unowned message', async () => {
    await render(
      makeMessage({
        id: '22222222-2222-4222-8222-222222222222',
        ownerRef: undefined,
        bodyWithheld: true,
        bodyBase64: '',
        headers: {},
        properties: {},
      }),
    );
    expect(
      await screen.findByText(
        "Only the platform team can read this message's body and headers: no squad owns its queue.",
      ),
    ).toBeInTheDocument();
  });

  it('shows body and headers when they are not withheld', async () => {
    await render(
      makeMessage({
        id: '33333333-3333-4333-8333-333333333333',
        ownerRef: 'group:default/squad-aura',
      }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Headers' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('note', { name: 'Body withheld' })).toBeNull();
  });
});
