/** The metric families a Prometheus text exposition declares (`# TYPE <name> <type>`), with their types. */
export function declaredFamilies(text: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const match of text.matchAll(/^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ([a-z]+)$/gm)) families.set(match[1], match[2]);
  return families;
}

/** The series names a family of this type exposes (a histogram's `_bucket`, `_sum`, `_count`; a summary's two). */
export function seriesNamesOf(family: string, type: string): string[] {
  switch (type) {
    case 'histogram':
      return [family, `${family}_bucket`, `${family}_sum`, `${family}_count`];
    case 'summary':
      return [family, `${family}_sum`, `${family}_count`];
    default:
      return [family];
  }
}

/** Every series name an exposition's families allow a query to select, whether or not a sample was written yet. */
export function exportedSeriesNames(text: string): Set<string> {
  return new Set([...declaredFamilies(text)].flatMap(([family, type]) => seriesNamesOf(family, type)));
}
