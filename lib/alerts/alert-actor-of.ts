import type { ActivityEntry } from "@/lib/activity/log-activity";
import type { AlertActor } from "@/lib/storage/ports/alerts";

/** Who resolved an alert, as the Alerts page names them: a member (or API key), or the system. */
export function alertActorOf(actor: ActivityEntry["actor"]): AlertActor {
  return actor.type === "system" || actor.type === "platform"
    ? { type: "system", label: actor.label ?? "system" }
    : { type: "user", id: actor.id ?? "", label: actor.label ?? "API key" };
}
