import { MAX_ENTITY_IDS } from '@internal/backstage-plugin-reconstitution-common';

export { MAX_ENTITY_IDS };

export type ParsedEntityIds = {
  /** Distinct ids, in the order first given. */
  ids: string[];
  /** Ids given more than once, counted once per repeat. */
  duplicates: number;
  /** More than {@link MAX_ENTITY_IDS} distinct ids. */
  tooMany: boolean;
};

/**
 * Entity ids as typed or pasted: one per line, or separated by commas,
 * semicolons or whitespace. Blank entries are ignored and repeats removed.
 */
export function parseEntityIds(text: string): ParsedEntityIds {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const part of text.split(/[\s,;]+/)) {
    if (!part) continue;
    if (seen.has(part)) {
      duplicates++;
    } else {
      seen.add(part);
    }
  }
  const ids = [...seen];
  return { ids, duplicates, tooMany: ids.length > MAX_ENTITY_IDS };
}
