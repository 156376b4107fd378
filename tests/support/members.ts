import { type MongoClient, ObjectId } from "mongodb";

// Membership management arrives with the members page; until then tests write the row
// better-auth's organization plugin would.
export async function addMember(mongo: MongoClient, tenantId: string, userId: string, role: "owner" | "admin" | "member") {
  await mongo
    .db()
    .collection("member")
    .insertOne({ organizationId: new ObjectId(tenantId), userId: new ObjectId(userId), role, createdAt: new Date() });
}
