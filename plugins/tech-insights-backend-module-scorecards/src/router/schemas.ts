import { stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/** Postgres text cannot hold NUL: refused here, not a 500 from the query. */
const withoutNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'must not contain NUL characters';

const nameSchema = z
  .string()
  .min(1)
  .max(253)
  .refine(withoutNul, NUL_MESSAGE)
  .refine(s => !/[:/]/.test(s), 'must not contain ":" or "/"');

export const entityParams = z.object({
  namespace: nameSchema,
  kind: nameSchema,
  name: nameSchema,
});

export const groupParams = z.object({
  namespace: nameSchema,
  name: nameSchema,
});

export const exemptionParams = z.object({ id: z.string().uuid() });

const entityRefSchema = z
  .string()
  .trim()
  .regex(/^[^:/\s]+:[^:/\s]+\/[^:/\s]+$/, 'must be kind:namespace/name')
  .refine(withoutNul, NUL_MESSAGE)
  .transform(ref => ref.toLocaleLowerCase('en-US'));

const groupRefSchema = z
  .string()
  .trim()
  .regex(/^group:[^:/\s]+\/[^:/\s]+$/, 'must be group:namespace/name')
  .refine(withoutNul, NUL_MESSAGE)
  .transform(ref => ref.toLocaleLowerCase('en-US'));

export const trendsQuery = z
  .object({
    group: groupRefSchema.optional(),
    track: z.string().min(1).refine(withoutNul, NUL_MESSAGE),
    days: z.coerce.number().int().min(1).max(400).default(90),
  })
  .strict();

export const exportQuery = z
  .object({ group: groupRefSchema.optional() })
  .strict();

export const exemptionsQuery = z
  .object({ entityRef: entityRefSchema.optional() })
  .strict();

export const exemptionBody = z
  .object({
    entityRef: entityRefSchema,
    checkId: z.string().min(1).refine(withoutNul, NUL_MESSAGE),
    justification: z
      .string()
      .trim()
      .min(10, 'give a justification of at least 10 characters')
      .max(2000)
      .refine(withoutNul, NUL_MESSAGE),
    expiresAt: z.string().datetime({ offset: true }),
  })
  .strict();

/** The entity ref of `/entities/:namespace/:kind/:name`, lower case. */
export function entityRefOf(params: z.infer<typeof entityParams>): string {
  return stringifyEntityRef(params).toLocaleLowerCase('en-US');
}
