// Room names are derived only from verified identity (a session's user id, or a tenant
// id whose membership was checked), never from what a client claims.
export const tenantRoom = (tenantId: string) => `tenant:${tenantId}`;
export const userRoom = (userId: string) => `user:${userId}`;

/** The tenant a room belongs to, or null for any other room (a user's, a socket's own). */
export const tenantIdOfRoom = (room: string): string | null => (room.startsWith("tenant:") ? room.slice("tenant:".length) : null);
