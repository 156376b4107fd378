import { ObjectId } from "mongodb";
import { describe, expect, inject, it } from "vitest";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { sampleFor } from "@/lib/webhooks/samples";
import { api, type Session, signUp, uniqueEmail } from "../support/http";
import { logDb, suiteMongo, tenantSecret } from "../support/webhooks";

// Issue 5 item 6 through the real server: owners and admins manage members, invitations and API
// keys under GitHub/Stripe-like rules; members only look; every change is in the activity log.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();

type Member = { userId: string; email: string; role: string; joinedAt: string };
type Invitation = { id: string; email: string; role: string; link: string };
type Key = { id: string; name: string; start: string | null; lastUsedAt: string | null; createdBy: string | null };

const json = (body: unknown) => JSON.stringify(body);
const inTenant = (tenantId: string) => ({ "x-tenant-id": tenantId });

const add = (as: Session, email: string, role: string, tenantId = as.tenantId) =>
  api(as, "/api/members", { method: "POST", body: json({ email, role }), headers: inTenant(tenantId) });
const setRole = (as: Session, userId: string, role: string, tenantId = as.tenantId) =>
  api(as, `/api/members/${userId}`, { method: "PATCH", body: json({ role }), headers: inTenant(tenantId) });
const remove = (as: Session, userId: string, tenantId = as.tenantId) =>
  api(as, `/api/members/${userId}`, { method: "DELETE", headers: inTenant(tenantId) });
const createKey = (as: Session, name: string, tenantId = as.tenantId) =>
  api(as, "/api/api-keys", { method: "POST", body: json({ name }), headers: inTenant(tenantId) });
const revokeKey = (as: Session, id: string, tenantId = as.tenantId) =>
  api(as, `/api/api-keys/${id}`, { method: "DELETE", headers: inTenant(tenantId) });

async function membersOf(as: Session, tenantId = as.tenantId) {
  const response = await api(as, "/api/members", { headers: inTenant(tenantId) });
  expect(response.status).toBe(200);
  return (await response.json()) as { members: Member[]; invitations: Invitation[]; canManage: boolean; role: string };
}

async function roleOf(owner: Session, userId: string) {
  return (await membersOf(owner)).members.find((m) => m.userId === userId)?.role ?? null;
}

/** A second account joined to the owner's tenant with `role`, through the API an admin uses. */
async function joined(owner: Session, role: "owner" | "admin" | "member") {
  const user = await signUp(baseUrl);
  expect((await add(owner, user.email, role)).status).toBe(201);
  return user;
}

async function activity(tenantId: string, kind: string) {
  return logDb(mongo())
    .collection("activity_logs")
    .find({ tenantId: new ObjectId(tenantId), kind })
    .toArray();
}

async function inviteLink(owner: Session, email: string, role = "member") {
  const response = await add(owner, email, role);
  expect(response.status).toBe(201);
  const body = (await response.json()) as { status: string; invitation: Invitation };
  expect(body.status).toBe("invited");
  const link = new URL(body.invitation.link);
  return { invitation: body.invitation, id: link.pathname.split("/").pop() ?? "", token: link.searchParams.get("token") ?? "" };
}

const accept = (id: string, body: unknown, cookie = "") =>
  api({ baseUrl, cookie }, `/api/invitations/${id}/accept`, { method: "POST", body: json(body) });

