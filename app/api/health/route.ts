import { isDbConnected } from "@/lib/storage/database/connect";

export const dynamic = "force-dynamic";

/** Liveness for operators and the test harness; webhook-specific health is /api/webhooks/health. */
export function GET() {
  const db = isDbConnected() ? "up" : "down";
  return Response.json({ status: db === "up" ? "ok" : "degraded", db }, { status: db === "up" ? 200 : 503 });
}
