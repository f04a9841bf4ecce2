import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EvaluationSummary,
  Exemption,
  ScorecardTrack,
} from '@internal/backstage-plugin-tech-insights-common';
import { readEntities, refOf } from '../retrievers/catalogEntities';
import {
  EntityEvaluation,
  ScorecardStore,
  StoredGroup,
} from '../store/ScorecardStore';
import { allChecks } from '../tracks/readTracks';
import { evaluateCondition, factsOf, Facts } from './conditions';
import {
  appliesTo,
  effectiveState,
  isExemptionActive,
  levelOf,
} from './levels';
import { FactsReader } from './FactsReader';
import { ORGANISATION_KEY, rollupRows } from './rollups';

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.type',
  'spec.owner',
];

/** Entities written per transaction in a full evaluation. */
const WRITE_BATCH = 250;

export function ownerRefOf(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

function groupOf(entity: Entity): StoredGroup {
  const spec = (entity.spec ?? {}) as {
    type?: string;
    parent?: string;
    profile?: { displayName?: string };
  };
  let parentRef: string | undefined;
  if (spec.parent) {
    try {
      parentRef = stringifyEntityRef(
        parseEntityRef(spec.parent, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      ).toLocaleLowerCase('en-US');
    } catch {
      parentRef = undefined;
    }
  }
  return {
    groupRef: refOf(entity),
    title:
      spec.profile?.displayName ??
      entity.metadata.title ??
      entity.metadata.name,
    type: spec.type ?? 'team',
    ...(parentRef ? { parentRef } : {}),
  };
}

/**
 * Evaluates tracks over stored facts and keeps the outcome: all components
 * on a schedule (one instance at a time), one component on demand.
 */
export class ScorecardEvaluator {
  private readonly retrieverIds: string[];

  constructor(
    private readonly options: {
      tracks: ScorecardTrack[];
      store: ScorecardStore;
      facts: FactsReader;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {
    this.retrieverIds = [
      ...new Set(allChecks(options.tracks).flatMap(c => c.check.factIds)),
    ];
  }

  get tracks(): ScorecardTrack[] {
    return this.options.tracks;
  }

  /** What a component scores, from its facts and exemptions. */
  evaluate(
    entity: Entity,
    facts: Facts,
    exemptions: Map<string, Exemption>,
    now: Date,
  ): EntityEvaluation {
    const entityRef = refOf(entity);
    const type = (entity.spec as { type?: unknown } | undefined)?.type;
    const results: EntityEvaluation['results'] = [];
    const levels: Record<string, number> = {};
    for (const track of this.options.tracks) {
      if (
        !appliesTo(
          track,
          entity.kind,
          typeof type === 'string' ? type : undefined,
        )
      ) {
        continue;
      }
      const states = new Map<string, ReturnType<typeof effectiveState>>();
      for (const level of track.levels) {
        for (const check of level.checks) {
          const outcome = evaluateCondition(check.rule, facts);
          const state = effectiveState(
            outcome.result,
            exemptions.get(check.id),
            now,
          );
          states.set(check.id, state);
          results.push({
            checkId: check.id,
            trackId: track.id,
            rawState: outcome.result,
            state,
            ...(outcome.reasons.length
              ? { reason: outcome.reasons.join('; ') }
              : {}),
            facts: Object.fromEntries(
              factsOf(check.rule).map(name => [name, facts[name] ?? null]),
            ),
          });
        }
      }
      levels[track.id] = levelOf(track, id => states.get(id));
    }
    const ownerRef = ownerRefOf(entity);
    const title = entity.metadata.title;
    return {
      entityRef,
      kind: entity.kind.toLocaleLowerCase('en-US'),
      ...(typeof type === 'string' ? { type } : {}),
      ...(title ? { title } : {}),
      ...(ownerRef ? { ownerRef } : {}),
      results,
      levels,
    };
  }

  private kinds(): string[] {
    return [
      ...new Set(
        this.options.tracks.flatMap(t =>
          t.appliesTo.kinds.map(k => k.toLocaleLowerCase('en-US')),
        ),
      ),
    ];
  }

  private exemptionsByEntity(exemptions: Exemption[]) {
    const byEntity = new Map<string, Map<string, Exemption>>();
    for (const exemption of exemptions) {
      const ref = exemption.entityRef.toLocaleLowerCase('en-US');
      if (!byEntity.has(ref)) byEntity.set(ref, new Map());
      byEntity.get(ref)!.set(exemption.checkId, exemption);
    }
    return byEntity;
  }

  /** Every entity a track applies to, from the facts stored now. */
  async evaluateAll(): Promise<EvaluationSummary> {
    const started = Date.now();
    const now = new Date();
    const { store, catalog, auth } = this.options;
    const kinds = this.kinds();
    const [entities, groups, facts, exemptions] = await Promise.all([
      kinds.length
        ? readEntities({
            catalog,
            auth,
            filter: { kind: kinds },
            fields: ENTITY_FIELDS,
          })
        : Promise.resolve([]),
      readEntities({
        catalog,
        auth,
        filter: { kind: 'group' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.type',
          'spec.parent',
          'spec.profile.displayName',
        ],
      }),
      this.options.facts.latest(this.retrieverIds),
      store.activeExemptions(now),
    ]);
    const read = Date.now() - started;
    const exempt = this.exemptionsByEntity(exemptions);
    const evaluations = entities
      .map(entity =>
        this.evaluate(
          entity,
          facts.get(refOf(entity)) ?? {},
          exempt.get(refOf(entity)) ?? new Map(),
          now,
        ),
      )
      .filter(e => Object.keys(e.levels).length > 0);
    const evaluated = Date.now() - started;
    let changedChecks = 0;
    for (let i = 0; i < evaluations.length; i += WRITE_BATCH) {
      const changed = await store.writeEvaluations(
        evaluations.slice(i, i + WRITE_BATCH),
        now,
      );
      changedChecks += changed.changedChecks;
    }
    const written = Date.now() - started;
    await store.removeEntitiesExcept(evaluations.map(e => e.entityRef));
    const storedGroups = groups.map(groupOf);
    await store.replaceGroups(storedGroups);
    const day = now.toISOString().slice(0, 10);
    await store.writeDaily(
      day,
      rollupRows(
        evaluations.map(e => ({ ownerRef: e.ownerRef, levels: e.levels })),
        storedGroups,
      ),
    );
    const summary: EvaluationSummary = {
      evaluatedAt: now.toISOString(),
      entities: evaluations.length,
      results: evaluations.reduce((n, e) => n + e.results.length, 0),
      durationMs: Date.now() - started,
    };
    this.options.logger.info(
      `Evaluated ${summary.entities} entities (${
        summary.results
      } check results, ${changedChecks} changed) in ${
        summary.durationMs
      } ms: read catalog and facts ${read} ms, rules ${
        evaluated - read
      } ms, results written ${written - evaluated} ms, roll-ups ${
        summary.durationMs - written
      } ms`,
    );
    return summary;
  }

  /** One entity, from the facts stored now; undefined if the catalog has no such entity. */
  async evaluateOne(entityRef: string): Promise<EntityEvaluation | undefined> {
    const { store, catalog, auth } = this.options;
    const ref = parseEntityRef(entityRef);
    const now = new Date();
    const [entity] = await readEntities({
      catalog,
      auth,
      filter: {
        kind: ref.kind,
        'metadata.namespace': ref.namespace,
        'metadata.name': ref.name,
      },
      fields: ENTITY_FIELDS,
    });
    if (!entity) return undefined;
    const normalised = refOf(entity);
    const [facts, exemptions] = await Promise.all([
      this.options.facts.latest(this.retrieverIds, [normalised]),
      store.exemptions([normalised]),
    ]);
    const evaluation = this.evaluate(
      entity,
      facts.get(normalised) ?? {},
      this.exemptionsByEntity(
        exemptions.filter(e => isExemptionActive(e, now)),
      ).get(normalised) ?? new Map(),
      now,
    );
    await store.writeEvaluations([evaluation], now);
    return evaluation;
  }
}

export { ORGANISATION_KEY };
