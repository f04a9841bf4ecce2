import { Content, Header, Page } from '@backstage/core-components';
import { Providers } from '../Providers';

/**
 * `/catalog-ingestion`: the catalog's incremental entity providers (such as
 * the one streaming all GitHub repositories into the catalog), for the
 * platform team to watch and steer.
 */
export function CatalogIngestionPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Catalog ingestion"
        subtitle="Incremental entity providers streaming sources such as GitHub into the catalog"
      />
      <Content>
        <Providers />
      </Content>
    </Page>
  );
}
