import type { StoredActivity } from "@/lib/activity/streams";

export type ActivityView = {
  id: string;
  kind: string;
  actor: { type: StoredActivity["actor"]["type"]; id: string | null; label: string | null };
  summary: string;
  refs: Record<string, unknown>;
  before: unknown;
  after: unknown;
  createdAt: string;
};

export function toActivityView(doc: StoredActivity): ActivityView {
  return {
    id: String(doc.entryId ?? doc._id),
    kind: doc.kind,
    actor: { type: doc.actor.type, id: doc.actor.id ?? null, label: doc.actor.label ?? null },
    summary: doc.summary,
    refs: doc.refs ?? {},
    before: doc.before ?? null,
    after: doc.after ?? null,
    createdAt: new Date(doc.createdAt).toISOString(),
  };
}
