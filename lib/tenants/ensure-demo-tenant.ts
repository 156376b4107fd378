import { ensureUser } from "@/lib/auth/ensure-user";
import { AppError } from "@/lib/errors";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID, DEMO_TENANT_NAME } from "@/lib/tenants/constants";
import { createTenant } from "@/lib/tenants/create-tenant";
import { getMembership } from "@/lib/tenants/get-membership";
import { getTenant } from "@/lib/tenants/get-tenant";
import { getWebhookSecret } from "@/lib/tenants/get-webhook-secret";

/** The demo tenant and its owner, created on the first demo run and reused afterwards. */
export async function ensureDemoTenant(): Promise<{
  tenantId: string;
  name: string;
  adminEmail: string;
  adminPassword: string;
  webhookSecret: string;
}> {
  const admin = await ensureUser({ email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD, name: "Demo Admin" });
  const exists = await getTenant(DEMO_TENANT_ID).then(
    () => true,
    (error: unknown) => {
      if (error instanceof AppError && error.code === "not_found") return false;
      throw error;
    },
  );
  if (!exists) await createTenant({ name: DEMO_TENANT_NAME, ownerUserId: admin.userId, id: DEMO_TENANT_ID });
  else if (!(await getMembership(DEMO_TENANT_ID, admin.userId))) {
    throw new AppError("conflict", `The demo tenant exists but ${DEMO_ADMIN_EMAIL} is not a member of it`);
  }
  return {
    tenantId: DEMO_TENANT_ID,
    name: DEMO_TENANT_NAME,
    adminEmail: DEMO_ADMIN_EMAIL,
    adminPassword: DEMO_ADMIN_PASSWORD,
    webhookSecret: await getWebhookSecret(DEMO_TENANT_ID),
  };
}
