import pino from "pino";
import { getEnv } from "@/lib/env";

const globalForLogger = globalThis as unknown as { __pulseboardLogger?: pino.Logger };

export function getLogger(): pino.Logger {
  globalForLogger.__pulseboardLogger ??= pino({
    level: getEnv().LOG_LEVEL,
    base: { app: "pulseboard" },
    redact: { paths: ["*.password", "*.secret", "*.webhookSecret", "*.token", "req.headers.cookie"], remove: true },
  });
  return globalForLogger.__pulseboardLogger;
}
