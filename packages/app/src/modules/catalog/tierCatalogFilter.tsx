import { CatalogFilterBlueprint } from '@backstage/plugin-catalog-react/alpha';

export const tierCatalogFilter = CatalogFilterBlueprint.make({
  name: 'domain-tier',
  params: {
    loader: async () => {
      const { DomainSpecPicker } = await import('./DomainSpecPicker');
      return <DomainSpecPicker field="tier" />;
    },
  },
});
