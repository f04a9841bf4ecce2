import { Entity } from '@backstage/catalog-model';
import {
  DefaultEntityFilters,
  EntityFilter,
} from '@backstage/plugin-catalog-react';

/** A filter on one spec field of Domain entities, applied by the catalog backend. */
abstract class DomainSpecFilter implements EntityFilter {
  protected abstract readonly field: 'tier' | 'colony';

  constructor(readonly values: string[]) {}

  getCatalogFilters() {
    return { [`spec.${this.field}`]: this.values };
  }

  filterEntity(entity: Entity) {
    const value = entity.spec?.[this.field];
    return value !== undefined && this.values.includes(String(value));
  }

  toQueryValue() {
    return this.values;
  }
}

export class DomainTierFilter extends DomainSpecFilter {
  protected readonly field = 'tier';
}

export class DomainColonyFilter extends DomainSpecFilter {
  protected readonly field = 'colony';
}

export type PortalEntityFilters = DefaultEntityFilters & {
  tier?: DomainTierFilter;
  colony?: DomainColonyFilter;
};
