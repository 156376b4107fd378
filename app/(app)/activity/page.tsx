import { Activity } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Activity" };

export default function ActivityPage() {
  return (
    <>
      <PageHeader title="Activity" />
      <EmptyState icon={Activity} title="No activity yet">
        Every webhook received or rejected and every settings change will be listed here with who did it and when.
      </EmptyState>
    </>
  );
}
