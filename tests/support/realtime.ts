import type { MongoClient } from "mongodb";
import type { Socket } from "socket.io-client";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { api, type Session, signUp } from "./http";
import { addMember } from "./members";
import { tenantSecret } from "./webhooks";

// Scenarios shared by the real-time tests: a tenant with two people in it, a notification
// arriving through the signed webhook pipeline, a member removed, a connection dropped.

/** An owner and a member of the same fresh tenant, each with their own session. */
export async function team(baseUrl: string, mongo: MongoClient) {
  const owner = await signUp(baseUrl);
  const other = await signUp(baseUrl);
  await addMember(mongo, owner.tenantId, other.userId, "member");
  const member: Session = { ...other, tenantId: owner.tenantId };
  return { owner, member };
}

/** Posts a signed `notifications` webhook for the tenant; resolves once it is stored (201). */
export async function notifyByWebhook(mongo: MongoClient, baseUrl: string, tenantId: string, title: string): Promise<void> {
  const secret = await tenantSecret(mongo, tenantId);
  const payload = sampleFor("notifications", tenantId, { title });
  const sent = await sendWebhook({ baseUrl, kind: "notifications", payload: payload as never, secret });
  if (sent.status !== 201) throw new Error(`webhook answered ${sent.status}: ${JSON.stringify(sent.body)}`);
}

/** The owner removes a member on the members page's route (better-auth's own endpoint is closed). */
export async function removeFromTenant(owner: Session, member: Session): Promise<number> {
  const response = await api(owner, `/api/members/${member.userId}`, {
    method: "DELETE",
    headers: { "x-tenant-id": owner.tenantId },
  });
  return response.status;
}

/**
 * Drops the socket's transport the way a flaky network does (the socket itself stays active and
 * reconnects), and resolves once the server has had time to notice. `reconnected` resolves with
 * whether the connection state was recovered.
 */
export async function dropTransport(socket: Socket): Promise<{ reconnected: Promise<boolean> }> {
  const reconnected = new Promise<boolean>((resolve) => {
    socket.once("disconnect", () => socket.once("connect", () => resolve(socket.recovered)));
  });
  socket.io.engine.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { reconnected };
}
