import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { PASSWORD_COST } from "@/lib/auth/hash-password";

// The only reader of process.env in the project: everything else imports `env`.

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: z.coerce
      .number({ message: "must be an integer between 0 and 65535" })
      .int("must be an integer between 0 and 65535")
      .min(0, "must be an integer between 0 and 65535")
      .max(65535, "must be an integer between 0 and 65535")
      .default(3000),
    BASE_URL: z.url({ message: "must be an absolute http(s) URL" }).optional(),
    // Origins besides BASE_URL's that may send state-changing requests with a session (comma list).
    TRUSTED_ORIGINS: z
      .string()
      .refine((value) => splitList(value).every(isOrigin), "must be a comma list of origins like https://admin.example.com")
      .optional(),
    // Off: the client address is the socket's. A number N: the Nth address from the right of
    // X-Forwarded-For (N trusted proxies in front). `true` is 1.
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|[0-9]|10)$/, "must be false, true or a hop count from 0 to 10")
      .default("false"),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/[^\s/]+/, "must be a mongodb:// or mongodb+srv:// URI")
      .optional(),
    // Which storage adapter runs (docs/architecture.md): auto takes `embedded` on FerretDB, `mongodb` otherwise.
    STORAGE: z.enum(["auto", "mongodb", "embedded"], { message: "must be auto, mongodb or embedded" }).default("auto"),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL")
      .optional(),
    APP_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    LOG_LEVEL: z.enum(logLevels, { message: `must be one of ${logLevels.join(", ")}` }).default("info"),
    DATA_DIR: z.string().min(1).default(".data"),
    // Brute-force guard on sign-in/sign-up per client IP; test harnesses raise it (all their clients share 127.0.0.1).
    AUTH_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).max(100_000).default(10),
    // Password hashing cost, log2 of scrypt's N (r 16, p 1): 14 is better-auth's (about 0.1 s and 32 MiB a
    // hash on the reference machine); each step doubles time and memory. Stored hashes keep their own.
    AUTH_PASSWORD_COST: z.coerce.number().int().min(PASSWORD_COST.min).max(PASSWORD_COST.max).default(PASSWORD_COST.default),
    // Inbound webhooks (SPEC §3): body cap, per-tenant rate limit, rotation grace period.
    WEBHOOK_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(256 * 1024),
    WEBHOOK_RATE_LIMIT_PER_S: z.coerce.number().int().min(1).max(1_000_000).default(100),
    WEBHOOK_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(200),
    WEBHOOK_SECRET_GRACE_S: z.coerce
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .default(24 * 3600),
    // How long a tenant's inbound settings and secrets are reused between look-ups; 0 reads them every time.
    WEBHOOK_CONFIG_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    // Refused webhooks in the activity log: the first of a reason is logged at once, the rest of that
    // window as one "N more" entry at its end (docs/activity.md).
    ACTIVITY_REJECTION_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    // The effect journal's periodic replay (lib/webhooks/ingest/start-journal-replay.ts) takes
    // entries older than this: younger ones may still be in flight on another server process.
    JOURNAL_REPLAY_AFTER_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
    EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    // Outbound forwarding (SPEC §6, docs/outbound.md): its own Redis (defaults to REDIS_URL, then the
    // local default), a key prefix that keeps separate deployments' queues apart, and the retry policy.
    OUTBOUND_REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL")
      .optional(),
    // Every Redis key of this installation (queues, adapter streams, rate limits, caches) starts with
    // it, so installations sharing a Redis never see each other's keys. Default: derived from the database.
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1-64 letters, digits, '_', '.', ':' or '-'")
      .optional(),
    OUTBOUND_ALLOW_PRIVATE: z.enum(["true", "false"], { message: "must be true or false" }).default("false"),
    OUTBOUND_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
    OUTBOUND_RETRY_MAX_MS: z.coerce
      .number()
      .int()
      .min(10)
      .max(7 * 24 * 3_600_000)
      .default(4 * 3_600_000),
    // The longest Retry-After a receiver can ask for; longer answers are clamped to it.
    OUTBOUND_RETRY_AFTER_MAX_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 3_600_000)
      .default(3_600_000),
    // Consecutive failed attempts after which an endpoint is disabled automatically.
    OUTBOUND_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(10_000).default(15),
    // Consecutive failed attempts after which an endpoint's admins are alerted (before it is disabled).
    ALERT_FAILURE_STREAK: z.coerce.number().int().min(1).max(10_000).default(5),
    // Refused inbound deliveries of one tenant (one source, or its own webhooks) within the window
    // that open an alert; rate-limited ones do not count.
    ALERT_REJECTIONS: z.coerce.number().int().min(1).max(100_000).default(10),
    // How often the server looks for sources that have gone silent (docs/alerts.md).
    // How often the deliveries charts' counts are added to the database (docs/dashboard.md).
    DELIVERY_COUNTS_FLUSH_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
    SOURCE_SILENCE_CHECK_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
    ALERT_REJECTIONS_WINDOW_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(24 * 3_600_000)
      .default(300_000),
    OUTBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(25),
    // The server makes its outbound POSTs on this many worker threads (0: on its main thread).
    OUTBOUND_HTTP_THREADS: z.coerce.number().int().min(0).max(16).default(1),
    // Server processes `npm start` runs on PORT (node's cluster; lib/server/run-cluster-primary.ts).
    WEB_CONCURRENCY: z.coerce
      .number({ message: "must be an integer from 1 to 64" })
      .int("must be an integer from 1 to 64")
      .min(1, "must be an integer from 1 to 64")
      .max(64, "must be an integer from 1 to 64")
      .default(1),
  })
  .superRefine((value, ctx) => {
    // Several processes share one MongoDB (the mongodb storage adapter: the embedded one is single-
    // process by design) and one Redis (rooms, rate limits, outbound queues, catch-up streams).
    const several = `above 1 needs`;
    if (value.WEB_CONCURRENCY > 1 && !value.MONGODB_URI)
      ctx.addIssue({
        code: "custom",
        path: ["WEB_CONCURRENCY"],
        message: `${several} MONGODB_URI (a MongoDB replica set): the embedded database serves one process`,
      });
    else if (value.WEB_CONCURRENCY > 1 && value.STORAGE === "embedded")
      ctx.addIssue({
        code: "custom",
        path: ["WEB_CONCURRENCY"],
        message: `${several} STORAGE=mongodb or auto: the embedded storage adapter serves one process`,
      });
    else if (value.WEB_CONCURRENCY > 1 && !value.REDIS_URL)
      ctx.addIssue({
        code: "custom",
        path: ["WEB_CONCURRENCY"],
        message: `${several} REDIS_URL: the processes share live rooms, rate limits and outbound queues through Redis`,
      });
    if (value.NODE_ENV === "production" && !value.APP_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["APP_SECRET"],
        message: "is required in production (generate one with: openssl rand -base64 48)",
      });
    }
  });

