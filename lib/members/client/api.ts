import type { ApiKeyView } from "@/lib/api-keys/list-api-keys";
import { callApi } from "@/lib/http/call-api";
import type { AddMemberResult } from "@/lib/members/add-member";
import type { MemberView } from "@/lib/members/list-members";
import type { AddMemberInput } from "@/lib/members/schemas";
import type { Role } from "@/lib/tenants/schemas";

// The members page's side of /api/members, /api/invitations and /api/api-keys.

export const addMember = (tenantId: string, input: AddMemberInput) =>
  callApi<AddMemberResult>(tenantId, "/api/members", { method: "POST", body: JSON.stringify(input) });

export const changeRole = (tenantId: string, userId: string, role: Role) =>
  callApi<{ member: MemberView }>(tenantId, `/api/members/${userId}`, { method: "PATCH", body: JSON.stringify({ role }) });

export const removeMember = (tenantId: string, userId: string) =>
  callApi<unknown>(tenantId, `/api/members/${userId}`, { method: "DELETE" });

export const cancelInvitation = (tenantId: string, invitationId: string) =>
  callApi<unknown>(tenantId, `/api/invitations/${invitationId}`, { method: "DELETE" });

export const createApiKey = (tenantId: string, name: string) =>
  callApi<ApiKeyView & { key: string }>(tenantId, "/api/api-keys", { method: "POST", body: JSON.stringify({ name }) });

export const revokeApiKey = (tenantId: string, keyId: string) =>
  callApi<unknown>(tenantId, `/api/api-keys/${keyId}`, { method: "DELETE" });
