"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { signUpSchema } from "@/lib/tenants/schemas";
import { keepFirstSecret } from "@/lib/webhook-settings/client/first-secret";

type FieldErrors = Partial<Record<"name" | "email" | "password" | "tenantName", string>>;

export function SignUpForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = Object.fromEntries(["name", "email", "password", "tenantName"].map((k) => [k, form.get(k) ?? ""]));
    const parsed = signUpSchema.safeParse(input);
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof FieldErrors] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    setFormError(null);
    setPending(true);
    const response = await fetch("/api/sign-up", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(parsed.data),
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: string } | null;
      setPending(false);
      setFormError(body?.error ?? "Could not create your account");
      return;
    }
    const created = (await response.json().catch(() => null)) as { tenantId?: string; webhookSecret?: string } | null;
    if (created?.tenantId && created.webhookSecret) keepFirstSecret(created.tenantId, created.webhookSecret);
    router.replace("/dashboard");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <div>
        <h1 className="text-lg font-semibold text-slate-900">Create your account</h1>
        <p className="mt-1 text-sm text-slate-600">You will be the owner of a new workspace.</p>
      </div>
      <Field id="name" name="name" label="Your name" autoComplete="name" error={errors.name} required />
      <Field id="email" name="email" type="email" label="Work email" autoComplete="email" error={errors.email} required />
      <Field
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        error={errors.password}
        required
      />
      <Field
        id="tenantName"
        name="tenantName"
        label="Workspace (store) name"
        placeholder="Acme Store"
        error={errors.tenantName}
        required
      />
      {formError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {formError}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-semibold text-indigo-600 hover:text-indigo-500">
          Sign in
        </Link>
      </p>
    </form>
  );
}
