import type { ActivityEntry } from "@/lib/activity/log-activity";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createSource } from "@/lib/sources/create-source";
import { listSources } from "@/lib/sources/list-sources";
import { removeSource } from "@/lib/sources/remove-source";
import { createSourceSchema, SOURCE_TYPES, updateSourceSchema } from "@/lib/sources/schemas";
import { sendSourceSample } from "@/lib/sources/send-source-sample";
import { updateSource } from "@/lib/sources/update-source";
import { tenantIdSchema } from "@/lib/tenants/schemas";

// `sources …`: a tenant's platforms posting in their own formats (SPEC §8, docs/sources.md).

export const sourceUsage = `  sources add --tenant <id> --type <${SOURCE_TYPES.join("|")}> --name <name> [--secret <secret>] [--option key=value]…
  sources list --tenant <id>
  sources {remove|enable|disable} <source-id> --tenant <id>
  sources sample <source-id> --tenant <id> [--topic orders/create] [--url <BASE_URL>]`;

export const sourceOptions = {
  type: { type: "string" },
  secret: { type: "string" },
  option: { type: "string", multiple: true },
  topic: { type: "string" },
} as const;

type Flags = Record<string, string | boolean | string[] | undefined>;
type Result = { data: unknown; text: string; code?: number };

const actor: ActivityEntry["actor"] = { type: "system", label: "cli" };

/** `--option key=value`, repeated; a value that reads as a number is one (toleranceS=600). */
function optionsOf(flags: Flags): Record<string, unknown> {
  const list = flags.option === undefined ? [] : Array.isArray(flags.option) ? flags.option : [String(flags.option)];
  const options: Record<string, unknown> = {};
  for (const entry of list) {
    const at = entry.indexOf("=");
    if (at <= 0) throw new AppError("bad_request", `--option must look like key=value (got "${entry}")`);
    options[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  return options;
}

const str = (value: Flags[string]) => (typeof value === "string" ? value : undefined);

/** Null when the command is not a sources one. */
export async function runSourceCommand(command: string[], flags: Flags): Promise<Result | null> {
  if (command[0] !== "sources") return null;
  const tenant = flags.tenant;
  if (typeof tenant !== "string" || tenant === "") throw new AppError("bad_request", "--tenant is required");
  const tenantId = tenantIdSchema.parse(tenant);
  const id = () => {
    const value = command[2];
    if (!value) throw new AppError("bad_request", `sources ${command[1]} needs a source id`);
    return value;
  };
  switch (command[1]) {
    case "add": {
      const input = createSourceSchema.parse({
        type: str(flags.type),
        name: str(flags.name),
        secret: str(flags.secret),
        options: optionsOf(flags),
      });
      const { source, secret } = await createSource(tenantId, input, actor);
      return {
        data: { id: source.id, type: source.type, url: source.url, secret },
        text: `Added ${source.type} source ${source.id} (${source.name})\n  URL:    ${source.url}\n  secret: ${secret}   ${input.secret ? "(as given)" : "(generated, shown once — paste it in the platform's webhook settings)"}`,
      };
    }
    case "list": {
      const sources = await listSources(tenantId);
      const text = sources.length
        ? sources
            .map((s) => `${s.id}  ${s.type.padEnd(12)}  ${s.enabled ? "enabled " : "disabled"}  ${s.name}  ${s.url}`)
            .join("\n")
        : `No sources yet. Add one with: npm run cli -- sources add --tenant ${tenantId} --type shopify --name "My store"`;
      return { data: { sources }, text };
    }
    case "enable":
    case "disable": {
      const enabled = command[1] === "enable";
      const source = await updateSource(tenantId, id(), updateSourceSchema.parse({ enabled }), actor);
      return { data: { source }, text: `${enabled ? "Enabled" : "Disabled"} ${source.id} (${source.name})` };
    }
    case "remove": {
      const sourceId = id();
      await removeSource(tenantId, sourceId, actor);
      return { data: { removed: sourceId }, text: `Removed source ${sourceId}` };
    }
    case "sample": {
      // The platform's own shape, signed with the source's secret, posted to the running server.
      const sent = await sendSourceSample(tenantId, id(), str(flags.topic), str(flags.url) ?? getEnv().BASE_URL);
      return {
        data: sent,
        text: `${sent.topic}: ${sent.status} ${JSON.stringify(sent.response, null, 2)}`,
        code: sent.status < 300 ? 0 : 1,
      };
    }
    default:
      throw new AppError("bad_request", `Unknown command "${command.join(" ")}"`);
  }
}
