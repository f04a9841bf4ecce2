export const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function validDate(value: Date | undefined): Date | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime())
    ? value
    : undefined;
}

/** The lower-cased UUID, or undefined when it is not one. */
export function normalizeUuid(value: string | undefined): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const lower = value.trim().toLowerCase();
  return UUID_PATTERN.test(lower) ? lower : undefined;
}

/** Entity refs compare case-insensitively in Backstage; they are stored lower-cased. */
export function normalizeRef(ref: string | undefined): string | undefined {
  const trimmed = ref?.trim();
  return trimmed ? trimmed.toLowerCase() : undefined;
}

/** The ids that are UUIDs, lower-cased, each once. */
export function normalizeUuids(ids: string[]): string[] {
  return unique(
    ids.map(id => normalizeUuid(id)).filter((id): id is string => !!id),
  );
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
