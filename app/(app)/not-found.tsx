import { FileQuestion } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

// Inside the app shell: a missing order, another workspace's record, or a link that leads nowhere.
export default function NotFound() {
  return (
    <EmptyState icon={FileQuestion} title="Page not found">
      <p>
        It may have been removed, or it belongs to another workspace.{" "}
        <Link href="/dashboard" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          Back to the dashboard
        </Link>
      </p>
    </EmptyState>
  );
}
