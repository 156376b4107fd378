import { RECENT_REJECTIONS, recentRejectionsCollection } from "@/models/rejected-delivery";

export type RejectedDeliveryView = {
  id: string;
  kind: string | null;
  reason: string;
  status: number;
  message: string;
  headers: Record<string, string>;
  bodyExcerpt: string;
  bodyBytes: number;
  receivedAt: string;
};

type Stored = Omit<RejectedDeliveryView, "id" | "receivedAt"> & { _id: unknown; receivedAt: Date };

export function toRejectedDeliveryView(doc: Stored): RejectedDeliveryView {
  return {
    id: String(doc._id),
    kind: doc.kind ?? null,
    reason: doc.reason,
    status: doc.status,
    message: doc.message,
    headers: doc.headers ?? {},
    bodyExcerpt: doc.bodyExcerpt ?? "",
    bodyBytes: doc.bodyBytes ?? 0,
    receivedAt: new Date(doc.receivedAt).toISOString(),
  };
}

/** The tenant's newest refused deliveries, newest first (the deliveries debugger). */
export async function listRejectedDeliveries(tenantId: string): Promise<RejectedDeliveryView[]> {
  const docs = (await recentRejectionsCollection(tenantId).find({}).toArray()) as unknown as Stored[];
  return (
    docs
      // Same millisecond: the later ObjectId (a per-process counter) first.
      .sort(
        (a, b) =>
          new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime() || String(b._id).localeCompare(String(a._id)),
      )
      .slice(0, RECENT_REJECTIONS)
      .map(toRejectedDeliveryView)
  );
}
