import { apiRoute } from "@/lib/http/api-route";
import { jsonOk } from "@/lib/http/json-response";
import { acceptInvitation } from "@/lib/members/accept-invitation";
import { acceptInvitationSchema } from "@/lib/members/schemas";

/** The invite link's page posts here: signed in as the invitee, or with a name and password to sign up. */
export const POST = apiRoute(
  { access: "visitor", body: acceptInvitationSchema, rateLimit: "accept-invitation" },
  async ({ caller, body, params, request }) => {
    const accepted = await acceptInvitation(params.id ?? "", body, caller, request.headers);
    const response = jsonOk({ success: true, tenantId: accepted.tenantId, tenantName: accepted.tenantName, role: accepted.role });
    for (const cookie of accepted.setCookies) response.headers.append("set-cookie", cookie);
    return response;
  },
);
