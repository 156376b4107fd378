import { ArrowLeft, CircleDot, CreditCard, PackagePlus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveOrderRefresh } from "@/components/orders/live-order-refresh";
import { formatMoney, StatusBadge } from "@/components/orders/order-badges";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { DeliveryPayload } from "@/components/webhook-settings/delivery-payload";
import { getPageContext } from "@/lib/auth/get-page-context";
import { AppError } from "@/lib/errors";
import { getOrderDetail, type OrderDetail, type OrderTimelineEntry } from "@/lib/orders/get-order-detail";

export const metadata: Metadata = { title: "Order" };

const schemeText: Record<string, string> = { standard: "Standard Webhooks", hex: "X-Webhook-Signature", none: "Unsigned" };

const when = (iso: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }).format(new Date(iso));

async function load(tenantId: string, id: string): Promise<OrderDetail> {
  try {
    return await getOrderDetail(tenantId, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { current } = await getPageContext();
  if (!current) return null;
  const { id } = await params;
  const order = await load(current.tenantId, id);
  return (
    <>
      <LiveOrderRefresh orderId={order.id} />
      <Link href="/orders" className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
        <ArrowLeft aria-hidden className="size-4" /> Orders
      </Link>
      <PageHeader
        title={`Order ${order.orderNumber}`}
        description={`${order.customerName}${order.customerEmail ? ` · ${order.customerEmail}` : ""}`}
        actions={
          <div className="flex items-center gap-2" data-testid="order-status">
            <StatusBadge status={order.status} label="Order" />
            <StatusBadge status={order.paymentStatus} label="Payment" />
          </div>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="Items" description={`Total ${formatMoney(order.amount, order.currency)}`}>
            {order.items.length === 0 ? (
              <p className="text-sm text-slate-500">The platform sent no line items for this order.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {order.items.map((item) => (
                  <li
                    key={`${item.productId}-${item.productName}-${item.price}`}
                    className="flex items-baseline justify-between gap-3 py-2"
                  >
                    <span className="min-w-0">
                      <span className="font-medium text-slate-900">{item.productName}</span>{" "}
                      <span className="text-slate-500">× {item.quantity}</span>
                      <span className="block truncate text-xs text-slate-500">{item.productId}</span>
                    </span>
                    <span className="tabular-nums text-slate-700">{formatMoney(item.price * item.quantity, order.currency)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Payments">
            {order.payments.length === 0 ? (
              <p className="text-sm text-slate-500">No payment received for this order yet.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm" data-testid="order-payments">
                {order.payments.map((p) => (
                  <li key={`${p.paymentId}-${p.status}`} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span className="font-mono text-xs text-slate-700">{p.paymentId}</span>
                    <span className="flex items-center gap-3">
                      <span className="tabular-nums">{formatMoney(p.amount, order.currency)}</span>
                      <StatusBadge status={p.status} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {Object.keys(order.metadata).length > 0 ? (
            <Card title="Metadata">
              <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-2">
                {Object.entries(order.metadata).map(([key, value]) => (
                  <div key={key} className="min-w-0">
                    <dt className="text-xs text-slate-500">{key}</dt>
                    <dd className="truncate text-slate-800">{typeof value === "string" ? value : JSON.stringify(value)}</dd>
                  </div>
                ))}
              </dl>
            </Card>
          ) : null}
        </div>
        <Card title="Timeline" description="Times in UTC">
          <ol className="space-y-4" data-testid="order-timeline">
            {order.timeline.map((entry) => (
              <TimelineItem key={`${entry.kind}-${entry.at}-${entry.status}`} entry={entry} currency={order.currency} />
            ))}
          </ol>
        </Card>
        <Card
          id="order-deliveries"
          title="Deliveries"
          description="The requests that created this order and changed its status, as received."
        >
          {order.deliveries.length === 0 ? (
            <p className="text-sm text-slate-600">
              None kept: the delivery log keeps the newest requests. All of them are in{" "}
              <Link href="/settings/deliveries" className="font-medium text-indigo-700 underline">
                Settings → Deliveries
              </Link>
              .
            </p>
          ) : (
            <ol aria-label="Deliveries of this order" className="divide-y divide-slate-100">
              {order.deliveries.map((delivery) => (
                <li key={delivery.id} className="py-3 text-sm">
                  <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <span className="rounded bg-emerald-50 px-1.5 py-0.5 font-mono text-xs text-emerald-700 ring-1 ring-emerald-200">
                      {delivery.httpStatus}
                    </span>
                    <StatusBadge status={delivery.status} />
                    <span className="text-slate-600">
                      {delivery.source
                        ? `${delivery.source.type}${delivery.source.topic ? ` ${delivery.source.topic}` : ""}`
                        : (schemeText[delivery.scheme] ?? delivery.scheme)}
                    </span>
                    <time dateTime={delivery.receivedAt} className="text-slate-500">
                      {when(delivery.receivedAt)}
                    </time>
                  </p>
                  <p className="mt-1 break-all text-xs text-slate-600">delivery id {delivery.deliveryId}</p>
                  <DeliveryPayload headers={delivery.headers} body={delivery.bodyExcerpt} bodyBytes={delivery.bodyBytes} />
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}

function TimelineItem({ entry, currency }: { entry: OrderTimelineEntry; currency: string }) {
  const Icon = entry.kind === "created" ? PackagePlus : entry.kind === "payment" ? CreditCard : CircleDot;
  const text =
    entry.kind === "created"
      ? `Order received (${entry.status})`
      : entry.kind === "status"
        ? `Status ${entry.previousStatus} → ${entry.status}`
        : `Payment ${entry.paymentId} ${entry.status} · ${formatMoney(entry.amount, currency)}`;
  return (
    <li className="flex gap-3 text-sm">
      <Icon aria-hidden className="mt-0.5 size-4 shrink-0 text-indigo-500" />
      <div className="min-w-0">
        <p className="text-slate-900">{text}</p>
        <time dateTime={entry.at} className="text-xs text-slate-500">
          {when(entry.at)}
        </time>
      </div>
    </li>
  );
}
