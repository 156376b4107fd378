import type { ServerResponse } from "node:http";
import mongoose from "mongoose";
import { isDbConnected } from "@/lib/db/connect";
import { sendJson } from "@/lib/http/send-json";
import { outboundState } from "@/lib/outbound/outbound-runtime";
import { redisState } from "@/lib/redis/get-redis";
import { storageChoice } from "@/lib/storage/registry";

const startedAt = Date.now();
const version = "0.1.0";

/** `GET /api/webhooks/health`: 503 when the database is down (Redis is optional; without it outbound is unavailable). */
export async function handleHealthRequest(res: ServerResponse): Promise<void> {
  let db: "up" | "down" = isDbConnected() ? "up" : "down";
  if (db === "up") {
    // readyState lags a dead server by a heartbeat; a ping tells the truth now.
    db =
      (await mongoose.connection.db
        ?.admin()
        .ping({ timeoutMS: 1000 })
        .then(() => "up" as const)
        .catch(() => "down" as const)) ?? "down";
  }
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
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
      version,
    },
    db === "up" ? {} : { "retry-after": "5" },
  );
}
