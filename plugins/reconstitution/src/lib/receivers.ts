import type { ReconstitutionReceiver } from '@internal/backstage-plugin-reconstitution-common';

/** The receiver's title, or the name part of its entity ref. */
export function receiverLabel(
  receiver: Pick<ReconstitutionReceiver, 'entityRef' | 'title'>,
): string {
  return (
    receiver.title || receiver.entityRef.replace(/^[^:]*:(default\/)?/, '')
  );
}

/**
 * Whether a receiver matches what was typed: every word in its title,
 * entity ref, owner or system (case-insensitive).
 */
export function receiverMatches(
  receiver: ReconstitutionReceiver,
  input: string,
): boolean {
  const words = input.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) {
    return true;
  }
  const haystack = [
    receiver.title,
    receiver.entityRef,
    receiver.ownerRef,
    receiver.system,
    ...receiver.queues,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return words.every(word => haystack.includes(word));
}
