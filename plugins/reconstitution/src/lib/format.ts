/** `850/s`, `12.5/s`. */
export function formatRate(perSecond: number): string {
  const rounded =
    perSecond >= 100 ? Math.round(perSecond) : Math.round(perSecond * 10) / 10;
  return `${rounded.toLocaleString('en-US')}/s`;
}

/** The browser's time zone, e.g. `Europe/Amsterdam`. */
export function localTimeZone(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
  } catch {
    return 'local time';
  }
}
