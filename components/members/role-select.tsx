"use client";

import type { Role } from "@/lib/tenants/schemas";

export const roleLabels: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member" };
export const roleHints: Record<Role, string> = {
  owner: "everything, including owners",
  admin: "members, API keys and settings",
  member: "views everything, changes nothing",
};

/** A role picker; `owner` is offered only to owners, as only they may grant it. */
export function RoleSelect({
  id,
  label,
  value,
  canGrantOwner,
  disabled,
  onChange,
  showLabel = false,
}: {
  id: string;
  label: string;
  value: Role;
  canGrantOwner: boolean;
  disabled?: boolean;
  onChange: (role: Role) => void;
  showLabel?: boolean;
}) {
  const roles: Role[] = canGrantOwner || value === "owner" ? ["owner", "admin", "member"] : ["admin", "member"];
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={showLabel ? "block text-sm font-medium text-slate-800" : "sr-only"}>
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value as Role)}
        className="block w-full rounded-md border-0 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 disabled:bg-slate-50 disabled:text-slate-500"
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {roleLabels[role]}
          </option>
        ))}
      </select>
    </div>
  );
}
