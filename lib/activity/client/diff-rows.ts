export type DiffRow = { field: string; before: unknown; after: unknown };

/** Nested before/after objects as one row per leaf, by dotted path (webhookEndpoints.orders). */
export function diffRows(before: unknown, after: unknown, prefix = ""): DiffRow[] {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value);
  if (isObject(before) || isObject(after)) {
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys.flatMap((key) => diffRows(b[key], a[key], prefix ? `${prefix}.${key}` : key));
  }
  return [{ field: prefix || "value", before, after }];
}
