import { Bell } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Notifications" };

export default function NotificationsPage() {
  return (
    <>
      <PageHeader title="Notifications" />
      <EmptyState icon={Bell} title="No notifications yet">
        Everything your store tells you — new orders, failed payments, low-stock alerts — lands here.
      </EmptyState>
    </>
  );
}
