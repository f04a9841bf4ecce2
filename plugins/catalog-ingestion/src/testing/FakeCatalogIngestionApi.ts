import { ResponseError } from '@backstage/errors';
import type {
  CatalogIngestionApi,
  IngestionHealth,
  IngestionMark,
  ProviderActionResult,
  ProviderResetResult,
  ProviderStatus,
} from '../api';

// Tests import the backend's errors with the fake.
export { backendError } from '@internal/backstage-plugin-portal-react/testing';

/** `count` pages, the newest `minutesAgo` minutes ago, a minute apart. */
export function makeMarks(
  count: number,
  options: { minutesAgo?: number; finished?: boolean } = {},
): IngestionMark[] {
  const { minutesAgo = 1, finished = false } = options;
  const newest = Date.now() - minutesAgo * 60_000;
  return Array.from({ length: count }, (_, i) => {
    const sequence = count - 1 - i;
    const last = i === 0 && finished;
    return {
      id: `mark-${sequence}`,
      sequence,
      cursor: last ? undefined : { after: `cursor-${sequence}` },
      createdAt: new Date(newest - i * 60_000).toISOString(),
    };
  });
}

type FakeProvider = { status: ProviderStatus; marks: IngestionMark[] };

export type ActionCall = {
  action: 'trigger' | 'start' | 'cancel' | 'reset';
  provider: string;
};

/**
 * An in-memory ingestion engine: providers with a status and pages, which
 * the actions change the way the backend does; every call is recorded, and
 * any method can be made to fail.
 */
export class FakeCatalogIngestionApi implements CatalogIngestionApi {
  providers: Record<string, FakeProvider>;
  health: IngestionHealth;
  readonly calls: ActionCall[] = [];
  /** Requests of the provider list (one per poll). */
  listRequests = 0;
  /** Makes the named method throw this error (until cleared). */
  failures: Partial<Record<keyof CatalogIngestionApi, Error>> = {};
  /** Makes actions wait until `release()` is called. */
  private gate?: Promise<void>;
  private open?: () => void;

  constructor(
    options: {
      providers?: Record<string, Partial<FakeProvider>>;
      health?: IngestionHealth;
    } = {},
  ) {
    this.providers = Object.fromEntries(
      Object.entries(options.providers ?? {}).map(([name, p]) => [
        name,
        {
          status: p.status ?? {
            currentAction: 'bursting',
            nextActionAt: new Date().toISOString(),
          },
          marks: p.marks ?? [],
        },
      ]),
    );
    this.health = options.health ?? { healthy: true, duplicateIngestions: [] };
  }

  /** Holds actions until {@link release}. */
  hold() {
    this.gate = new Promise(resolve => {
      this.open = resolve;
    });
  }

  release() {
    this.open?.();
    this.gate = undefined;
  }

  private check(method: keyof CatalogIngestionApi) {
    const failure = this.failures[method];
    if (failure) throw failure;
  }

  private async find(provider: string): Promise<FakeProvider> {
    const found = this.providers[provider];
    if (!found) {
      // The router's own 404 body, as the client sees it.
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            success: false,
            status: {},
            last_error: `Provider '${provider}' not found`,
          }),
          {
            status: 404,
            statusText: 'Not Found',
            headers: { 'content-type': 'application/json' },
          },
        ),
      );
    }
    return found;
  }

  async getHealth(): Promise<IngestionHealth> {
    this.check('getHealth');
    return this.health;
  }

  async listProviders(): Promise<string[]> {
    this.listRequests += 1;
    this.check('listProviders');
    return Object.keys(this.providers);
  }

  async getProviderStatus(provider: string): Promise<ProviderStatus> {
    this.check('getProviderStatus');
    return (await this.find(provider)).status;
  }

  async getProviderMarks(provider: string): Promise<IngestionMark[]> {
    this.check('getProviderMarks');
    return (await this.find(provider)).marks;
  }

  private async act(action: ActionCall['action'], provider: string) {
    this.calls.push({ action, provider });
    await this.gate;
  }

  async triggerNextAction(provider: string): Promise<ProviderActionResult> {
    await this.act('trigger', provider);
    this.check('triggerNextAction');
    const found = await this.find(provider);
    found.status = { ...found.status, nextActionAt: new Date().toISOString() };
    return { message: `${provider}: Next action triggered.` };
  }

  async startNextCycle(provider: string): Promise<ProviderActionResult> {
    await this.act('start', provider);
    this.check('startNextCycle');
    const found = await this.find(provider);
    found.status = { currentAction: 'rest complete, waiting to start' };
    found.marks = [];
    return { message: `${provider}: Next cycle triggered.` };
  }

  async cancelIngestion(provider: string): Promise<ProviderActionResult> {
    await this.act('cancel', provider);
    this.check('cancelIngestion');
    const found = await this.find(provider);
    found.status = {
      ...found.status,
      currentAction: 'resting',
      nextActionAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    };
    return { message: `${provider}: Current ingestion canceled.` };
  }

  async resetProvider(provider: string): Promise<ProviderResetResult> {
    await this.act('reset', provider);
    this.check('resetProvider');
    const found = await this.find(provider);
    const marksDeleted = found.marks.length;
    found.status = {
      currentAction: 'resting',
      nextActionAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    };
    found.marks = [];
    return {
      provider,
      ingestionsDeleted: 1,
      marksDeleted,
      markEntitiesDeleted: marksDeleted * 100,
    };
  }
}
