import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { isProductionConfig } from '@internal/backstage-plugin-portal-node';

export const DEFAULT_QUERY_TEMPLATE = 'service = "{{ entity.metadata.name }}"';
// dev/humio's sample logs, and most structured logs, carry `level`.
export const DEFAULT_ERROR_FILTER = 'level = ERROR';
export const DEFAULT_TIMEOUT_MS = 10_000;

export type HumioConfig = {
  /** Set when both baseUrl and token are; otherwise why not. */
  connection:
    | { configured: true; baseUrl: string; token: string }
    | { configured: false; message: string };
  defaultRepository?: string;
  /** undefined: any repository. */
  allowedRepositories?: string[];
  defaultQuery: string;
  /**
   * Put ahead of an entity's own `humio.com/query`, so that it only ever
   * narrows the entity's events (default: `defaultQuery`).
   */
  serviceFilter: string;
  errorFilter: string;
  timeoutMs: number;
};

const MS: Record<string, number> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 7 * 86_400_000,
  months: 30 * 86_400_000,
  years: 365 * 86_400_000,
};

function readTimeoutMs(root: Config | undefined): number {
  if (!root?.has('timeout')) return DEFAULT_TIMEOUT_MS;
  const duration = readDurationFromConfig(root, { key: 'timeout' });
  const ms = Object.entries(duration).reduce(
    (sum, [unit, n]) => sum + (MS[unit] ?? 0) * (n ?? 0),
    0,
  );
  if (!(ms > 0)) {
    throw new InputError('humio.timeout must be longer than 0');
  }
  return ms;
}

/** Reads `humio`; everything is optional, so that the backend starts without Humio. */
export function readHumioConfig(config: Config): HumioConfig {
  const root = config.getOptionalConfig('humio');
  const baseUrl = root?.getOptionalString('baseUrl')?.trim();
  const token = root?.getOptionalString('token')?.trim();
  if (baseUrl && !/^https?:\/\/[^/]/i.test(baseUrl)) {
    throw new InputError(
      `humio.baseUrl must be an http(s) URL such as https://cloud.humio.com, not '${baseUrl}'`,
    );
  }
  let connection: HumioConfig['connection'];
  if (!baseUrl) {
    connection = {
      configured: false,
      message: 'Humio is not configured: humio.baseUrl is not set.',
    };
  } else if (!token) {
    connection = {
      configured: false,
      message: 'Humio is not configured: humio.token is not set.',
    };
  } else {
    connection = {
      configured: true,
      baseUrl: baseUrl.replace(/\/+$/, ''),
      token,
    };
  }
  const allowed = root
    ?.getOptionalStringArray('allowedRepositories')
    ?.map(r => r.trim())
    .filter(Boolean);
  // Without the list any annotation points the search token at any
  // repository it can read (audit, security): production names them.
  if (connection.configured && isProductionConfig(config) && !allowed?.length) {
    throw new InputError(
      'humio.allowedRepositories must list the repositories entities may read in production (Humio is configured: humio.baseUrl and humio.token are set)',
    );
  }
  const defaultQuery =
    root?.getOptionalString('defaultQuery')?.trim() || DEFAULT_QUERY_TEMPLATE;
  return {
    connection,
    defaultRepository:
      root?.getOptionalString('defaultRepository')?.trim() || undefined,
    allowedRepositories: allowed,
    defaultQuery,
    serviceFilter:
      root?.getOptionalString('serviceFilter')?.trim() || defaultQuery,
    errorFilter:
      root?.getOptionalString('errorFilter')?.trim() || DEFAULT_ERROR_FILTER,
    timeoutMs: readTimeoutMs(root),
  };
}
