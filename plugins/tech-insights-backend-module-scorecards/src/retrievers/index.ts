import { CatalogService } from '@backstage/plugin-catalog-node';
import { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import { createCatalogFactRetriever } from './catalogFactRetriever';
import { createDeadLetterFactRetriever } from './deadLetterFactRetriever';
import { createGithubFactRetriever } from './githubFactRetriever';

/**
 * The portal's fact retrievers, by the name their schedule is configured
 * under (techInsights.factRetrievers.<name>.cadence).
 */
export function createFactRetrievers(options: {
  catalog: CatalogService;
}): Record<string, FactRetriever> {
  return {
    meridianCatalogFactRetriever: createCatalogFactRetriever(options),
    meridianGithubFactRetriever: createGithubFactRetriever(options),
    meridianDeadLetterFactRetriever: createDeadLetterFactRetriever(options),
  };
}

export * from './schemas';
