import {
  AuthService,
  coreServices,
  createServiceFactory,
  createServiceRef,
  DiscoveryService,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { QueueRegistryResponse } from '@internal/backstage-plugin-queue-registry-common';

/** Which component owns which queue, as the catalog's queue registry records it. */
export interface QueueRegistry {
  list(): Promise<QueueRegistryResponse>;
}

/** A slow catalog must not hold a refresh (or a request) forever. */
const TIMEOUT_MS = 15_000;

/**
 * Reads the registry from the catalog's queue-registry routes with the
 * calling plugin's own service credentials.
 */
export class QueueRegistryClient implements QueueRegistry {
  static create(options: { discovery: DiscoveryService; auth: AuthService }) {
    return new QueueRegistryClient(options.discovery, options.auth);
  }

  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async list(): Promise<QueueRegistryResponse> {
    const baseUrl = await this.discovery.getBaseUrl('catalog');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'catalog',
    });
    const response = await fetch(`${baseUrl}/queue-registry/queues`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as QueueRegistryResponse;
  }
}

/** The queue registry for backend plugins (a client of the catalog's routes). */
export const queueRegistryServiceRef: ServiceRef<
  QueueRegistry,
  'plugin',
  'singleton'
> = createServiceRef<QueueRegistry>({
  id: 'internal.queue-registry',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: deps => QueueRegistryClient.create(deps),
    }),
});
