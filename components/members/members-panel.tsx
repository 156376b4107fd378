"use client";

import { MailPlus, UserPlus, Users } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { RoleSelect, roleHints, roleLabels } from "@/components/members/role-select";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { type Confirmation, ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { RemoveButton } from "@/components/ui/remove-button";
import { RevealedValue } from "@/components/ui/revealed-value";
import { useSchemaSubmit } from "@/components/ui/use-schema-submit";
import { addMember, cancelInvitation, changeRole, removeMember } from "@/lib/members/client/api";
import type { InvitationView } from "@/lib/members/list-invitations";
import type { MemberView } from "@/lib/members/list-members";
import { addMemberSchema } from "@/lib/members/schemas";
import type { Role } from "@/lib/tenants/schemas";

const day = (iso: string) => new Date(iso).toLocaleDateString();
const errorText = (error: unknown, fallback: string) => (error instanceof Error ? error.message : fallback);

/** Settings → Members: who belongs to the workspace and with which role; managed by owners and admins. */
export function MembersPanel({
  tenantId,
  myUserId,
  myRole,
  canManage,
  initialMembers,
  initialInvitations,
}: {
  tenantId: string;
  myUserId: string;
  myRole: Role;
  canManage: boolean;
  initialMembers: MemberView[];
  initialInvitations: InvitationView[];
}) {
  const router = useRouter();
  const [members, setMembers] = useState(initialMembers);
  const [invitations, setInvitations] = useState(initialInvitations);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [busyUser, setBusyUser] = useState<string | null>(null);
  const owners = members.filter((m) => m.role === "owner").length;
  const isOwner = myRole === "owner";

  const updateRole = async (member: MemberView, role: Role) => {
    setBusyUser(member.userId);
    try {
      const { member: updated } = await changeRole(tenantId, member.userId, role);
      setMembers((list) => list.map((m) => (m.userId === updated.userId ? updated : m)));
      toast.success(`${member.email} is now ${roleLabels[role].toLowerCase()}`);
      // Demoting yourself changes what this page lets you do.
      if (member.userId === myUserId) router.refresh();
    } catch (error) {
      toast.error(errorText(error, "Could not change the role"));
    } finally {
      setBusyUser(null);
    }
  };

  const askRemove = (member: MemberView) =>
    setConfirmation({
      title: member.userId === myUserId ? "Leave this workspace?" : `Remove ${member.email}?`,
      body:
        member.userId === myUserId
          ? "You lose access at once; an owner or admin can add you again."
          : "They lose access at once, including any page they have open. You can add them again later.",
      confirmLabel: member.userId === myUserId ? "Leave" : "Remove member",
      run: async () => {
        try {
          await removeMember(tenantId, member.userId);
          setMembers((list) => list.filter((m) => m.userId !== member.userId));
          toast.success(`${member.email} removed`);
          if (member.userId === myUserId) {
            router.replace("/dashboard");
            router.refresh();
          }
        } catch (error) {
          toast.error(errorText(error, "Could not remove the member"));
        }
      },
    });

  const askCancel = (invitation: InvitationView) =>
    setConfirmation({
      title: `Cancel the invitation for ${invitation.email}?`,
      body: "Its link stops working at once. You can invite them again later.",
      confirmLabel: "Cancel invitation",
      run: async () => {
        try {
          await cancelInvitation(tenantId, invitation.id);
          setInvitations((list) => list.filter((i) => i.id !== invitation.id));
          toast.success("Invitation canceled");
        } catch (error) {
          toast.error(errorText(error, "Could not cancel the invitation"));
        }
      },
    });

  return (
    <div className="space-y-6">
      {canManage ? null : (
        <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-800 ring-1 ring-amber-200">
          You can see who belongs to this workspace; only owners and admins can add, change or remove members and API keys.
        </p>
      )}

      {canManage ? (
        <AddMemberCard
          tenantId={tenantId}
          canGrantOwner={isOwner}
          onAdded={(member) => setMembers((list) => [...list, member])}
          onInvited={(invitation) => setInvitations((list) => [invitation, ...list])}
        />
      ) : null}

      <Card id="members" title="Members" description={`${members.length} ${members.length === 1 ? "person" : "people"}`}>
        {members.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Users aria-hidden className="size-4" /> Nobody yet.
          </p>
        ) : (
          <ul aria-label="Members" className="divide-y divide-slate-100">
            {members.map((member) => {
              const lastOwner = member.role === "owner" && owners <= 1;
              const mayEdit = canManage && (isOwner || member.role !== "owner");
              return (
                <li
                  key={member.userId}
                  aria-label={member.email}
                  className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:gap-4"
                >
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium text-slate-900">
                      {member.name || member.email}
                      {member.userId === myUserId ? <span className="ml-1 font-normal text-slate-500">(you)</span> : null}
                    </p>
                    <p className="truncate text-sm text-slate-600">{member.email}</p>
                  </div>
                  <p className="text-xs text-slate-500 sm:w-32">
                    Joined <time dateTime={member.joinedAt}>{day(member.joinedAt)}</time>
                  </p>
                  <div className="flex items-center gap-2">
                    {mayEdit ? (
                      <div className="w-36">
                        <RoleSelect
                          id={`role-${member.userId}`}
                          label={`Role of ${member.email}`}
                          value={member.role}
                          canGrantOwner={isOwner}
                          disabled={busyUser === member.userId || lastOwner}
                          onChange={(role) => updateRole(member, role)}
                        />
                      </div>
                    ) : (
                      <span className="w-36 rounded-md bg-slate-100 px-2.5 py-1.5 text-sm text-slate-700">
                        {roleLabels[member.role]}
                      </span>
                    )}
                    {mayEdit ? (
                      <RemoveButton
                        label={member.userId === myUserId ? "Leave the workspace" : `Remove ${member.email}`}
                        disabled={lastOwner}
                        disabledReason="The last owner cannot be removed"
                        onClick={() => askRemove(member)}
                      />
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {owners <= 1 && canManage ? (
          <p className="mt-3 text-xs text-slate-500">A workspace always keeps at least one owner.</p>
        ) : null}
      </Card>

      {canManage ? (
        <Card
          id="invitations"
          title="Pending invitations"
          description="Send each person their link; it works once, for their email, for 48 hours."
        >
          {invitations.length === 0 ? (
            <p className="text-sm text-slate-600">No invitations waiting.</p>
          ) : (
            <ul aria-label="Pending invitations" className="divide-y divide-slate-100">
              {invitations.map((invitation) => (
                <li key={invitation.id} aria-label={invitation.email} className="space-y-2 py-3">
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                    <span className="font-medium text-slate-900">{invitation.email}</span>
                    <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                      {roleLabels[invitation.role]}
                    </span>
                    <span className="text-xs text-slate-500">
                      expires <time dateTime={invitation.expiresAt}>{new Date(invitation.expiresAt).toLocaleString()}</time>
                    </span>
                  </div>
                  <div className="flex items-center gap-2">
                    <code className="min-w-0 flex-1 truncate rounded bg-slate-100 px-2 py-1.5 text-xs text-slate-800">
                      {invitation.link}
                    </code>
                    <CopyButton value={invitation.link} label={`Copy the invitation link for ${invitation.email}`} />
                    <Button
                      variant="ghost"
                      className="px-2 py-1.5 text-xs"
                      aria-label={`Cancel the invitation for ${invitation.email}`}
                      onClick={() => askCancel(invitation)}
                    >
                      Cancel
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}

      <ConfirmDialog confirmation={confirmation} onClose={() => setConfirmation(null)} />
    </div>
  );
}

function AddMemberCard({
  tenantId,
  canGrantOwner,
  onAdded,
  onInvited,
}: {
  tenantId: string;
  canGrantOwner: boolean;
  onAdded: (member: MemberView) => void;
  onInvited: (invitation: InvitationView) => void;
}) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [invited, setInvited] = useState<InvitationView | null>(null);
  const { error, busy, submit } = useSchemaSubmit(
    addMemberSchema,
    async (input) => {
      const result = await addMember(tenantId, input);
      if (result.status === "added") {
        onAdded(result.member);
        setInvited(null);
        toast.success(`${result.member.email} added as ${roleLabels[result.member.role].toLowerCase()}`);
      } else {
        onInvited(result.invitation);
        setInvited(result.invitation);
      }
      setEmail("");
    },
    "Could not add the member",
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit({ email, role });
  };

  return (
    <Card
      id="add-member"
      title="Add a member"
      description="Someone with an account joins at once; anyone else gets an invitation link to copy to them."
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-[1fr_11rem_auto] sm:items-start">
        <Field
          id="member-email"
          label="Email"
          type="email"
          autoComplete="off"
          value={email}
          error={error}
          onChange={(event) => setEmail(event.target.value)}
        />
        <RoleSelect id="member-role" label="Role" showLabel value={role} canGrantOwner={canGrantOwner} onChange={setRole} />
        <Button type="submit" disabled={busy} className="sm:mt-6">
          <UserPlus aria-hidden className="size-4" />
          {busy ? "Adding…" : "Add member"}
        </Button>
      </form>
      <p className="mt-2 text-xs text-slate-500">
        {(Object.keys(roleHints) as Role[])
          .filter((r) => canGrantOwner || r !== "owner")
          .map((r) => `${roleLabels[r]}: ${roleHints[r]}`)
          .join(" · ")}
      </p>
      {invited ? (
        <RevealedValue
          tone="indigo"
          message={
            <>
              <MailPlus aria-hidden className="size-4 shrink-0" />
              {invited.email} has no account yet: send them this link to join as {roleLabels[invited.role].toLowerCase()}.
            </>
          }
          value={invited.link}
          copyLabel="Copy the invitation link"
          testId="invite-link"
        />
      ) : null}
    </Card>
  );
}
