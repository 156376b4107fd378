import type { ReplayAnswer } from "@/lib/deliveries/replay-answer";

/** In words, what the replay made: created, an update, or already recorded. */
export function describeReplay(answer: ReplayAnswer): string {
  const b = answer.body;
  if (b.duplicate) return "already recorded, nothing done twice";
  if (Array.isArray(b.produced)) {
    const produced = b.produced as Array<{ kind: string }>;
    return produced.length ? `produced ${produced.map((p) => p.kind).join(", ")}` : "stored, nothing to map";
  }
  if (b.orderNumber) return `${b.updated ? "updated" : "created"} order ${String(b.orderNumber)}`;
  if (b.orderLinked === false) return "payment stored, waiting for its order";
  if (b.notificationId) return "notification created";
  return `answered ${answer.status}`;
}
