import type { InboxSnapshot } from "@/lib/storage/ports/notifications";
import { getStorage } from "@/lib/storage/registry";

export type Inbox = InboxSnapshot;

/** Everything the bell needs for one member: both feeds' newest entries, their heads and the member's read state. */
export function readInbox(tenantId: string, viewer: string | null): Promise<Inbox> {
  return getStorage().notifications.readInbox(tenantId, viewer);
}
