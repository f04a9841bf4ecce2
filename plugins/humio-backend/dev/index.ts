import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Runs the backend alone against a Humio you point it at, normally the
// local one (never part of this package's runtime):
//
//   yarn workspace @internal/dev-humio start --port 7901 --api-token dev \
//     --services payments-api,orders-api
//   yarn start    (in this folder; HUMIO_URL, HUMIO_TOKEN and
//                  HUMIO_REPOSITORY override the defaults below)
//   curl 'http://localhost:7007/api/humio/entities/default/component/payments-api/logs?range=15m'
//   curl http://localhost:7007/api/humio/status
//
// The catalog is a mock holding payments-api and orders-api (found through
// the default query template) and orders-api-errors (its own query).
// Requests are made as a mock user.
const baseUrl = process.env.HUMIO_URL ?? 'http://127.0.0.1:7901';
const token = process.env.HUMIO_TOKEN ?? 'dev';
const repository = process.env.HUMIO_REPOSITORY ?? 'meridian-prod';

const component = (name: string, annotations: Record<string, string> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', owner: 'squad-aura', lifecycle: 'production' },
});

async function main() {
  const backend = createBackend();
  backend.add(mockServices.auth.factory());
  backend.add(mockServices.httpAuth.factory());
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: 'http://localhost:7007',
          listen: { port: 7007 },
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        humio: { baseUrl, token, defaultRepository: repository },
      },
    }),
  );
  backend.add(
    catalogServiceMock.factory({
      entities: [
        component('payments-api'),
        component('orders-api'),
        component('orders-api-errors', {
          'humio.com/query': 'service = "orders-api" level = ERROR',
        }),
      ],
    }),
  );
  backend.add(import('../src'));
  await backend.start();
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
