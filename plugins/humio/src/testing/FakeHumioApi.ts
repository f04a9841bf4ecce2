import type { ResponseError } from '@backstage/errors';
import type {
  EntityLogsOk,
  EntityLogsRequest,
  EntityLogsResponse,
  HumioApi,
  HumioEntityName,
  HumioLogEvent,
  HumioStatusResponse,
} from '../api';

// Tests import the backend's errors with the fake.
export { backendError } from '@internal/backstage-plugin-portal-react/testing';

/** An event with sensible defaults. */
export function makeEvent(
  overrides: Partial<HumioLogEvent> = {},
): HumioLogEvent {
  return {
    id: `id-${Math.random().toString(16).slice(2)}`,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
    level: 'INFO',
    message: 'GET /api/orders 200 in 12ms',
    fields: {
      service: 'payments-api',
      logger: 'com.meridian.paymentsapi.HttpHandler',
    },
    ...overrides,
  };
}

/** An ok answer with defaults (no events). */
export function okResponse(
  overrides: Partial<EntityLogsOk> = {},
): EntityLogsOk {
  const range = overrides.range ?? '1h';
  return {
    status: 'ok',
    range,
    repository: 'meridian-prod',
    query: 'service = "payments-api"',
    humioUrl: `https://humio.example.com/meridian-prod/search?query=service+%3D+%22payments-api%22&start=${range}&live=false`,
    events: [],
    limit: 100,
    counts: { total: 0, errors: 0 },
    generatedAt: new Date().toISOString(),
    ...overrides,
  };
}

type Answer =
  | EntityLogsResponse
  | Promise<ResponseError>
  | ((
      request: EntityLogsRequest,
    ) => EntityLogsResponse | Promise<ResponseError>);

/** Answers with what it was given (an error rejects) and records the requests. */
export class FakeHumioApi implements HumioApi {
  readonly requests: Array<HumioEntityName & EntityLogsRequest> = [];

  constructor(public answer: Answer = okResponse()) {}

  async getEntityLogs(
    entity: HumioEntityName,
    request: EntityLogsRequest,
  ): Promise<EntityLogsResponse> {
    this.requests.push({ ...entity, ...request });
    const answer =
      typeof this.answer === 'function' ? this.answer(request) : this.answer;
    if (answer instanceof Promise) throw await answer;
    return answer;
  }

  async getStatus(): Promise<HumioStatusResponse> {
    return {
      configured: true,
      connected: true,
      checkedAt: new Date().toISOString(),
    };
  }
}
