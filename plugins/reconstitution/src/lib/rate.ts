import { MAX_RATE_PER_SECOND as MAX_RATE } from '@internal/backstage-plugin-reconstitution-common';

/** The rate limit field: empty (unlimited) or a whole number 1..100,000. */
export function parseRate(text: string): { rate?: number; error?: string } {
  const trimmed = text.trim();
  if (!trimmed) {
    return {};
  }
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1) {
    return {
      error: 'Enter a whole number of events per second, or leave empty',
    };
  }
  const rate = Number(trimmed);
  if (rate > MAX_RATE) {
    return { error: 'At most 100,000 events per second, or leave empty' };
  }
  return { rate };
}
