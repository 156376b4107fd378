import { decodeUtf8 } from "@/lib/webhooks/ingest/rejection";

/** A delivery's body decoded once and parsed, or why it could not be (the route refuses it in its turn). */
export function parseInboundBody(body: Buffer): { text: string; parsed: unknown; parseError: string | null } {
  try {
    const text = decodeUtf8(body);
    return { text, parsed: JSON.parse(text), parseError: null };
  } catch {
    return { text: "", parsed: undefined, parseError: "Body is not valid UTF-8 JSON" };
  }
}
