import { readInbox } from "@/lib/notifications/read-inbox";
import { updateReadState } from "@/lib/notifications/update-read-state";

/**
 * A new member's inbox starts at their joining: what the tenant was notified of before counts as
 * read for them (it is still listed), so they do not arrive to a badge of 99+ about the past.
 * Only a member without any read state yet: someone who rejoins keeps what they had.
 */
export async function startInboxAtJoining(tenantId: string, userId: string): Promise<void> {
  if ((await readInbox(tenantId, userId)).state.version > 0) return;
  await updateReadState(tenantId, userId, (state, inbox) =>
    // Of this and a first change the member made meanwhile, the later write keeps both.
    ({ ...state, readUpTo: { t: Math.max(state.readUpTo.t, inbox.heads.t), u: state.readUpTo.u } }),
  );
}
