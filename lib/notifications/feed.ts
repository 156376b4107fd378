import type { Feed } from "@/lib/storage/ports/notifications";

// A member reads two feeds merged: the tenant's ("t") and their own ("u"). A position names one
// entry of one feed (`t12`, `u3`): what read state and cursors speak of.

export type { Feed };

export const positionOf = (feed: Feed, seq: number) => `${feed}${seq}`;
