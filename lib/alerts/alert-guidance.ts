import type { AlertKind } from "@/lib/storage/ports/alerts";

// What to do, per kind: shown on the Alerts page under each alert, in the order to try.
const STEPS: Record<AlertKind, string[]> = {
  "endpoint-disabled": [
    "Open the endpoint and read its last attempts: the status code and the answer say why your server refused them.",
    "Fix the receiving server (or correct the URL), then send a test event from the endpoint's page.",
    "Re-enable the endpoint; this alert resolves itself, and failed deliveries can be resent from its log.",
  ],
  "endpoint-failing": [
    "Open the endpoint and read its last attempts: timeouts point at a slow or unreachable server, 4xx/5xx at its answer.",
    "Deliveries are still retried; if failures go on, the endpoint is disabled automatically.",
    "This alert resolves itself on the next successful delivery.",
  ],
  "rejections-spike": [
    "Open the deliveries log and read the refusals' reason: most often a signature that no longer matches.",
    "If the platform's signing secret changed, paste the new one in the source's (or the webhook settings') page.",
    "Ask the platform to resend what was refused, then resolve this alert.",
  ],
  "source-silent": [
    "Check on the platform that the webhook still exists and points at this source's URL.",
    "Send a sample from the source's page to check that deliveries are accepted.",
    "This alert resolves itself when the next delivery arrives.",
  ],
};

export function alertGuidance(kind: AlertKind): string[] {
  return STEPS[kind];
}
