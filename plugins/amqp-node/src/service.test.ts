import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { amqpEnvironmentsServiceRef, AmqpEnvironments } from './service';

const AMQP_URL =
  process.env.AMQP_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

function capturingPlugin(onInit: (amqp: AmqpEnvironments) => void) {
  return createBackendPlugin({
    pluginId: 'amqp-test',
    register(env) {
      env.registerInit({
        deps: { amqp: amqpEnvironmentsServiceRef, logger: coreServices.logger },
        async init({ amqp }) {
          onInit(amqp);
        },
      });
    },
  });
}

describe('amqpEnvironmentsServiceRef', () => {
  it('provides an empty list without config', async () => {
    let amqp: AmqpEnvironments | undefined;
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({ data: {} }),
        capturingPlugin(a => {
          amqp = a;
        }),
      ],
    });
    expect(amqp!.list()).toEqual([]);
    expect(amqp!.get('dev')).toBeUndefined();
    await backend.stop();
  });

  it('starts one environment per config entry, does not fail start-up when a broker is down, and stops them on shutdown', async () => {
    let amqp: AmqpEnvironments | undefined;
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            amqp: {
              environments: {
                up: { url: AMQP_URL },
                down: { url: 'amqp://guest:guest@127.0.0.1:1' },
              },
            },
          },
        }),
        capturingPlugin(a => {
          amqp = a;
        }),
      ],
    });
    expect(
      amqp!
        .list()
        .map(e => e.name)
        .sort(),
    ).toEqual(['down', 'up']);
    await amqp!.get('up')!.whenConnected(5000);
    await expect(amqp!.get('down')!.whenConnected(200)).rejects.toThrow(
      /ECONNREFUSED/,
    );
    expect(['connecting', 'disconnected']).toContain(
      amqp!.get('down')!.status().state,
    );

    await backend.stop();
    expect(amqp!.list().map(e => e.status().state)).toEqual([
      'stopped',
      'stopped',
    ]);
  });

  it('fails start-up on invalid config', async () => {
    await expect(
      startTestBackend({
        features: [
          mockServices.rootConfig.factory({
            data: { amqp: { environments: { broken: { nope: true } } } },
          }),
          capturingPlugin(() => {}),
        ],
      }),
    ).rejects.toThrow(/amqp\.environments\.broken\.url/);
  });
});
