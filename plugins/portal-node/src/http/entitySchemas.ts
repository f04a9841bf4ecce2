import { z } from 'zod/v3';

/**
 * An entity name or namespace in a route, by the catalog's rules: 1-63
 * letters and digits separated by `-`, `_` or `.`. Anything else names no
 * entity, so it is refused before the catalog is asked.
 */
export const entityNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(
    /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/,
    'must be an entity name: letters and digits, separated by - _ or .',
  );