describe("members", () => {
  it("adds an existing account with a role at once, lists it, and logs who did it", async () => {
    const owner = await signUp(baseUrl);
    const teammate = await signUp(baseUrl);
    const added = await add(owner, teammate.email.toUpperCase(), "admin");
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ status: "added", member: { userId: teammate.userId, role: "admin" } });

    const listed = await membersOf(owner);
    expect(listed.members.map((m) => [m.email, m.role])).toEqual([
      [owner.email, "owner"],
      [teammate.email, "admin"],
    ]);
    // The teammate now works in the tenant.
    const me = await api(teammate, "/api/me", { headers: inTenant(owner.tenantId) });
    expect(((await me.json()) as { tenant: { role: string } }).tenant.role).toBe("admin");

    expect((await add(owner, teammate.email, "member")).status).toBe(409);
    const [entry] = await activity(owner.tenantId, "member.added");
    expect(entry).toMatchObject({
      actor: { type: "user", id: owner.userId, label: owner.email },
      before: null,
      after: { email: teammate.email, role: "admin" },
    });
  });

  it("starts a new member's unread count at their joining: the backlog is listed, read", async () => {
    const owner = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), owner.tenantId);
    const notify = async (title: string) => {
      const sent = await sendWebhook({
        baseUrl,
        kind: "notifications",
        payload: sampleFor("notifications", owner.tenantId, { title }),
        secret,
      });
      expect(sent.status).toBe(201);
    };
    for (let i = 1; i <= 5; i++) await notify(`Before joining ${i}`);
    const inbox = async (as: Session) => {
      const response = await api(as, "/api/notifications", { headers: inTenant(owner.tenantId) });
      expect(response.status).toBe(200);
      return (await response.json()) as { unreadCount: number; notifications: Array<{ title: string; isRead: boolean }> };
    };
    expect((await inbox(owner)).unreadCount).toBe(5);

    const teammate = await joined(owner, "member");
    const first = await inbox(teammate);
    expect(first.unreadCount).toBe(0);
    expect(first.notifications.map((n) => [n.title, n.isRead])).toContainEqual(["Before joining 5", true]);
    await notify("After joining");
    expect((await inbox(teammate)).unreadCount).toBe(1);
    // The owner's own count is untouched by someone else joining.
    expect((await inbox(owner)).unreadCount).toBe(6);
  });

  it("makes one membership when two admins add the same person at once", async () => {
    const owner = await signUp(baseUrl);
    const admin = await joined(owner, "admin");
    const teammate = await signUp(baseUrl);
    const answers = await Promise.all([
      add(owner, teammate.email, "member"),
      add(admin, teammate.email, "admin", owner.tenantId),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await membersOf(owner)).members.filter((m) => m.email === teammate.email)).toHaveLength(1);
  });

  it("changes roles with before/after in the log; only an owner grants or changes owner", async () => {
    const owner = await signUp(baseUrl);
    const admin = await joined(owner, "admin");
    const member = await joined(owner, "member");

    expect((await setRole(admin, member.userId, "admin", owner.tenantId)).status).toBe(200);
    expect(await roleOf(owner, member.userId)).toBe("admin");
    const [changed] = await activity(owner.tenantId, "member.role_changed");
    expect(changed).toMatchObject({
      actor: { id: admin.userId },
      before: { email: member.email, role: "member" },
      after: { email: member.email, role: "admin" },
    });

    // An admin may neither make an owner nor touch one.
    expect((await setRole(admin, member.userId, "owner", owner.tenantId)).status).toBe(403);
    expect((await setRole(admin, owner.userId, "member", owner.tenantId)).status).toBe(403);
    expect((await remove(admin, owner.userId, owner.tenantId)).status).toBe(403);
    expect((await add(admin, uniqueEmail(), "owner", owner.tenantId)).status).toBe(403);
    expect(await roleOf(owner, owner.userId)).toBe("owner");

    expect((await setRole(owner, member.userId, "owner")).status).toBe(200);
    expect(await roleOf(owner, member.userId)).toBe("owner");
    // Setting the role it already has is not an event.
    expect((await setRole(owner, member.userId, "owner")).status).toBe(200);
    expect(await activity(owner.tenantId, "member.role_changed")).toHaveLength(2);
  });

  it("keeps the last owner: no demotion, no removal (409); with a second owner both work", async () => {
    const owner = await signUp(baseUrl);
    const demoted = await setRole(owner, owner.userId, "admin");
    expect(demoted.status).toBe(409);
    expect(await demoted.json()).toMatchObject({ success: false, error: expect.stringMatching(/needs an owner/) });
    expect((await remove(owner, owner.userId)).status).toBe(409);
    expect(await roleOf(owner, owner.userId)).toBe("owner");

    const second = await joined(owner, "owner");
    expect((await setRole(owner, owner.userId, "admin")).status).toBe(200);
    expect((await setRole(second, owner.userId, "owner", owner.tenantId)).status).toBe(200);
    expect((await remove(owner, second.userId)).status).toBe(200);
    expect((await membersOf(owner)).members.map((m) => m.email)).toEqual([owner.email]);
    expect((await api(second, "/api/me", { headers: inTenant(owner.tenantId) })).status).toBe(404);
    const [removed] = await activity(owner.tenantId, "member.removed");
    expect(removed).toMatchObject({ before: { email: second.email, role: "owner" }, after: null });
  });

  it("lets a member read the members and keys but change nothing (403), and hides invitation links", async () => {
    const owner = await signUp(baseUrl);
    const member = await joined(owner, "member");
    await inviteLink(owner, uniqueEmail("invitee"));
    const keyId = ((await (await createKey(owner, "ci")).json()) as { id: string }).id;
    const invitationId = (await membersOf(owner)).invitations[0]?.id ?? "";

    const seen = await membersOf(member, owner.tenantId);
    expect(seen).toMatchObject({ canManage: false, role: "member", invitations: [] });
    expect(seen.members).toHaveLength(2);
    const keys = await api(member, "/api/api-keys", { headers: inTenant(owner.tenantId) });
    expect(((await keys.json()) as { keys: Key[] }).keys.map((k) => k.name)).toEqual(["ci"]);

    const attempts = [
      await add(member, uniqueEmail(), "member", owner.tenantId),
      await setRole(member, owner.userId, "member", owner.tenantId),
      await setRole(member, member.userId, "admin", owner.tenantId),
      await remove(member, owner.userId, owner.tenantId),
      await createKey(member, "mine", owner.tenantId),
      await revokeKey(member, keyId, owner.tenantId),
      await api(member, `/api/invitations/${invitationId}`, { method: "DELETE", headers: inTenant(owner.tenantId) }),
    ];
    expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect(await roleOf(owner, member.userId)).toBe("member");
    expect((await membersOf(owner)).invitations).toHaveLength(1);
  });

  it("answers 404 for another tenant's members, keys and invitations, and changes nothing", async () => {
    const a = await signUp(baseUrl);
    const b = await signUp(baseUrl);
    const aMember = await joined(a, "member");
    const aKey = ((await (await createKey(a, "a-key")).json()) as { id: string }).id;
    const { invitation } = await inviteLink(a, uniqueEmail("a-invitee"));

    // Naming tenant A: b is not a member of it.
    expect((await membersOf(a)).members).toHaveLength(2);
    expect((await api(b, "/api/members", { headers: inTenant(a.tenantId) })).status).toBe(404);
    expect((await setRole(b, aMember.userId, "admin", a.tenantId)).status).toBe(404);
    // In b's own tenant, A's records simply do not exist.
    expect((await setRole(b, aMember.userId, "admin")).status).toBe(404);
    expect((await remove(b, aMember.userId)).status).toBe(404);
    expect((await revokeKey(b, aKey)).status).toBe(404);
    expect((await api(b, `/api/invitations/${invitation.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await setRole(b, "not-an-id", "admin")).status).toBe(404);

    expect(await roleOf(a, aMember.userId)).toBe("member");
    expect((await membersOf(a)).invitations).toHaveLength(1);
    expect(((await (await api(a, "/api/api-keys")).json()) as { keys: Key[] }).keys).toHaveLength(1);
  });

  it("refuses bad input with 400 by path and changes nothing", async () => {
    const owner = await signUp(baseUrl);
    const cases: Array<[unknown, string]> = [
      [{ email: "not-an-email", role: "member" }, "email"],
      [{ email: uniqueEmail(), role: "superuser" }, "role"],
      [{ email: uniqueEmail() }, "role"],
      [{ email: uniqueEmail(), role: "member", extra: 1 }, "(root)"],
    ];
    for (const [body, path] of cases) {
      const response = await api(owner, "/api/members", { method: "POST", body: json(body) });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = (await response.json()) as { success: boolean; details: Array<{ path: string }> };
      expect(error.success).toBe(false);
      expect(error.details.map((d) => d.path).join(" ")).toContain(path);
    }
    expect((await setRole(owner, owner.userId, "god")).status).toBe(400);
    expect((await createKey(owner, "x".repeat(33))).status).toBe(400);
    expect((await createKey(owner, "  ")).status).toBe(400);
    const notJson = await api(owner, "/api/members", {
      method: "POST",
      body: "email=a",
      headers: { "content-type": "text/plain" },
    });
    expect(notJson.status).toBe(415);

    const listed = await membersOf(owner);
    expect(listed.members).toHaveLength(1);
    expect(listed.invitations).toHaveLength(0);
    expect(((await (await api(owner, "/api/api-keys")).json()) as { keys: Key[] }).keys).toHaveLength(0);
  });

  it("logs a member who leaves on their own", async () => {
    const owner = await signUp(baseUrl);
    const member = await joined(owner, "member");
    const left = await api(member, "/api/auth/organization/leave", {
      method: "POST",
      body: json({ organizationId: owner.tenantId }),
    });
    expect(left.status).toBe(200);
    expect((await membersOf(owner)).members.map((m) => m.email)).toEqual([owner.email]);
    expect(await activity(owner.tenantId, "member.left")).toMatchObject([
      { actor: { type: "user", id: member.userId, label: member.email }, before: { email: member.email, role: "member" } },
    ]);
  });

  it("closes better-auth's own member and key endpoints, which would skip the rules and the log", async () => {
    const owner = await signUp(baseUrl);
    const admin = await joined(owner, "admin");
    const direct = await api(admin, "/api/auth/organization/update-member-role", {
      method: "POST",
      body: json({ memberId: owner.userId, role: "member", organizationId: owner.tenantId }),
    });
    expect(direct.status).toBe(404);
    const key = await api(owner, "/api/auth/api-key/create", {
      method: "POST",
      body: json({ name: "sneaky", organizationId: owner.tenantId }),
    });
    expect(key.status).toBe(404);
    expect(await roleOf(owner, owner.userId)).toBe("owner");
  });
});

describe("invitations", () => {
  it("invites an unknown email; the link signs them up into the tenant with the role, once", async () => {
    const owner = await signUp(baseUrl);
    const email = uniqueEmail("newcomer");
    const { invitation, id, token } = await inviteLink(owner, email, "admin");
    expect(invitation).toMatchObject({ email, role: "admin" });
    expect((await membersOf(owner)).invitations.map((i) => i.email)).toEqual([email]);
    expect((await add(owner, email, "member")).status).toBe(409);

    expect((await accept(id, { token: "forged", name: "New", password: "long-enough-pw" })).status).toBe(404);
    expect((await accept(id, { token })).status).toBe(401);

    const joinedNow = await accept(id, { token, name: "Newcomer", password: "long-enough-pw" });
    expect(joinedNow.status).toBe(200);
    expect(await joinedNow.json()).toMatchObject({ tenantId: owner.tenantId, role: "admin" });
    const cookie = joinedNow.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const me = (await (await api({ baseUrl, cookie }, "/api/me")).json()) as { tenant: { tenantId: string; role: string } };
    expect(me.tenant).toMatchObject({ tenantId: owner.tenantId, role: "admin" });

    expect((await accept(id, { token, name: "Again", password: "long-enough-pw" })).status).toBe(404);
    const listed = await membersOf(owner);
    expect(listed.invitations).toHaveLength(0);
    expect(listed.members.find((m) => m.email === email)?.role).toBe("admin");
    expect(await activity(owner.tenantId, "invitation.created")).toMatchObject([
      { actor: { id: owner.userId }, after: { email, role: "admin" } },
    ]);
    expect(await activity(owner.tenantId, "member.joined")).toMatchObject([{ after: { email, role: "admin" } }]);
  });

  it("is accepted only by the invited account; a canceled invitation's link stops working", async () => {
    const owner = await signUp(baseUrl);
    const email = uniqueEmail("later");
    const { id, token } = await inviteLink(owner, email);
    const someoneElse = await signUp(baseUrl);
    expect((await accept(id, { token }, someoneElse.cookie)).status).toBe(403);

    const cancel = await api(owner, `/api/invitations/${id}`, { method: "DELETE" });
    expect(cancel.status).toBe(200);
    expect((await accept(id, { token, name: "Late", password: "long-enough-pw" })).status).toBe(404);
    expect(await activity(owner.tenantId, "invitation.canceled")).toMatchObject([
      { before: { email, status: "pending" }, after: { status: "canceled" } },
    ]);

    // Invited again, the same person signs up first and then accepts signed in.
    const again = await inviteLink(owner, email);
    const invitee = await signUp(baseUrl, { email });
    expect((await accept(again.id, { token: again.token }, invitee.cookie)).status).toBe(200);
    expect(await roleOf(owner, invitee.userId)).toBe("member");
  });
  it("withdraws a pending invitation when its invitee, who signed up meanwhile, is added directly", async () => {
    const owner = await signUp(baseUrl);
    const email = uniqueEmail("early");
    const { id, token } = await inviteLink(owner, email);
    const invitee = await signUp(baseUrl, { email });
    expect(await (await add(owner, email, "admin")).json()).toMatchObject({ status: "added" });
    expect((await membersOf(owner)).invitations).toHaveLength(0);
    expect((await accept(id, { token }, invitee.cookie)).status).toBe(404);
    expect((await membersOf(owner)).members.filter((m) => m.email === email).map((m) => m.role)).toEqual(["admin"]);
  });
});

describe("API keys", () => {
  it("shows a key once, lists it without the key, authenticates with it, and a revoked key answers 401 at once", async () => {
    const owner = await signUp(baseUrl);
    const created = await createKey(owner, "warehouse sync");
    expect(created.status).toBe(201);
    const { key, id } = (await created.json()) as { key: string; id: string };
    expect(key).toMatch(/^pb_/);

    const listing = await api(owner, "/api/api-keys");
    const text = await listing.text();
    expect(text).not.toContain(key);
    const [listed] = (JSON.parse(text) as { keys: Key[] }).keys;
    expect(listed).toMatchObject({ id, name: "warehouse sync", createdBy: owner.email, lastUsedAt: null });
    expect(key.startsWith(listed?.start ?? "?")).toBe(true);

    const withKey = () => fetch(`${baseUrl}/api/notifications`, { headers: { authorization: `Bearer ${key}` } });
    // More than the api-key plugin's default allowance of 10 a day.
    for (let i = 0; i < 12; i++) expect((await withKey()).status).toBe(200);
    const used = ((await (await api(owner, "/api/api-keys")).json()) as { keys: Key[] }).keys[0];
    expect(used?.lastUsedAt).not.toBeNull();

    // A key may not mint keys or change members.
    const keyAsAdmin = await fetch(`${baseUrl}/api/api-keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: json({ name: "child" }),
    });
    expect(keyAsAdmin.status).toBe(403);

    expect((await revokeKey(owner, id)).status).toBe(200);
    expect((await withKey()).status).toBe(401);
    expect((await revokeKey(owner, id)).status).toBe(404);

    const logged = [...(await activity(owner.tenantId, "apiKey.created")), ...(await activity(owner.tenantId, "apiKey.revoked"))];
    expect(logged).toMatchObject([
      { actor: { id: owner.userId }, after: { name: "warehouse sync" } },
      { actor: { id: owner.userId }, before: { name: "warehouse sync" }, after: null },
    ]);
    expect(JSON.stringify(logged)).not.toContain(key);
  });
});
