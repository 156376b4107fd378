import Link from "next/link";
import { formatMoney, StatusBadge } from "@/components/orders/order-badges";

export type OrderRow = {
  id: string;
  orderNumber: string;
  customerName: string;
  customerEmail?: string | null;
  amount: number;
  currency: string;
  status: string;
  paymentStatus: string | null;
  createdAt: string;
  /** The orders list names where an order came from; the dashboard does not. */
  from?: string;
};

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * Orders as a table that narrows gracefully: on a phone the customer goes under the order number
 * and the payment, source and time columns are left out. Rows in `fresh` arrived since the last
 * look and are highlighted once.
 */
export function OrdersTable({
  orders,
  fresh,
  label,
  testId,
  rowTestId,
}: {
  orders: OrderRow[];
  fresh: ReadonlySet<string>;
  label?: string;
  testId: string;
  rowTestId: string;
}) {
  const showFrom = orders.some((order) => order.from !== undefined);
  const head = "px-4 py-2 font-medium";
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId} aria-label={label}>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className={`${head} sm:px-6`}>
              Order
            </th>
            <th scope="col" className={`hidden ${head} sm:table-cell`}>
              Customer
            </th>
            <th scope="col" className={`${head} text-right`}>
              Amount
            </th>
            <th scope="col" className={head}>
              Status
            </th>
            <th scope="col" className={`hidden ${head} md:table-cell`}>
              Payment
            </th>
            {showFrom ? (
              <th scope="col" className={`hidden ${head} xl:table-cell`}>
                From
              </th>
            ) : null}
            <th scope="col" className={`hidden ${head} lg:table-cell`}>
              Received
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {orders.map((order) => (
            <tr
              key={order.id}
              data-testid={rowTestId}
              className={`transition-colors hover:bg-slate-50 ${fresh.has(order.id) ? "animate-[pulse_1.5s_ease-out_1] bg-indigo-50/60" : ""}`}
            >
              <td className="px-4 py-2.5 sm:px-6">
                <Link href={`/orders/${order.id}`} className="font-medium text-indigo-700 hover:underline">
                  {order.orderNumber}
                </Link>
                <div className="text-xs text-slate-500 sm:hidden">{order.customerName}</div>
              </td>
              <td className="hidden px-4 py-2.5 text-slate-700 sm:table-cell">
                {order.customerName}
                {order.customerEmail ? <div className="text-xs text-slate-500">{order.customerEmail}</div> : null}
              </td>
              <td className="px-4 py-2.5 text-right tabular-nums text-slate-900">{formatMoney(order.amount, order.currency)}</td>
              <td className="px-4 py-2.5">
                <StatusBadge status={order.status} label="Order" />
              </td>
              <td className="hidden px-4 py-2.5 md:table-cell">
                <StatusBadge status={order.paymentStatus} label="Payment" />
              </td>
              {showFrom ? <td className="hidden px-4 py-2.5 text-slate-600 xl:table-cell">{order.from}</td> : null}
              <td className="hidden px-4 py-2.5 text-slate-500 lg:table-cell">
                <time dateTime={order.createdAt}>{dateTimeFormat.format(new Date(order.createdAt))}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
