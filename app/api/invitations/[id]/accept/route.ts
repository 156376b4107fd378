import { findCaller } from "@/lib/auth/resolve-caller";
import { jsonOk, readJson, route } from "@/lib/http/json-response";
import { acceptInvitation } from "@/lib/members/accept-invitation";
import { acceptInvitationSchema } from "@/lib/members/schemas";

/** The invite link's page posts here: signed in as the invitee, or with a name and password to sign up. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const input = acceptInvitationSchema.parse(await readJson(request));
  const caller = await findCaller(request.headers);
  const accepted = await acceptInvitation((await params).id, input, caller, request.headers);
  const response = jsonOk({ success: true, tenantId: accepted.tenantId, tenantName: accepted.tenantName, role: accepted.role });
  for (const cookie of accepted.setCookies) response.headers.append("set-cookie", cookie);
  return response;
});