export type Env = Omit<
  z.infer<typeof schema>,
  "APP_SECRET" | "BASE_URL" | "OUTBOUND_REDIS_URL" | "OUTBOUND_ALLOW_PRIVATE" | "TRUSTED_ORIGINS" | "TRUST_PROXY" | "REDIS_PREFIX"
> & {
  APP_SECRET: string;
  BASE_URL: string;
  /** BASE_URL's origin first, then TRUSTED_ORIGINS', normalised (scheme://host[:port]). */
  TRUSTED_ORIGINS: string[];
  /** How many proxies' X-Forwarded-For entries to trust; 0 uses the socket address. */
  TRUST_PROXY: number;
  REDIS_PREFIX: string;
  OUTBOUND_REDIS_URL: string;
  OUTBOUND_ALLOW_PRIVATE: boolean;
  /** Absolute path of DATA_DIR. */
  dataDir: string;
  isProduction: boolean;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

// Empty strings count as unset, as they do in most dotenv setups.
function cleaned(source: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

/** Parses a configuration; throws a ConfigError whose message is one line naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(cleaned(source));
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? "configuration");
    const raw = source[name];
    const got = raw === undefined ? "" : ` (got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)})`;
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? "is invalid"}${got}`);
  }
  const value = result.data;
  const dataDir = path.resolve(value.DATA_DIR);
  const baseUrl = (value.BASE_URL ?? `http://localhost:${value.PORT || 3000}`).replace(/\/+$/, "");
  const trusted = [new URL(baseUrl).origin, ...splitList(value.TRUSTED_ORIGINS ?? "").map((o) => new URL(o).origin)];
  return {
    ...value,
    dataDir,
    isProduction: value.NODE_ENV === "production",
    APP_SECRET: value.APP_SECRET ?? loadOrCreateDevSecret(dataDir),
    BASE_URL: baseUrl,
    TRUSTED_ORIGINS: [...new Set(trusted)],
    TRUST_PROXY: value.TRUST_PROXY === "true" ? 1 : value.TRUST_PROXY === "false" ? 0 : Number(value.TRUST_PROXY),
    REDIS_PREFIX: value.REDIS_PREFIX ?? defaultRedisPrefix(value.MONGODB_URI, dataDir),
    OUTBOUND_REDIS_URL: value.OUTBOUND_REDIS_URL ?? value.REDIS_URL ?? "redis://127.0.0.1:6379",
    OUTBOUND_ALLOW_PRIVATE: value.OUTBOUND_ALLOW_PRIVATE === "true",
  };
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "http:" || url.protocol === "https:") && (url.pathname === "/" || url.pathname === "") && !url.search
    );
  } catch {
    return false;
  }
}

/**
 * `pb:<database>:<8 hex>`: the database name for people reading Redis, and a hash of what makes the
 * installation itself (the MongoDB hosts and database, or the embedded data folder) so that two
 * installations whose databases share a name still get different keys. Processes of one
 * installation share MONGODB_URI, hence the prefix; set REDIS_PREFIX when their URIs differ.
 */
export function defaultRedisPrefix(mongodbUri: string | undefined, dataDir: string): string {
  let identity = `embedded:${dataDir}`;
  let name = "pulseboard";
  if (mongodbUri) {
    const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)(?:\/([^?]*))?/.exec(mongodbUri);
    name = match?.[2] || name;
    identity = `mongodb:${match?.[1] ?? mongodbUri}/${name}`;
  }
  const safeName = name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 40);
  return `pb:${safeName}:${createHash("sha256").update(identity).digest("hex").slice(0, 8)}`;
}

/** Outside production the app secret is generated once and kept in the git-ignored data folder. */
export function loadOrCreateDevSecret(dataDir: string): string {
  const file = path.join(dataDir, "app-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // First start: fall through and create it.
  }
  const secret = randomBytes(48).toString("base64url");
  // Readable by its owner only, like the secret itself (the folder also holds the database).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const globalForEnv = globalThis as unknown as { __pulseboardEnv?: Env };

/** The validated configuration of this process, parsed once. */
export function getEnv(): Env {
  globalForEnv.__pulseboardEnv ??= parseEnv(process.env);
  return globalForEnv.__pulseboardEnv;
}
