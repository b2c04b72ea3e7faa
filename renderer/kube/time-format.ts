/** Formats a time with date and seconds in the user's language, or returns the input when it is not a valid time. */
export function formatFullTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' }).format(
    date,
  );
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** Formats a time relative to `now` ("5 minutes ago"), in the largest whole unit, or returns the input when it is not a valid time. */
export function formatRelativeTime(iso: string, now: number, language: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;

  // The caller's clock ticks coarsely and can lag behind a check that just
  // finished, which would read "in 14 seconds". So a time up to a minute ahead is "now".
  const ahead = time - now;
  const seconds = ahead > 0 && ahead < 60_000 ? 0 : Math.round(ahead / 1000);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return format.format(0, 'second');
}
