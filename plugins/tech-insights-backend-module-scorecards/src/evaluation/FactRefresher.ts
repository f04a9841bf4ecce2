import {
  AuthService,
  DiscoveryService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import { Knex } from 'knex';
import { isPostgres } from '@internal/backstage-plugin-portal-node';

export type RefreshOutcome = {
  retrieverId: string;
  facts: number;
  error?: string;
};

/**
 * Fetches one entity's facts again at their sources, now: each retriever
 * run for just that entity, its facts stored the way the community
 * backend stores them, so the next evaluation reads them.
 */
export class FactRefresher {
  constructor(
    private readonly options: {
      retrievers: FactRetriever[];
      knex: Knex;
      config: Config;
      discovery: DiscoveryService;
      logger: LoggerService;
      auth: AuthService;
      urlReader: UrlReaderService;
    },
  ) {}

  async refresh(entityRef: string): Promise<RefreshOutcome[]> {
    const ref = parseEntityRef(entityRef);
    const entityFilter = {
      kind: ref.kind,
      'metadata.namespace': ref.namespace,
      'metadata.name': ref.name,
    };
    const { retrievers, logger, ...context } = this.options;
    return Promise.all(
      retrievers.map(async (retriever): Promise<RefreshOutcome> => {
        try {
          const facts = await retriever.handler({
            config: context.config,
            discovery: context.discovery,
            auth: context.auth,
            urlReader: context.urlReader,
            logger: logger.child({ factRetriever: retriever.id }),
            entityFilter,
          });
          await this.store(retriever, facts);
          return { retrieverId: retriever.id, facts: facts.length };
        } catch (error) {
          logger.warn(
            `Refreshing ${retriever.id} facts of ${entityRef} failed: ${error}`,
          );
          return {
            retrieverId: retriever.id,
            facts: 0,
            error: error instanceof Error ? error.message : String(error),
          };
        }
      }),
    );
  }

  private async store(
    retriever: FactRetriever,
    facts: Awaited<ReturnType<FactRetriever['handler']>>,
  ) {
    const { knex } = this.options;
    // The facts table keeps whole seconds: a refresh within the second of
    // an earlier write replaces it, so "latest" stays unambiguous.
    const second = new Date(Math.floor(Date.now() / 1000) * 1000);
    // As the community store writes it: a timestamp on Postgres, SQLite's
    // CURRENT_TIMESTAMP text elsewhere (so that max() compares like with like).
    const now = isPostgres(knex)
      ? second
      : second.toISOString().replace('T', ' ').slice(0, 19);
    await knex.transaction(async tx => {
      const schema = await tx('fact_schemas')
        .where({ id: retriever.id, version: retriever.version })
        .first();
      if (!schema) {
        await tx('fact_schemas').insert({
          id: retriever.id,
          version: retriever.version,
          schema: JSON.stringify(retriever.schema),
          entityFilter: retriever.entityFilter
            ? JSON.stringify(retriever.entityFilter)
            : null,
        });
      }
      for (const fact of facts) {
        const entity = stringifyEntityRef(fact.entity);
        await tx('facts')
          .where({ id: retriever.id, entity })
          .where('timestamp', '>=', now)
          .delete();
        await tx('facts').insert({
          id: retriever.id,
          version: retriever.version,
          entity,
          facts: JSON.stringify(fact.facts),
          timestamp: now,
        });
      }
    });
  }
}
