import { devComponent, startDevBackend } from '@internal/portal-test-utils/dev';

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

startDevBackend({
  config: { humio: { baseUrl, token, defaultRepository: repository } },
  entities: [
    devComponent('payments-api', 'squad-aura'),
    devComponent('orders-api', 'squad-aura'),
    devComponent('orders-api-errors', 'squad-aura', {
      'humio.com/query': 'service = "orders-api" level = ERROR',
    }),
  ],
  features: [import('../src')],
});
