import { z } from 'zod/v3';

// eslint-disable-next-line no-control-regex
const NO_NUL = /^[^\u0000]*$/;
/** A string parameter; NUL cannot be stored or searched in Postgres text. */
const text = () => z.string().regex(NO_NUL, 'must not contain NUL characters');

export const actionBodySchema = z
  .object({
    ids: z
      .array(z.string().uuid('must be message ids'))
      .min(1, 'select at least one message')
      .max(1000, 'at most 1000 messages at a time'),
  })
  .strict();

const isoDateString = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

const replayFilterSchema = z
  .object({
    environment: text().min(1, 'choose an environment'),
    owners: z.array(text().min(1)).max(100).optional(),
    unowned: z.boolean().optional(),
    component: text().min(1).optional(),
    queue: text().min(1).optional(),
    reason: text().min(1).optional(),
    group: text().min(1).optional(),
    q: text().min(1).max(200).optional(),
    from: isoDateString.optional(),
    to: isoDateString.optional(),
  })
  .strict();

export const replayBodySchema = z
  .object({
    ids: z
      .array(z.string().uuid('must be message ids'))
      .min(1, 'select at least one message')
      .max(10000, 'at most 10000 messages at a time')
      .optional(),
    filter: replayFilterSchema.optional(),
    target: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('original') }).strict(),
        z.object({ kind: z.literal('source') }).strict(),
        z
          .object({
            kind: z.literal('queue'),
            queue: z
              .string()
              .trim()
              .min(1, 'name the queue')
              .max(255, 'at most 255 characters'),
          })
          .strict(),
      ])
      .default({ kind: 'original' }),
    ratePerSecond: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1 message per second')
      .max(5000, 'must be at most 5000 messages per second')
      .optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.ids === undefined && b.filter === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['ids'],
        message: 'choose messages by ids or by filter',
      });
    } else if (b.ids !== undefined && b.filter !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['ids'],
        message: 'give either ids or filter, not both',
      });
    }
  });

export const replayTargetsQuerySchema = z
  .object({ environment: text().min(1, 'choose an environment') })
  .strict();

export const replayListQuerySchema = z
  .object({
    environment: text().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const auditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: text().optional(),
  })
  .strict();

const states = z.enum(['unresolved', 'replaying', 'replayed', 'discarded']);
// Repeated query parameters (?state=a&state=b) arrive as arrays.
const oneOrMany = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess(v => (Array.isArray(v) ? v : [v]), z.array(schema));
const isoDate = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
  .transform(v => new Date(v));

export const listQuerySchema = z
  .object({
    environment: text().optional(),
    state: oneOrMany(states).optional(),
    owner: oneOrMany(text()).optional(),
    unowned: z.enum(['true', 'false']).optional(),
    component: text().optional(),
    queue: text().optional(),
    reason: text().optional(),
    group: text().optional(),
    q: text().max(200).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: text().optional(),
  })
  .strict();

export const countsQuerySchema = z
  .object({
    owner: oneOrMany(text()).optional(),
    state: oneOrMany(states).optional(),
  })
  .strict();

export const groupsQuerySchema = z
  .object({
    environment: text(),
    owner: oneOrMany(text()).optional(),
    state: oneOrMany(states).optional(),
  })
  .strict();

export const approvalListQuerySchema = z
  .object({
    environment: z.string().max(100).optional(),
    state: z
      .enum(['awaiting-approval', 'approved', 'refused', 'expired'])
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const approvalParamsSchema = z
  .object({ id: z.string().uuid('must be an approval request id') })
  .strict();

export const approveBodySchema = z.object({}).strict();

export const refuseBodySchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'say why the request is refused')
      .max(500, 'at most 500 characters')
      .regex(NO_NUL, 'must not contain NUL characters'),
  })
  .strict();
