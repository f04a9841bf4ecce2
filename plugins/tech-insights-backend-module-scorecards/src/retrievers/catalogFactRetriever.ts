import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { componentFilter, factEntity, readEntities } from './catalogEntities';
import { CATALOG_RETRIEVER_ID, CATALOG_SCHEMA } from './schemas';

const LIFECYCLES = ['experimental', 'development', 'production', 'deprecated'];

function normalisedRef(
  ref: string | undefined,
  defaultKind: string,
  namespace: string,
): string | undefined {
  if (!ref) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: namespace }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * Catalog hygiene and TechDocs: owner is a squad, description, system,
 * lifecycle, the tier of the system's domain, API definitions.
 */
export function createCatalogFactRetriever(options: {
  catalog: CatalogService;
}): FactRetriever {
  const { catalog } = options;
  return {
    id: CATALOG_RETRIEVER_ID,
    version: '1.0.0',
    title: 'Catalog hygiene',
    description: 'How completely a component is described in the catalog',
    entityFilter: [{ kind: 'component' }],
    schema: CATALOG_SCHEMA,
    async handler({ auth, entityFilter }) {
      const read = (filter: any, fields: string[]) =>
        readEntities({ catalog, auth, filter, fields });
      const [components, groups, systems, domains, apis] = await Promise.all([
        read(componentFilter(entityFilter), [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.description',
          'metadata.annotations',
          'spec.owner',
          'spec.system',
          'spec.lifecycle',
          'spec.providesApis',
        ]),
        read({ kind: 'group' }, [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.type',
        ]),
        read({ kind: 'system' }, [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.domain',
        ]),
        read({ kind: 'domain' }, [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.tier',
        ]),
        read({ kind: 'api' }, [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.definition',
        ]),
      ]);
      const key = (e: {
        kind: string;
        metadata: { name: string; namespace?: string };
      }) =>
        `${e.kind}:${e.metadata.namespace ?? 'default'}/${
          e.metadata.name
        }`.toLocaleLowerCase('en-US');
      const squads = new Set(
        groups.filter(g => g.spec?.type === 'squad').map(key),
      );
      const systemDomain = new Map(
        systems.map(s => [
          key(s),
          normalisedRef(
            s.spec?.domain as string | undefined,
            'domain',
            s.metadata.namespace ?? 'default',
          ),
        ]),
      );
      const domainTier = new Map(domains.map(d => [key(d), d.spec?.tier]));
      const apiDefined = new Map(
        apis.map(a => [
          key(a),
          typeof a.spec?.definition === 'string' &&
            a.spec.definition.trim().length > 0,
        ]),
      );

      return components.map((component): TechInsightFact => {
        const namespace = component.metadata.namespace ?? 'default';
        const spec = (component.spec ?? {}) as Record<string, unknown>;
        const owner = normalisedRef(spec.owner as string, 'group', namespace);
        const system = normalisedRef(
          spec.system as string,
          'system',
          namespace,
        );
        const domain = system ? systemDomain.get(system) : undefined;
        const tier = domain ? domainTier.get(domain) : undefined;
        const provided = Array.isArray(spec.providesApis)
          ? (spec.providesApis as string[])
          : [];
        return {
          entity: factEntity(component),
          facts: {
            hasOwner: Boolean(owner),
            ownerIsSquad: owner !== undefined && squads.has(owner),
            hasDescription:
              (component.metadata.description ?? '').trim().length >= 20,
            hasSystem: system !== undefined && systemDomain.has(system),
            hasLifecycle: LIFECYCLES.includes(String(spec.lifecycle)),
            domainHasTier: tier === 1 || tier === 2 || tier === 3,
            apisHaveDefinitions: provided.every(
              api =>
                apiDefined.get(normalisedRef(api, 'api', namespace) ?? '') ===
                true,
            ),
            providedApis: provided.length,
            hasTechDocs: Boolean(
              component.metadata.annotations?.['backstage.io/techdocs-ref'],
            ),
          },
        };
      });
    },
  };
}
