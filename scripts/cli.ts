import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ZodError, z } from "zod";
import { ensureUser } from "@/lib/auth/ensure-user";
import { ConfigError, getEnv } from "@/lib/env";
import { AppError, issuesByPath } from "@/lib/errors";
import { createSender } from "@/lib/sender/create-sender";
import { SenderError } from "@/lib/sender/sender-error";
import { bootServices } from "@/lib/server/boot-services";
import { createTenant } from "@/lib/tenants/create-tenant";
import { getWebhookSecret } from "@/lib/tenants/get-webhook-secret";
import { listTenants } from "@/lib/tenants/list-tenants";
import { rotateWebhookSecret } from "@/lib/tenants/rotate-webhook-secret";
import { createTenantSchema, tenantIdSchema } from "@/lib/tenants/schemas";
import { sampleFor } from "@/lib/webhooks/samples";
import { webhookKindSchema } from "@/lib/webhooks/schemas";
import { dbUsage, runDbCommand } from "./cli/db-commands";
import { outboundOptions, outboundUsage, runOutboundCommand } from "./cli/outbound-commands";
import { runSourceCommand, sourceOptions, sourceUsage } from "./cli/source-commands";

// `npm run cli -- …`: operator commands against the same database the app uses
// (MONGODB_URI, or the embedded one of the app running on DATA_DIR; none running is an error).

const usage = `Usage: npm run cli -- <command> [--json]

  tenant create --name "Acme" --admin-email a@example.com [--admin-password …] [--id <24-hex>]
  tenant secret rotate --tenant <id> [--grace-hours 24]
  tenant list
  send {orders|payments|notifications} --tenant <id> [--file body.json] [--scheme hex|standard] [--url <BASE_URL>]
${outboundUsage}
${sourceUsage}
${dbUsage}`;

type Flags = Record<string, string | boolean | string[] | undefined>;

function required(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== "string" || value === "") throw new AppError("bad_request", `--${name} is required`);
  return value;
}

async function run(command: string[], flags: Flags): Promise<{ data: unknown; text: string; code?: number }> {
  const outbound = await runOutboundCommand(command, flags);
  if (outbound) return outbound;
  const sources = await runSourceCommand(command, flags);
  if (sources) return sources;
  switch (command.join(" ")) {
    case "tenant create": {
      const { name, id } = createTenantSchema.parse({ name: required(flags, "name"), id: flags.id });
      const adminEmail = required(flags, "admin-email").toLowerCase();
      const given = typeof flags["admin-password"] === "string" ? flags["admin-password"] : undefined;
      const password = given ?? randomBytes(12).toString("base64url");
      const user = await ensureUser({ email: adminEmail, password });
      const tenant = await createTenant({ name, ownerUserId: user.userId, id });
      // The password is printed only when this command generated it for a new user.
      const adminPassword = user.created && !given ? password : undefined;
      const data = {
        tenantId: tenant.tenantId,
        name: tenant.name,
        webhookSecret: tenant.webhookSecret,
        adminEmail,
        ...(adminPassword ? { adminPassword } : {}),
      };
      const lines = [
        `Created tenant "${tenant.name}" (${tenant.tenantId})`,
        `  webhook secret: ${tenant.webhookSecret}   (shown once — store it in your platform)`,
        `  admin:          ${adminEmail}${user.created ? "" : " (existing user, now owner)"}`,
      ];
      if (adminPassword) lines.push(`  password:       ${adminPassword}`);
      return { data, text: lines.join("\n") };
    }
    case "tenant secret rotate": {
      const tenantId = tenantIdSchema.parse(required(flags, "tenant"));
      const hours = flags["grace-hours"] === undefined ? 24 : Number(flags["grace-hours"]);
      if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 30)
        throw new AppError("bad_request", "--grace-hours must be between 0 and 720");
      const result = await rotateWebhookSecret(tenantId, { graceMs: hours * 3_600_000 });
      return {
        data: {
          tenantId,
          webhookSecret: result.webhookSecret,
          previousSecretValidUntil: result.previousSecretValidUntil.toISOString(),
        },
        text: `New webhook secret for ${tenantId}: ${result.webhookSecret}\nThe previous secret keeps working until ${result.previousSecretValidUntil.toISOString()}.`,
      };
    }
    case "tenant list": {
      const tenants = await listTenants();
      const text = tenants.length
        ? tenants.map((t) => `${t.tenantId}  ${t.name}  (${t.members} member${t.members === 1 ? "" : "s"})`).join("\n")
        : "No tenants yet. Create one with: npm run cli -- tenant create --name Acme --admin-email you@example.com";
      return { data: tenants, text };
    }
    case "send orders":
    case "send payments":
    case "send notifications": {
      const kind = webhookKindSchema.parse(command[1]);
      const tenantId = tenantIdSchema.parse(required(flags, "tenant"));
      const scheme = flags.scheme === undefined ? "hex" : z.enum(["hex", "standard"]).parse(flags.scheme);
      const file = typeof flags.file === "string" ? flags.file : null;
      const payload = file ? (JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>) : sampleFor(kind, tenantId);
      const baseUrl = typeof flags.url === "string" ? flags.url : getEnv().BASE_URL;
      const secret = await getWebhookSecret(tenantId);
      // The SDK platforms use (docs/sender.md): retries 429/503/network errors under one idempotency key.
      const sender = createSender({ baseUrl, tenantId, secret, scheme });
      try {
        const result = await sender.send(kind, payload as never);
        return {
          data: { status: result.status, body: result.body, deliveryId: result.deliveryId, attempts: result.attempts },
          text: `${result.status} ${JSON.stringify(result.body, null, 2)}`,
        };
      } catch (error) {
        if (!(error instanceof SenderError)) throw error;
        // A refused delivery is a failed command, so scripts can `&&` on it.
        return {
          data: { status: error.status ?? null, body: error.info.body ?? null, error: error.message, code: error.code },
          text: error.info.body ? `${error.status} ${JSON.stringify(error.info.body, null, 2)}` : `error: ${error.message}`,
          code: 1,
        };
      }
    }
    default:
      throw new AppError("bad_request", `Unknown command "${command.join(" ")}"\n${usage}`);
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      name: { type: "string" },
      id: { type: "string" },
      "admin-email": { type: "string" },
      "admin-password": { type: "string" },
      tenant: { type: "string" },
      "grace-hours": { type: "string" },
      file: { type: "string" },
      scheme: { type: "string" },
      url: { type: "string" },
      ...outboundOptions,
      ...sourceOptions,
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(usage);
    return 0;
  }
  const json = Boolean(values.json);
  const env = getEnv();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const dbResult = await runDbCommand(positionals, env, log);
  if (dbResult) {
    console.log(json ? JSON.stringify(dbResult.data, null, 2) : dbResult.text);
    return 0;
  }
  const services = await bootServices(env, log, { outbound: "queue", role: "client" });
  try {
    const { data, text, code } = await run(positionals, values);
    console.log(json ? JSON.stringify(data, null, 2) : text);
    return code ?? 0;
  } finally {
    await services.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const message =
      error instanceof AppError || error instanceof ConfigError
        ? error.message
        : error instanceof ZodError
          ? `Invalid input: ${issuesByPath(error)
              .map((i) => `${i.path} ${i.message}`)
              .join("; ")}`
          : error instanceof Error
            ? error.message
            : String(error);
    process.stderr.write(`error: ${message}\n`);
    process.exit(error instanceof AppError && error.code === "conflict" ? 3 : 1);
  });
