import type { ActivityEntry } from "@/lib/activity/log-activity";
import { AppError } from "@/lib/errors";
import { createEndpoint } from "@/lib/outbound/create-endpoint";
import { listEndpoints } from "@/lib/outbound/list-endpoints";
import { listOutboundDeliveries } from "@/lib/outbound/list-outbound-deliveries";
import { outboundState } from "@/lib/outbound/outbound-runtime";
import { removeEndpoint } from "@/lib/outbound/remove-endpoint";
import { retryOutboundDelivery } from "@/lib/outbound/retry-outbound-delivery";
import { createEndpointSchema, type EndpointView, updateEndpointSchema } from "@/lib/outbound/schemas";
import { sendTestEvent } from "@/lib/outbound/send-test-event";
import { updateEndpoint } from "@/lib/outbound/update-endpoint";
import { tenantIdSchema } from "@/lib/tenants/schemas";

// `endpoints …`, `deliveries …` and `stats`: outbound forwarding from the operator's shell (docs/outbound.md).

export const outboundUsage = `  endpoints add <url> --tenant <id> [--events a,b] [--header K:V]… [--description …] [--batch-max N --batch-wait-ms MS]
  endpoints list --tenant <id>
  endpoints {remove|enable|disable|test} <endpoint-id> --tenant <id>
  deliveries list --tenant <id> [--failed] [--endpoint <id>]
  deliveries retry <delivery-id> --tenant <id>
  stats --tenant <id>`;

export const outboundOptions = {
  events: { type: "string" },
  header: { type: "string", multiple: true },
  description: { type: "string" },
  "batch-max": { type: "string" },
  "batch-wait-ms": { type: "string" },
  failed: { type: "boolean" },
  endpoint: { type: "string" },
} as const;

type Flags = Record<string, string | boolean | string[] | undefined>;
type Result = { data: unknown; text: string; code?: number };

const actor: ActivityEntry["actor"] = { type: "system", label: "cli" };

function argument(command: string[], what: string): string {
  const value = command[2];
  if (!value) throw new AppError("bad_request", `${command.slice(0, 2).join(" ")} needs ${what}`);
  return value;
}

function headersOf(flags: Flags): Record<string, string> {
  const list = flags.header === undefined ? [] : Array.isArray(flags.header) ? flags.header : [String(flags.header)];
  const headers: Record<string, string> = {};
  for (const entry of list) {
    const colon = entry.indexOf(":");
    if (colon <= 0) throw new AppError("bad_request", `--header must look like Name:value (got "${entry}")`);
    headers[entry.slice(0, colon).trim()] = entry.slice(colon + 1).trim();
  }
  return headers;
}

function line(e: EndpointView): string {
  const state = e.enabled ? "enabled" : `disabled (${e.disabledReason})`;
  const stats = e.stats
    ? `${e.stats.successes} ok, ${e.stats.failures} failed, p50 ${e.stats.p50LatencyMs ?? "–"} ms, last ${e.stats.lastTriggeredAt ?? "never"}`
    : "stats unavailable";
  return `${e.id}  ${e.url}  [${e.eventTypes.join(",")}]  ${state}  — ${stats}`;
}

/** Null when the command is not an outbound one. */
export async function runOutboundCommand(command: string[], flags: Flags): Promise<Result | null> {
  if (!["endpoints", "deliveries", "stats"].includes(command[0] ?? "")) return null;
  const tenant = flags.tenant;
  if (typeof tenant !== "string" || tenant === "") throw new AppError("bad_request", "--tenant is required");
  const tenantId = tenantIdSchema.parse(tenant);
  const verb = command[0] === "stats" ? "stats" : `${command[0]} ${command[1] ?? ""}`;
  switch (verb) {
    case "endpoints add": {
      const batchMax = flags["batch-max"];
      const input = createEndpointSchema.parse({
        url: argument(command, "a URL"),
        description: typeof flags.description === "string" ? flags.description : undefined,
        eventTypes: typeof flags.events === "string" ? flags.events.split(",").map((t) => t.trim()) : undefined,
        headers: headersOf(flags),
        batch: batchMax === undefined ? null : { maxEvents: Number(batchMax), maxWaitMs: Number(flags["batch-wait-ms"] ?? 5000) },
      });
      const { endpoint, secret } = await createEndpoint(tenantId, input, actor);
      return {
        data: { endpoint, secret },
        text: `Added endpoint ${endpoint.id} → ${endpoint.url}\n  signing secret: ${secret}   (shown once — verify deliveries with it)`,
      };
    }
    case "endpoints list":
    case "stats": {
      const endpoints = await listEndpoints(tenantId);
      const unavailable = outboundState() === "up" ? "" : "\n(outbound is unavailable: its Redis cannot be reached)";
      const text = endpoints.length
        ? endpoints.map(line).join("\n") + unavailable
        : `No endpoints yet. Add one with: npm run cli -- endpoints add https://example.com/hooks --tenant ${tenantId}`;
      return { data: { endpoints }, text };
    }
    case "endpoints enable":
    case "endpoints disable": {
      const enabled = command[1] === "enable";
      const endpoint = await updateEndpoint(
        tenantId,
        argument(command, "an endpoint id"),
        updateEndpointSchema.parse({ enabled }),
        actor,
      );
      return { data: { endpoint }, text: `${enabled ? "Enabled" : "Disabled"} ${endpoint.id} (${endpoint.url})` };
    }
    case "endpoints remove": {
      const id = argument(command, "an endpoint id");
      await removeEndpoint(tenantId, id, actor);
      return { data: { removed: id }, text: `Removed endpoint ${id}` };
    }
    case "endpoints test": {
      const result = await sendTestEvent(tenantId, argument(command, "an endpoint id"), actor);
      const a = result.attempt;
      return {
        data: result,
        text: `${a.ok ? "Delivered" : "Failed"}: ${a.status ?? "no answer"} in ${a.latencyMs} ms${a.error ? ` — ${a.error}` : ""}\n${a.responseExcerpt}`,
        code: a.ok ? 0 : 1,
      };
    }
    case "deliveries list": {
      const { deliveries: list } = await listOutboundDeliveries(tenantId, {
        endpointId: typeof flags.endpoint === "string" ? flags.endpoint : undefined,
        status: flags.failed ? "failed" : undefined,
        limit: 100,
      });
      const text = list.length
        ? list
            .map((d) => {
              const last = d.attempts.at(-1);
              return `${d.id}  ${d.status}  ${d.eventTypes.join(",")} ×${d.eventCount}  ${d.url}  ${d.attempts.length} attempt(s), last ${last?.status ?? last?.error ?? "–"}`;
            })
            .join("\n")
        : "No deliveries.";
      return { data: { deliveries: list }, text };
    }
    case "deliveries retry": {
      const result = await retryOutboundDelivery(tenantId, argument(command, "a delivery id"), actor);
      return { data: result, text: `Queued another attempt of ${result.deliveryId}` };
    }
    default:
      throw new AppError("bad_request", `Unknown command "${command.join(" ")}"`);
  }
}
