import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Webhooks" };

export default function WebhooksPage() {
  return (
    <>
      <PageHeader title="Webhooks" />
      <EmptyState icon={Webhook} title="Webhook settings">
        Endpoint toggles, signing secrets and the delivery log for this workspace will live here.
      </EmptyState>
    </>
  );
}
