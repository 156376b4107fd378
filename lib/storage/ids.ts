import { createHash } from "node:crypto";
import { ObjectId } from "mongodb";

// The form every stored id and tenant id takes (24 hex digits, an ObjectId on both adapters), for
// domain code that names records before storing them: it never builds ids from the driver itself.

/** A new, unique id. */
export const newId = (): string => new ObjectId().toHexString();

/** Whether `id` has the form of a stored id (checked before it reaches a query). */
export const isId = (id: string): boolean => /^[0-9a-f]{24}$/i.test(id);

/** The same id for the same parts, every time: e.g. an event's id across a platform's retries. */
export const stableId = (...parts: string[]): string =>
  createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 24);
