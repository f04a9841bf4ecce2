import { useEffect } from 'react';
import {
  EntityAutocompletePicker,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import {
  DomainColonyFilter,
  DomainTierFilter,
  PortalEntityFilters,
} from './domainFilters';

type Props = { field: 'tier' | 'colony' };

/**
 * A catalog filter for Domains' tier or colony. It shows only while the kind
 * filter is Domain, and clears itself when the kind changes, so a leftover
 * tier never empties the list of another kind.
 */
export function DomainSpecPicker({ field }: Props) {
  const { filters, updateFilters } = useEntityList<PortalEntityFilters>();
  const isDomainList =
    filters.kind?.value.toLocaleLowerCase('en-US') === 'domain';

  useEffect(() => {
    if (!isDomainList && filters[field]) {
      updateFilters({ [field]: undefined });
    }
  }, [isDomainList, field, filters, updateFilters]);

  if (!isDomainList) {
    return null;
  }

  return field === 'tier' ? (
    <EntityAutocompletePicker<PortalEntityFilters, 'tier'>
      label="Tier"
      name="tier"
      path="spec.tier"
      Filter={DomainTierFilter}
      filtersForAvailableValues={['kind']}
      getOptionLabel={tier => `Tier ${tier}`}
      showCounts
    />
  ) : (
    <EntityAutocompletePicker<PortalEntityFilters, 'colony'>
      label="Colony"
      name="colony"
      path="spec.colony"
      Filter={DomainColonyFilter}
      filtersForAvailableValues={['kind']}
      showCounts
    />
  );
}
