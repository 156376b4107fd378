import { getAuth } from "@/lib/auth/auth";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { createTenant } from "@/lib/tenants/create-tenant";
import { signUpSchema } from "@/lib/tenants/schemas";

/** Creates the account and its first workspace in one step, and signs the new owner in. */
export const POST = apiRoute({ access: "public", body: signUpSchema, rateLimit: "sign-up" }, async ({ body, request }) => {
  const signUp = await getAuth().api.signUpEmail({
    body: { name: body.name, email: body.email, password: body.password },
    headers: request.headers,
    asResponse: true,
  });
  if (!signUp.ok) {
    const failure = (await signUp.json().catch(() => ({}))) as { message?: string };
    const exists = signUp.status === 422 || /exist/i.test(failure.message ?? "");
    throw new AppError(
      exists ? "conflict" : "bad_request",
      exists ? "An account with this email already exists" : (failure.message ?? "Could not create the account"),
    );
  }
  const { user } = (await signUp.json()) as { user: { id: string } };
  const tenant = await createTenant({ name: body.tenantName, ownerUserId: user.id });

  // The new workspace's signing secret, this once: the settings page shows it on its first visit.
  const response = Response.json(
    { success: true, userId: user.id, tenantId: tenant.tenantId, webhookSecret: tenant.webhookSecret },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
  for (const cookie of signUp.headers.getSetCookie()) response.headers.append("set-cookie", cookie);
  return response;
});
