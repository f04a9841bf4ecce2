import {
  MAX_ENTITY_IDS,
  MAX_RATE_PER_SECOND,
} from '@internal/backstage-plugin-reconstitution-common';
import { z } from 'zod/v3';

// eslint-disable-next-line no-control-regex
const NO_NUL = /^[^\u0000]*$/;
const isoDate = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(500, 'must be at most 500 characters')
  .regex(NO_NUL, 'must not contain NUL characters');

const selectionFields = {
  source: name.optional(),
  environment: name,
  domain: name,
  entityType: name,
  from: isoDate.optional(),
  to: isoDate.optional(),
  entityIds: z
    .array(name)
    .max(MAX_ENTITY_IDS, `at most ${MAX_ENTITY_IDS} entity ids`)
    .optional(),
  eventNames: z.array(name).max(500, 'at most 500 event names').optional(),
};

const toAfterFrom = <T extends { from?: string; to?: string }>(s: T) =>
  !s.from || !s.to || new Date(s.to) > new Date(s.from);

export const dryRunSchema = z
  .object({
    ...selectionFields,
    sampleSize: z.number().int().min(0).max(100).default(10),
  })
  .strict()
  .refine(toAfterFrom, { message: 'must be after from', path: ['to'] });

export const jobSchema = z
  .object({
    ...selectionFields,
    receiver: z.object({ entityRef: name, queue: name }).strict(),
    ratePerSecond: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_RATE_PER_SECOND, `must be at most ${MAX_RATE_PER_SECOND}`)
      .optional(),
  })
  .strict()
  .refine(toAfterFrom, { message: 'must be after from', path: ['to'] });

const STATES = [
  'pending',
  'running',
  'completed',
  'failed',
  'cancelled',
  'awaiting-approval',
  'refused',
  'expired',
] as const;

export const listSchema = z
  .object({
    state: z
      .union([z.enum(STATES), z.array(z.enum(STATES))])
      .optional()
      .transform(v => (v === undefined ? undefined : [v].flat())),
    environment: name.optional(),
    receiver: name.optional(),
    createdBy: name.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

export const producersQuerySchema = z
  .object({ environment: name.optional() })
  .strict();

export const approveSchema = z.object({}).strict();

export const refuseSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1, 'say why the job is refused')
      .max(500, 'at most 500 characters')
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000]*$/, 'must not contain NUL characters'),
  })
  .strict();
