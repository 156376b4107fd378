import { type WebhookKind, webhookKinds } from "@/lib/webhooks/schemas";

export type WebhookRoute =
  | { type: "ingest"; kind: WebhookKind; pathTenantId: string | null }
  | { type: "health" }
  // A source's URL (SPEC §8): the platform's own format, verified by its own scheme.
  | { type: "source"; pathTenantId: string; sourceId: string }
  // A webhook path whose percent-encoding does not decode (`/api/webhooks/%E0%A4%A/orders`).
  | { type: "malformed" };

const kindPattern = webhookKinds.join("|");
const bodyForm = new RegExp(`^/api/webhooks/(${kindPattern})/?$`);
const pathForm = new RegExp(`^/api/webhooks/([^/]{1,64})/(${kindPattern})/?$`);
const sourceForm = /^\/api\/webhooks\/([^/]{1,64})\/sources\/([^/]{1,64})\/?$/;

/** The inbound webhook routes served by server.ts before Next; anything else is Next's. */
export function matchWebhookRoute(url: string | undefined): WebhookRoute | null {
  if (!url?.startsWith("/api/webhooks/")) return null;
  const path = url.split("?")[0] ?? "";
  if (path === "/api/webhooks/health") return { type: "health" };
  const body = bodyForm.exec(path);
  if (body) return { type: "ingest", kind: body[1] as WebhookKind, pathTenantId: null };
  const source = sourceForm.exec(path);
  if (source) {
    try {
      return { type: "source", pathTenantId: decodeURIComponent(source[1] ?? ""), sourceId: decodeURIComponent(source[2] ?? "") };
    } catch {
      return { type: "malformed" };
    }
  }
  const scoped = pathForm.exec(path);
  if (!scoped || scoped[1] === "settings") return null;
  // Thrown here, a URIError escaped the request listener: no answer at all, and a stack trace.
  let pathTenantId: string;
  try {
    pathTenantId = decodeURIComponent(scoped[1] ?? "");
  } catch {
    return { type: "malformed" };
  }
  return { type: "ingest", kind: scoped[2] as WebhookKind, pathTenantId };
}
