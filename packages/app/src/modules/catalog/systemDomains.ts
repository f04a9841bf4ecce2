import { CatalogApi } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';

const CACHE_TTL_MS = 60_000;

/**
 * Resolves systems to their domains for the Domain column. The rows of one
 * table page ask at the same moment; their look-ups are batched into one
 * catalog request instead of one request per row.
 */
export class SystemDomainLoader {
  private readonly cache = new Map<
    string,
    { at: number; domain: Promise<string | undefined> }
  >();
  private queue = new Map<string, (domain: string | undefined) => void>();
  private scheduled = false;

  constructor(private readonly catalogApi: CatalogApi) {}

  load(systemRef: string): Promise<string | undefined> {
    const cached = this.cache.get(systemRef);
    if (cached && Date.now() - cached.at < CACHE_TTL_MS) {
      return cached.domain;
    }
    const domain = new Promise<string | undefined>(resolve => {
      this.queue.set(systemRef, resolve);
    });
    this.cache.set(systemRef, { at: Date.now(), domain });
    if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.flush(), 0);
    }
    return domain;
  }

  private async flush() {
    const batch = this.queue;
    this.queue = new Map();
    this.scheduled = false;
    const refs = [...batch.keys()];
    try {
      const { items } = await this.catalogApi.getEntitiesByRefs({
        entityRefs: refs,
        fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.domain'],
      });
      items.forEach((system, index) => {
        const domain = system?.spec?.domain;
        batch.get(refs[index])?.(
          typeof domain === 'string' ? domain : undefined,
        );
      });
    } catch {
      // A failed look-up shows an empty cell; drop it from the cache so the
      // next render asks again.
      for (const [ref, resolve] of batch) {
        this.cache.delete(ref);
        resolve(undefined);
      }
    }
  }
}

export function systemRefOf(systemName: string, namespace?: string) {
  return stringifyEntityRef({
    kind: 'system',
    namespace: namespace ?? 'default',
    name: systemName,
  });
}
