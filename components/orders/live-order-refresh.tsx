"use client";

import { useRouter } from "next/navigation";
import { useLiveRefresh } from "@/components/dashboard/use-live-refresh";

/** Re-renders the order page when this order or one of its payments changes. */
export function LiveOrderRefresh({ orderId }: { orderId: string }) {
  const router = useRouter();
  useLiveRefresh(
    () => router.refresh(),
    (payload) => payload.ids?.orderId === orderId,
  );
  return null;
}
