import type { ActivityRecord } from "@/lib/storage/ports/activity-log";

export type ActivityView = {
  id: string;
  kind: string;
  actor: { type: ActivityRecord["actor"]["type"]; id: string | null; label: string | null };
  summary: string;
  refs: Record<string, unknown>;
  before: unknown;
  after: unknown;
  createdAt: string;
};

export function toActivityView(record: ActivityRecord): ActivityView {
  return {
    id: record.id,
    kind: record.kind,
    actor: record.actor,
    summary: record.summary,
    refs: record.refs,
    before: record.before,
    after: record.after,
    createdAt: record.createdAt.toISOString(),
  };
}
