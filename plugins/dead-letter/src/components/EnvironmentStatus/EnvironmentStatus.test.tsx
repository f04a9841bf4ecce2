import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { DeadLetterEnvironment } from '../../api';
import { EnvironmentStatus } from './EnvironmentStatus';

const base: DeadLetterEnvironment = {
  name: 'prod',
  connection: {
    environment: 'prod',
    state: 'connected',
    since: '2026-11-21T10:00:00.000Z',
  },
  queues: [
    { environment: 'prod', queue: 'dead-letters', active: true, captured: 3 },
    { environment: 'prod', queue: 'orders.dlq', active: true, captured: 1 },
  ],
};

describe('EnvironmentStatus', () => {
  it('marks discovered queues and says what is discovered', async () => {
    await renderInTestApp(
      <EnvironmentStatus
        environment={{
          ...base,
          discovery: {
            pattern: '\\.dlq$',
            lastListedAt: new Date().toISOString(),
            queues: ['orders.dlq'],
          },
        }}
      />,
    );
    expect(
      screen.getByText(/Also capturing every queue named like/),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 found/)).toBeInTheDocument();
    expect(screen.getAllByText('discovered')).toHaveLength(1);
    expect(screen.queryByText(/not connected/)).not.toBeInTheDocument();
  });

  it('shows a discovery that cannot reach the management API', async () => {
    await renderInTestApp(
      <EnvironmentStatus
        environment={{
          ...base,
          discovery: {
            pattern: '\\.dlq$',
            lastError:
              'cannot reach the RabbitMQ management API at http://rabbitmq:15672 (ECONNREFUSED)',
            queues: [],
          },
        }}
      />,
    );
    expect(
      screen.getByText('Queue discovery is not connected in prod'),
    ).toBeInTheDocument();
    expect(screen.getByText(/ECONNREFUSED/)).toBeInTheDocument();
    // Configured queues are still listed as captured.
    expect(screen.getByText('dead-letters')).toBeInTheDocument();
  });
});
