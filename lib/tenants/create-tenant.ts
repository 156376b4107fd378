import { getAuth } from "@/lib/auth/auth";
import { sealSecret } from "@/lib/crypto/secret-box";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/storage/ids";
import { getStorage } from "@/lib/storage/registry";
import { generateWebhookSecret } from "@/lib/tenants/generate-webhook-secret";

export type CreatedTenant = { tenantId: string; name: string; slug: string; webhookSecret: string };

function slugify(name: string, id: string): string {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  // The id suffix keeps slugs unique without a read-then-write race.
  return `${base || "tenant"}-${id.slice(-6)}`;
}

/**
 * Creates a tenant (a better-auth organization) owned by `ownerUserId`, with its webhook
 * settings and a fresh signing secret. Returns the secret in clear once; it is stored sealed.
 */
export async function createTenant(input: { name: string; ownerUserId: string; id?: string }): Promise<CreatedTenant> {
  const tenantId = input.id ?? newId();
  const context = await getAuth().$context;
  const adapter = context.adapter;

  const existing = await adapter.findOne({ model: "organization", where: [{ field: "id", value: tenantId }] });
  if (existing) throw new AppError("conflict", `Tenant ${tenantId} already exists`);

  const slug = slugify(input.name, tenantId);
  const webhookSecret = generateWebhookSecret();
  const now = new Date();

  // Settings first: an organization without settings would be a tenant that cannot receive webhooks.
  const created = await getStorage().tenantSettings.create(tenantId, sealSecret(webhookSecret, getEnv().APP_SECRET, tenantId));
  if (!created) throw new AppError("conflict", `Tenant ${tenantId} already exists`);
  await adapter.create({
    model: "organization",
    data: { id: tenantId, name: input.name, slug, createdAt: now },
    forceAllowId: true,
  });
  await adapter.create({
    model: "member",
    data: { organizationId: tenantId, userId: input.ownerUserId, role: "owner", createdAt: now },
  });

  return { tenantId, name: input.name, slug, webhookSecret };
}
