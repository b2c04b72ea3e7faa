/** Formats an ISO time for the screen in the user's language, with date and minutes. */
export function formatDateTime(iso: string, language: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    time,
  );
}

/** An object reference as "Kind namespace/name" or "Kind name". */
export function formatRefText(ref: {
  kind: string;
  namespace: string | null;
  name: string;
}): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
