import { logActivity } from "@/lib/activity/log-activity";
import { asAppError } from "@/lib/auth/as-app-error";
import { getAuth } from "@/lib/auth/auth";
import type { Caller } from "@/lib/auth/resolve-caller";
import { forgetSessionCallers } from "@/lib/auth/session-cache";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { findInvitation } from "@/lib/members/find-invitation";
import { startInboxAtJoining } from "@/lib/notifications/start-inbox-at-joining";
import { getMembership } from "@/lib/tenants/get-membership";

type AcceptInput = { token: string; name?: string; password?: string };
export type AcceptedInvitation = { tenantId: string; tenantName: string; role: string; setCookies: string[] };

const cookiePairs = (setCookies: string[]) => setCookies.map((cookie) => cookie.split(";")[0]).join("; ");

/**
 * Joins the invitation's tenant through better-auth's accept-invitation (which also makes it the
 * session's active tenant). A signed-in invitee accepts as themselves — it must be the invited
 * email; someone without an account creates one for the invited email (name + password) first.
 * Answers the cookies the browser must store.
 */
export async function acceptInvitation(
  invitationId: string,
  input: AcceptInput,
  caller: Caller | null,
  headers: Headers,
): Promise<AcceptedInvitation> {
  const invitation = await findInvitation(invitationId, { token: input.token });
  if (!invitation) throw notFound("This invitation is not valid any more: ask for a new one");
  const auth = getAuth();
  const setCookies: string[] = [];
  let sessionHeaders = headers;

  if (caller?.kind === "apiKey") throw forbidden("An API key cannot accept an invitation");
  if (caller && caller.email.toLowerCase() !== invitation.email) {
    throw forbidden(`This invitation is for ${invitation.email}; you are signed in as ${caller.email}`);
  }
  // better-auth would add a second membership for someone an admin added meanwhile.
  if (caller && (await getMembership(invitation.tenantId, caller.userId))) {
    throw new AppError("conflict", `You are already a member of ${invitation.tenantName}`);
  }
  if (!caller) {
    if (!input.name || !input.password) throw new AppError("unauthorized", "Sign in, or give a name and password to sign up");
    const signUp = await auth.api.signUpEmail({
      body: { name: input.name, email: invitation.email, password: input.password },
      headers,
      asResponse: true,
    });
    if (!signUp.ok) {
      const exists = signUp.status === 422;
      throw new AppError(
        exists ? "conflict" : "bad_request",
        exists ? `An account for ${invitation.email} exists: sign in to accept` : "Could not create the account",
      );
    }
    setCookies.push(...signUp.headers.getSetCookie());
    sessionHeaders = new Headers({ cookie: cookiePairs(setCookies) });
  }

  const accepted = await auth.api
    .acceptInvitation({ body: { invitationId }, headers: sessionHeaders, returnHeaders: true })
    .catch((error: unknown) => {
      throw asAppError(error);
    });
  setCookies.push(...accepted.headers.getSetCookie());
  // The session's active tenant changed: a remembered caller would still name the old one.
  forgetSessionCallers();
  const member = accepted.response?.member as { userId?: unknown } | undefined;
  if (member?.userId) await startInboxAtJoining(invitation.tenantId, String(member.userId));
  await logActivity(invitation.tenantId, {
    kind: "member.joined",
    actor: { type: "user", id: member?.userId ? String(member.userId) : null, label: invitation.email },
    summary: `${invitation.email} accepted the invitation as ${invitation.role}`,
    refs: { invitationId, userId: member?.userId ? String(member.userId) : null },
    before: null,
    after: { email: invitation.email, role: invitation.role },
  });
  return { tenantId: invitation.tenantId, tenantName: invitation.tenantName, role: invitation.role, setCookies };
}
