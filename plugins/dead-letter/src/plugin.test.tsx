import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import type { Entity } from '@backstage/catalog-model';
import plugin from './index';
import { deadLetterApiRef } from './api';
import { entityDeadLetterContent, hasRabbitMqQueues } from './extensions';
import { FakeDeadLetterApi, makeMessage } from './testing/FakeDeadLetterApi';

const component = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'group:default/squad-aura' },
});

describe('dead-letter plugin', () => {
  it('is the default export, with its extensions', () => {
    expect(plugin.id).toBe('dead-letter');
    expect(plugin.getExtension('api:dead-letter')).toBeDefined();
    expect(plugin.getExtension('page:dead-letter')).toBeDefined();
    expect(plugin.getExtension('entity-content:dead-letter')).toBeDefined();
    expect(plugin.getExtension('entity-card:dead-letter/group')).toBeDefined();
  });

  it('shows the component tab only for components with RabbitMQ queues', () => {
    expect(
      hasRabbitMqQueues(
        component({ 'meridian.bank/rabbitmq-queues': 'payments.incoming' }),
      ),
    ).toBe(true);
    expect(hasRabbitMqQueues(component())).toBe(false);
    expect(
      hasRabbitMqQueues(component({ 'meridian.bank/rabbitmq-queues': ' ' })),
    ).toBe(false);
    expect(
      hasRabbitMqQueues({
        ...component({ 'meridian.bank/rabbitmq-queues': 'q' }),
        kind: 'Group',
      }),
    ).toBe(false);
  });

  it("renders a component's messages in its tab", async () => {
    const api = new FakeDeadLetterApi({
      messages: [
        makeMessage({
          id: 'mine',
          environment: 'dev',
          componentRef: 'component:default/payments-api',
        }),
        makeMessage({
          id: 'other',
          environment: 'dev',
          componentRef: 'component:default/other',
        }),
      ],
    });
    renderTestApp({
      extensions: [
        createTestEntityPage({
          entity: component({
            'meridian.bank/rabbitmq-queues': 'payments.incoming',
          }),
        }),
        entityDeadLetterContent,
      ],
      apis: [[deadLetterApiRef, api]],
    });
    // The tab is lazy-loaded with the whole browser, which takes more than
    // findBy's default second on a busy machine.
    expect(
      await screen.findByTestId('message-row-mine', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('message-row-other')).toBeNull();
    expect(api.listRequests[0]).toMatchObject({
      component: 'component:default/payments-api',
      environment: 'dev',
    });
  });
});
