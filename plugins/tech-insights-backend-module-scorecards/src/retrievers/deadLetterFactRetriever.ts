import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import {
  componentFilter,
  factEntity,
  readEntities,
  refOf,
} from './catalogEntities';
import { DEAD_LETTERS_RETRIEVER_ID, DEAD_LETTERS_SCHEMA } from './schemas';

export type FailureGroup = {
  componentRef?: string;
  count: number;
  firstSeen: string;
};

/**
 * Per component: how many unresolved dead letters its queues hold, and the
 * age in whole hours of the oldest (0 when none).
 */
export function deadLetterFacts(
  groups: FailureGroup[],
  components: Entity[],
  now: number,
): TechInsightFact[] {
  const byComponent = new Map<string, { count: number; oldest: number }>();
  for (const group of groups) {
    if (!group.componentRef) continue;
    const ref = group.componentRef.toLocaleLowerCase('en-US');
    const seen = new Date(group.firstSeen).getTime();
    const current = byComponent.get(ref) ?? { count: 0, oldest: now };
    byComponent.set(ref, {
      count: current.count + group.count,
      oldest: Math.min(current.oldest, seen),
    });
  }
  return components.map((component): TechInsightFact => {
    const found = byComponent.get(refOf(component));
    return {
      entity: factEntity(component),
      facts: {
        unresolvedDeadLetters: found?.count ?? 0,
        oldestDeadLetterHours: found
          ? Math.floor((now - found.oldest) / 3_600_000)
          : 0,
      },
    };
  });
}

/**
 * Unresolved dead letters of each component's queues in one environment
 * (default prod), and the age of the oldest, from the dead-letter plugin's
 * failure groups: one request for the whole organisation.
 */
export function createDeadLetterFactRetriever(options: {
  catalog: CatalogService;
}): FactRetriever {
  const { catalog } = options;
  return {
    id: DEAD_LETTERS_RETRIEVER_ID,
    version: '1.0.0',
    title: 'Dead letters',
    description: 'Unresolved dead-lettered messages of a component',
    entityFilter: [{ kind: 'component' }],
    schema: DEAD_LETTERS_SCHEMA,
    async handler({ discovery, auth, config, entityFilter }) {
      const environment =
        config.getOptionalString(
          'techInsights.scorecards.deadLetterEnvironment',
        ) ?? 'prod';
      const components = await readEntities({
        catalog,
        auth,
        filter: componentFilter(entityFilter),
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      });
      const baseUrl = await discovery.getBaseUrl('dead-letter');
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'dead-letter',
      });
      const params = new URLSearchParams({ environment, state: 'unresolved' });
      const response = await fetch(`${baseUrl}/groups?${params}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw await ResponseError.fromResponse(response);
      const { items } = (await response.json()) as { items: FailureGroup[] };
      return deadLetterFacts(items, components, Date.now());
    },
  };
}
