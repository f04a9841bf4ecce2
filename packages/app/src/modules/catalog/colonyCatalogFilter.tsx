import { CatalogFilterBlueprint } from '@backstage/plugin-catalog-react/alpha';

export const colonyCatalogFilter = CatalogFilterBlueprint.make({
  name: 'domain-colony',
  params: {
    loader: async () => {
      const { DomainSpecPicker } = await import('./DomainSpecPicker');
      return <DomainSpecPicker field="colony" />;
    },
  },
});
