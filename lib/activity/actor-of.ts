import type { ActivityEntry } from "@/lib/activity/log-activity";
import type { Caller } from "@/lib/auth/resolve-caller";

/** Who did it, as the activity log shows it: a member by their email, or a tenant API key. */
export function actorOf(caller: Caller): ActivityEntry["actor"] {
  return caller.kind === "user"
    ? { type: "user", id: caller.userId, label: caller.email }
    : { type: "apiKey", id: caller.keyId, label: "API key" };
}
