import { ObjectId } from "mongodb";

/** The ObjectId a 24-hex id names, or null: ids from input never reach a query unparsed. */
export function objectIdOf(id: string): ObjectId | null {
  return /^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : null;
}
