// Small readers for platform payloads: fields may be absent, null, numbers or numeric strings.

export type Json = Record<string, unknown>;

export const obj = (value: unknown): Json => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {});

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A string or a number as text (ids kept exactly: big integers arrive as strings). */
export function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return value.toString();
  return null;
}

/** A decimal amount from a number or a decimal string ("199.00"); null when it is neither. */
export function decimal(value: unknown): number | null {
  const raw = text(value);
  if (raw === null || !/^-?\d+(\.\d+)?$/.test(raw)) return null;
  return Number(raw);
}

/** `a.b.c` of a nested object. */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split(".")) current = obj(current)[key];
  return current;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const email = (value: unknown): string | undefined => {
  const raw = text(value);
  return raw && raw.length <= 254 && EMAIL.test(raw) ? raw : undefined;
};

/** A name made of parts, skipping empty ones. */
export const joined = (...parts: unknown[]): string | null =>
  parts
    .map(text)
    .filter((part): part is string => part !== null)
    .join(" ") || null;

/** A platform's line items as ours: the first id field present, the name, quantity and unit price. */
export function lineItems(raw: unknown, idFields: string[], nameFields: string[]) {
  return list(raw)
    .slice(0, 500)
    .map((entry) => {
      const item = obj(entry);
      const first = (fields: string[]) => fields.map((field) => text(item[field])).find((value) => value !== null) ?? null;
      return {
        productId: (first(idFields) ?? "unknown").slice(0, 100),
        productName: (first(nameFields) ?? "Item").slice(0, 300),
        quantity: Math.max(1, Math.trunc(decimal(item.quantity) ?? 1)),
        price: decimal(item.price) ?? 0,
      };
    });
}
