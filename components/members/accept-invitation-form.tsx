"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { requestJson } from "@/lib/http/call-api";
import { acceptInvitationSchema } from "@/lib/members/schemas";

/** Joins the workspace: as the signed-in invitee, or by creating their account (name + password) first. */
export function AcceptInvitationForm({
  invitationId,
  token,
  tenantName,
  needsAccount,
}: {
  invitationId: string;
  token: string;
  tenantName: string;
  needsAccount: boolean;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Partial<Record<"name" | "password", string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = needsAccount ? { token, name: form.get("name") ?? "", password: form.get("password") ?? "" } : { token };
    const parsed = acceptInvitationSchema.safeParse(input);
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as "name" | "password"] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    setFormError(null);
    setPending(true);
    try {
      await requestJson(`/api/invitations/${invitationId}/accept`, { method: "POST", body: JSON.stringify(parsed.data) });
    } catch (error) {
      setPending(false);
      setFormError(error instanceof Error ? error.message : "Could not join the workspace");
      return;
    }
    router.replace("/dashboard");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      {needsAccount ? (
        <>
          <Field id="name" name="name" label="Your name" autoComplete="name" error={errors.name} required />
          <Field
            id="password"
            name="password"
            type="password"
            label="Choose a password"
            autoComplete="new-password"
            error={errors.password}
            required
          />
        </>
      ) : null}
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : needsAccount ? `Create account and join ${tenantName}` : `Join ${tenantName}`}
      </Button>
    </form>
  );
}
