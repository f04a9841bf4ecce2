import { Config } from '@backstage/config';
import {
  Condition,
  ScorecardCheck,
  ScorecardTrack,
} from '@internal/backstage-plugin-tech-insights-common';
import { z } from 'zod';
import { factsOf } from '../evaluation/conditions';
import { RETRIEVER_OF_FACT } from '../retrievers/schemas';

const OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
] as const;

const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z
      .object({
        fact: z.string().min(1),
        operator: z.enum(OPERATORS),
        value: z.unknown(),
      })
      .strict()
      .transform(c => ({ fact: c.fact, operator: c.operator, value: c.value })),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');

const tracksSchema = z.array(
  z
    .object({
      id: idSchema,
      title: z.string().min(1),
      description: z.string().default(''),
      appliesTo: z
        .object({
          kinds: z.array(z.string().min(1)).min(1).default(['component']),
          types: z.array(z.string().min(1)).optional(),
        })
        .strict()
        .default({ kinds: ['component'] }),
      levels: z
        .array(
          z
            .object({
              name: z.string().min(1),
              checks: z
                .array(
                  z
                    .object({
                      id: idSchema,
                      name: z.string().min(1),
                      description: z.string().min(1),
                      remediation: z.string().min(1),
                      link: z.string().url().optional(),
                      rule: conditionSchema,
                    })
                    .strict(),
                )
                .min(1),
            })
            .strict(),
        )
        .min(1),
    })
    .strict(),
);

function pathOf(issue: z.ZodIssue): string {
  return issue.path.length
    ? `techInsights.scorecards.tracks${issue.path
        .map(p => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')}`
    : 'techInsights.scorecards.tracks';
}

/**
 * Tracks from `techInsights.scorecards.tracks`. A mistake (unknown fact,
 * duplicate check id, missing remediation) stops the backend with a message
 * naming the field, rather than silently scoring everyone as failing.
 */
export function readTracks(config: Config): ScorecardTrack[] {
  const raw = config.getOptional('techInsights.scorecards.tracks') ?? [];
  const parsed = tracksSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${pathOf(issue)}: ${issue.message}`);
  }
  const trackIds = new Set<string>();
  const checkIds = new Set<string>();
  return parsed.data.map((track, t) => {
    if (trackIds.has(track.id)) {
      throw new Error(
        `techInsights.scorecards.tracks[${t}].id: '${track.id}' is used by another track`,
      );
    }
    trackIds.add(track.id);
    return {
      ...track,
      levels: track.levels.map((level, l) => ({
        level: l + 1,
        name: level.name,
        checks: level.checks.map((check, c): ScorecardCheck => {
          const where = `techInsights.scorecards.tracks[${t}].levels[${l}].checks[${c}]`;
          if (checkIds.has(check.id)) {
            throw new Error(
              `${where}.id: '${check.id}' is used by another check (check ids are unique across tracks)`,
            );
          }
          checkIds.add(check.id);
          const factIds = new Set<string>();
          for (const fact of factsOf(check.rule)) {
            const retriever = RETRIEVER_OF_FACT[fact];
            if (!retriever) {
              throw new Error(
                `${where}.rule: unknown fact '${fact}'; known facts: ${Object.keys(
                  RETRIEVER_OF_FACT,
                ).join(', ')}`,
              );
            }
            factIds.add(retriever);
          }
          return { ...check, factIds: [...factIds] };
        }),
      })),
    };
  });
}

/** Every check of every track, with its track and level. */
export function allChecks(tracks: ScorecardTrack[]) {
  return tracks.flatMap(track =>
    track.levels.flatMap(level =>
      level.checks.map(check => ({ track, level: level.level, check })),
    ),
  );
}
