"use client";

import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

// A page that failed to render, inside the shell: what happened in plain words and a way on.
export default function AppError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <EmptyState icon={TriangleAlert} title="This page could not be shown">
      <p>Something went wrong on our side. Try again; if it keeps happening, the server's log has the details.</p>
      <div className="mt-4">
        <Button onClick={reset}>Try again</Button>
      </div>
    </EmptyState>
  );
}
