import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Breakable } from './Breakable';
import { EntityRef } from './EntityRef';

const withEntityPages = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

// The first render of a test app takes a while when all tests run at once.
jest.setTimeout(30_000);

describe('EntityRef', () => {
  it('links to the entity page when the app has them', async () => {
    await renderInTestApp(
      <EntityRef entityRef="group:default/squad-aura" defaultKind="group" />,
      withEntityPages,
    );
    expect(screen.getByRole('link', { name: 'squad-aura' })).toHaveAttribute(
      'href',
      '/catalog/default/group/squad-aura',
    );
  });

  it('links with a title instead of the name', async () => {
    await renderInTestApp(
      <EntityRef
        entityRef="component:default/payments-read-model"
        defaultKind="component"
        title="Payments read model"
      />,
      withEntityPages,
    );
    expect(
      screen.getByRole('link', { name: 'Payments read model' }),
    ).toBeInTheDocument();
  });

  it('shows the reference as text without entity pages, or when it does not parse', async () => {
    await renderInTestApp(
      <>
        <EntityRef entityRef="user:default/jane.doe" defaultKind="user" />
        <EntityRef entityRef="user:" defaultKind="user" />
      </>,
    );
    expect(screen.getByText('user:default/jane.doe')).toBeInTheDocument();
    expect(screen.getByText('user:')).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows a dash for no reference', async () => {
    await renderInTestApp(
      <EntityRef entityRef={undefined} defaultKind="user" />,
    );
    expect(screen.getByText('—')).toBeInTheDocument();
  });
});

describe('Breakable', () => {
  it('may wrap after separators and is still the same text', async () => {
    const { container } = await renderInTestApp(
      <p>
        <Breakable text="payments.dlq/v1" />
      </p>,
    );
    expect(container.querySelectorAll('wbr')).toHaveLength(2);
    expect(screen.getByText('payments.dlq/v1')).toBeInTheDocument();
  });
});
