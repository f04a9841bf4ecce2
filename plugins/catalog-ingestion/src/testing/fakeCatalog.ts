import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { INGESTED_BY_ANNOTATION } from '../hooks/useEntityCounts';

/**
 * A catalog API that counts `counts[provider]` entities per kind for the
 * entities annotated as ingested by that provider.
 */
export function fakeCatalog(
  counts: Record<string, Record<string, number>> = {},
) {
  const kindsOf = (request: any) =>
    counts[
      request?.filter?.[`metadata.annotations.${INGESTED_BY_ANNOTATION}`]
    ] ?? {};
  return catalogApiMock.mock({
    queryEntities: jest.fn(async (request?: any) => ({
      items: [],
      totalItems: Object.values(kindsOf(request)).reduce((a, b) => a + b, 0),
      pageInfo: {},
    })),
    getEntityFacets: jest.fn(async (request: any) => ({
      facets: {
        kind: Object.entries(kindsOf(request)).map(([value, count]) => ({
          value,
          count,
        })),
      },
    })),
  });
}
