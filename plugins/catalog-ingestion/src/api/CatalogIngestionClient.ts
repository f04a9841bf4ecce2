import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { PluginBackend } from '@internal/backstage-plugin-portal-react';
import { toIsoTime } from '../lib/format';
import type {
  CatalogIngestionApi,
  IngestionHealth,
  IngestionMark,
  ProviderActionResult,
  ProviderResetResult,
  ProviderStatus,
} from './CatalogIngestionApi';

/** A row of `ingestion_marks` as the backend sends it. */
type RawMark = {
  id: string;
  ingestion_id?: string;
  sequence: number | string;
  cursor?: unknown;
  created_at?: string | number | null;
};

/**
 * Talks to the incremental ingestion admin router of the catalog backend
 * (`<catalog base URL>/incremental/...`). Failed requests throw a
 * `ResponseError`; `describeError` shows the backend's own message.
 */
export class CatalogIngestionClient implements CatalogIngestionApi {
  private readonly backend: PluginBackend;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.backend = new PluginBackend({ ...options, pluginId: 'catalog' });
  }

  async getHealth(): Promise<IngestionHealth> {
    const body = await this.send<{
      healthy?: boolean;
      duplicateIngestions?: string[];
    }>('GET', '/health');
    return {
      healthy: body.healthy !== false,
      duplicateIngestions: body.duplicateIngestions ?? [],
    };
  }

  async listProviders(): Promise<string[]> {
    const body = await this.send<{ providers?: string[] }>('GET', '/providers');
    return body.providers ?? [];
  }

  async getProviderStatus(provider: string): Promise<ProviderStatus> {
    const body = await this.send<{
      status?: { current_action?: string; next_action_at?: string | null };
      last_error?: string | null;
    }>('GET', providerPath(provider));
    return {
      currentAction: body.status?.current_action ?? 'unknown',
      nextActionAt: toIsoTime(body.status?.next_action_at),
      lastError: body.last_error || undefined,
    };
  }

  async getProviderMarks(provider: string): Promise<IngestionMark[]> {
    // Between two cycles the backend answers with a message and no records.
    const body = await this.send<{ records?: RawMark[] }>(
      'GET',
      `${providerPath(provider)}/marks`,
    );
    return (body.records ?? []).map(record => ({
      id: record.id,
      sequence: Number(record.sequence),
      cursor: record.cursor ?? undefined,
      createdAt: toIsoTime(record.created_at),
    }));
  }

  async triggerNextAction(provider: string): Promise<ProviderActionResult> {
    return this.action(`${providerPath(provider)}/trigger`);
  }

  async startNextCycle(provider: string): Promise<ProviderActionResult> {
    return this.action(`${providerPath(provider)}/start`);
  }

  async cancelIngestion(provider: string): Promise<ProviderActionResult> {
    return this.action(`${providerPath(provider)}/cancel`);
  }

  async resetProvider(provider: string): Promise<ProviderResetResult> {
    const body = await this.send<Partial<ProviderResetResult>>(
      'DELETE',
      providerPath(provider),
    );
    return {
      provider: body.provider ?? provider,
      ingestionsDeleted: Number(body.ingestionsDeleted ?? 0),
      marksDeleted: Number(body.marksDeleted ?? 0),
      markEntitiesDeleted: Number(body.markEntitiesDeleted ?? 0),
    };
  }

  private async action(path: string): Promise<ProviderActionResult> {
    const body = await this.send<{ message?: string }>('POST', path);
    return { message: body.message ?? 'Done.' };
  }

  private async send<T>(method: string, path: string): Promise<T> {
    return this.backend.send<T>(
      `/incremental${path}`,
      method === 'GET' ? undefined : { method },
    );
  }
}

function providerPath(provider: string): string {
  return `/providers/${encodeURIComponent(provider)}`;
}
