import type { ServerResponse } from "node:http";
import { sendJson } from "@/lib/http/send-json";
import { outboundState } from "@/lib/outbound/outbound-runtime";
import { redisState } from "@/lib/redis/get-redis";
import { services } from "@/lib/services/registry";
import { pingDatabase } from "@/lib/storage/database/connect";
import { storageChoice } from "@/lib/storage/registry";

const startedAt = Date.now();
const version = "0.1.0";

/** `GET /api/webhooks/health`: 503 when the database is down (Redis is optional; without it outbound is unavailable). */
export async function handleHealthRequest(res: ServerResponse): Promise<void> {
  const db: "up" | "down" = (await pingDatabase()) ? "up" : "down";
  const redis = redisState();
  const outbound = outboundState() === "up" ? "up" : "unavailable";
  const status = db === "up" ? (redis === "down" || outbound !== "up" ? "degraded" : "ok") : "unavailable";
  sendJson(
    res,
    db === "up" ? 200 : 503,
    {
      status,
      db,
      redis,
      outbound,
      storage: storageChoice()?.kind ?? null,
      // Which server process answered (drawn at its start): several run behind one address.
      node: services().processId,
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
      version,
    },
    db === "up" ? {} : { "retry-after": "5" },
  );
}
