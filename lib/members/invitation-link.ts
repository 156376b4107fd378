import { createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";

// Invitation ids are database ObjectIds, which are guessable from their neighbours; the link also
// carries an HMAC of the id under APP_SECRET, so only someone who was handed the link can use it.

export function invitationToken(invitationId: string): string {
  return createHmac("sha256", getEnv().APP_SECRET).update(`invitation:${invitationId}`).digest("base64url");
}

export function isInvitationToken(invitationId: string, token: string): boolean {
  const expected = Buffer.from(invitationToken(invitationId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The link an admin copies for the invitee (there is no mail server to send it). */
export function invitationLink(invitationId: string): string {
  return `${getEnv().BASE_URL}/invite/${invitationId}?token=${invitationToken(invitationId)}`;
}
