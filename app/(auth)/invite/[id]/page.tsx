import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { AcceptInvitationForm } from "@/components/members/accept-invitation-form";
import { findCaller } from "@/lib/auth/resolve-caller";
import { findInvitation } from "@/lib/members/find-invitation";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

/** Where an invitation link lands: who invited you to what, and one button to join. */
export default async function InvitePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { id } = await params;
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw : "";
  const invitation = token ? await findInvitation(id, { token }) : null;
  if (!invitation) {
    return (
      <div className="space-y-3">
        <h1 className="text-lg font-semibold text-slate-900">This invitation is not valid</h1>
        <p className="text-sm text-slate-600">
          It may have expired, been canceled or used already. Ask an owner or admin of the workspace for a new link.
        </p>
        <Link href="/sign-in" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          Go to sign in
        </Link>
      </div>
    );
  }
  const caller = await findCaller(await headers());
  const signedInAs = caller?.kind === "user" ? caller.email : null;
  const here = `/invite/${id}?token=${encodeURIComponent(token)}`;
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-lg font-semibold text-slate-900">Join {invitation.tenantName}</h1>
        <p className="mt-1 text-sm text-slate-600">
          You are invited as <strong>{invitation.role}</strong>, for <strong>{invitation.email}</strong>.
        </p>
      </div>
      {signedInAs && signedInAs.toLowerCase() !== invitation.email ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          You are signed in as {signedInAs}. Sign out, then open this link again to join as {invitation.email}.
        </p>
      ) : (
        <AcceptInvitationForm invitationId={id} token={token} tenantName={invitation.tenantName} needsAccount={!signedInAs} />
      )}
      {signedInAs ? null : (
        <p className="text-center text-sm text-slate-600">
          Already have an account?{" "}
          <Link
            href={`/sign-in?next=${encodeURIComponent(here)}`}
            className="font-semibold text-indigo-600 hover:text-indigo-500"
          >
            Sign in to accept
          </Link>
        </p>
      )}
    </div>
  );
}
