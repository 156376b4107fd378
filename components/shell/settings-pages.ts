import { Bell, Building2, Inbox, KeyRound, ListChecks, Plug, Send, Users } from "lucide-react";

// The settings pages, in the order of their navigation (components/shell/settings-nav.tsx); a plain
// module, so that server pages can list them too.
export const settingsPages = [
  { href: "/settings/general", label: "General", icon: Building2 },
  { href: "/settings/inbound", label: "Inbound", icon: Inbox },
  { href: "/settings/sources", label: "Sources", icon: Plug },
  { href: "/settings/outbound", label: "Outbound endpoints", icon: Send },
  { href: "/settings/deliveries", label: "Deliveries", icon: ListChecks },
  { href: "/settings/members", label: "Members", icon: Users },
  { href: "/settings/api-keys", label: "API keys", icon: KeyRound },
  { href: "/settings/notifications", label: "Notifications", icon: Bell },
] as const;
