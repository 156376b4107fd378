// Room names are derived only from verified identity (a session's user id, or a tenant
// id whose membership was checked), never from what a client claims.
export const tenantRoom = (tenantId: string) => `tenant:${tenantId}`;
export const userRoom = (userId: string) => `user:${userId}`;
