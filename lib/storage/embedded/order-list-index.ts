import type { Collection } from "mongodb";
import { getLogger } from "@/lib/logger";
import { LIST_PROJECTION, type ListedDoc, type OrderDoc, orderDocument } from "@/lib/storage/common/order-document";
import { matchesSearch, orderKeywords } from "@/lib/storage/common/order-keywords";
import type { OrderListItem, OrderListQuery } from "@/lib/storage/ports/orders";

// The embedded adapter's orders list. FerretDB v1 reads the whole `orders` collection (every
// tenant's) for any query but one by `_id`, so a filtered page at 100k orders cannot come from a
// query. Instead a tenant's list rows live in this process, read once from the database at the
// first list and kept current by this adapter's own writes: the embedded adapter is single-node
// by design (docs/architecture.md), so every write to a tenant's orders passes here. A tenant's
// rows are dropped after IDLE_MS without a list, and read again at the next one.

const IDLE_MS = 15 * 60_000;

type Row = OrderListItem & { keywords: string[] };
type Change = (rows: TenantRows) => void;
type TenantRows = {
  /** Oldest first (createdAt, then id), so a new order is usually appended. */
  rows: Row[];
  byId: Map<string, Row>;
  /** Search: the rows of each keyword, the keywords sorted (a prefix is a range), and those added since. */
  byKeyword: Map<string, Row[]>;
  sortedKeywords: string[];
  newKeywords: string[];
  /** Writes seen while the first read runs, applied over what it read, in order. */
  early: Change[] | null;
  ready: Promise<void>;
  usedAt: number;
};

const compareKeys = (at: number, id: string, b: Row) => at - b.createdAt.getTime() || (id < b.id ? -1 : id > b.id ? 1 : 0);
const newer = (a: Row, b: Row) => compareKeys(a.createdAt.getTime(), a.id, b);

/** How many rows come before the key (createdAt, id): the position of the first row at or after it. */
function rowsBefore(rows: Row[], at: number, id: string): number {
  let [low, high] = [0, rows.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKeys(at, id, rows[mid] as Row) > 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function rowOf(doc: ListedDoc & { keywords?: string[] }): Row {
  const item = orderDocument.toListItem(doc);
  return { ...item, keywords: doc.keywords?.length ? doc.keywords : orderKeywords({ ...item, metadata: doc.metadata }) };
}

// New keywords are sorted into the rest once this many have come.
const KEYWORD_MERGE = 2000;

function indexKeywords(state: TenantRows, row: Row): void {
  for (const keyword of row.keywords) {
    const rows = state.byKeyword.get(keyword);
    if (rows) rows.push(row);
    else {
      state.byKeyword.set(keyword, [row]);
      state.newKeywords.push(keyword);
    }
  }
}

/** Sorts the keywords added since into the rest, by one merge: done by a search, never on the ingest path. */
function mergeKeywords(state: TenantRows): void {
  if (state.newKeywords.length < KEYWORD_MERGE) return;
  const [sorted, added] = [state.sortedKeywords, state.newKeywords.sort()];
  const merged: string[] = new Array(sorted.length + added.length);
  let [i, j, k] = [0, 0, 0];
  while (i < sorted.length && j < added.length)
    merged[k++] = (sorted[i] as string) <= (added[j] as string) ? (sorted[i++] as string) : (added[j++] as string);
  while (i < sorted.length) merged[k++] = sorted[i++] as string;
  while (j < added.length) merged[k++] = added[j++] as string;
  state.sortedKeywords = merged;
  state.newKeywords = [];
}

/**
 * The rows one of whose keywords begins with `word`, or null when they are too many to be worth
 * it (a scan of the list in order is then as quick): a prefix is a range of the sorted keywords.
 */
function rowsWithPrefix(state: TenantRows, word: string, most: number): Set<Row> | null {
  mergeKeywords(state);
  const found = new Set<Row>();
  const take = (keyword: string) => {
    for (const row of state.byKeyword.get(keyword) ?? []) found.add(row);
    return found.size <= most;
  };
  const sorted = state.sortedKeywords;
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as string) < word) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < sorted.length && (sorted[i] as string).startsWith(word); i++) if (!take(sorted[i] as string)) return null;
  for (const keyword of state.newKeywords) if (keyword.startsWith(word) && !take(keyword)) return null;
  return found;
}

function insertRow(state: TenantRows, row: Row): void {
  if (state.byId.has(row.id)) return;
  state.byId.set(row.id, row);
  indexKeywords(state, row);
  const { rows } = state;
  let at = rows.length;
  while (at > 0 && newer(rows[at - 1] as Row, row) > 0) at--;
  rows.splice(at, 0, row);
}

export function createOrderListIndex(orders: Collection<OrderDoc>) {
  const tenants = new Map<string, TenantRows>();

  function load(tenantId: string, tenant: OrderDoc["tenantId"]): TenantRows {
    const state: TenantRows = {
      rows: [],
      byId: new Map(),
      byKeyword: new Map(),
      sortedKeywords: [],
      newKeywords: [],
      early: [],
      ready: Promise.resolve(),
      usedAt: Date.now(),
    };
    state.ready = orders
      .find({ tenantId: tenant }, { projection: { ...LIST_PROJECTION, keywords: 1 } })
      .toArray()
      .then((docs) => {
        state.rows = docs.map((doc) => rowOf(doc)).sort(newer);
        state.byId = new Map(state.rows.map((row) => [row.id, row]));
        for (const row of state.rows) indexKeywords(state, row);
        state.sortedKeywords = state.newKeywords.sort();
        state.newKeywords = [];
        for (const change of state.early ?? []) change(state);
        state.early = null;
      })
      .catch((error: unknown) => {
        tenants.delete(tenantId);
        throw error;
      });
    tenants.set(tenantId, state);
    return state;
  }

  /** A write to a tenant whose rows are held (or being read): applied now, or once the read is done. */
  function apply(tenantId: string, change: Change): void {
    const state = tenants.get(tenantId);
    if (!state) return;
    if (state.early) state.early.push(change);
    else change(state);
  }

  function sweep(now: number): void {
    for (const [tenantId, state] of tenants) if (!state.early && now - state.usedAt > IDLE_MS) tenants.delete(tenantId);
  }
  // Also when nobody lists any more: held rows are otherwise kept current by every write.
  setInterval(() => sweep(Date.now()), 60_000).unref();

  return {
    async list(tenantId: string, tenant: OrderDoc["tenantId"], query: OrderListQuery) {
      const now = Date.now();
      sweep(now);
      const state = tenants.get(tenantId) ?? load(tenantId, tenant);
      state.usedAt = now;
      await state.ready;
      const search = query.search ?? [];
      const from = query.from?.getTime() ?? Number.NEGATIVE_INFINITY;
      const to = query.to?.getTime() ?? Number.POSITIVE_INFINITY;
      const paymentStatus = query.paymentStatus === "none" ? null : query.paymentStatus;
      const sourceId = query.sourceId === "direct" ? null : query.sourceId;
      // Newest first from the cursor's row (or the end of the range): found by halving, not by walking.
      const start = Math.min(
        query.before ? rowsBefore(state.rows, query.before.createdAt.getTime(), query.before.id) : state.rows.length,
        // Past every id of the `to` millisecond: "~" sorts after any hex digit.
        Number.isFinite(to) ? rowsBefore(state.rows, to, "~") : state.rows.length,
      );
      const matches = (row: Row) =>
        (!query.status || row.status === query.status) &&
        (paymentStatus === undefined || row.paymentStatus === paymentStatus) &&
        (sourceId === undefined || row.sourceId === sourceId) &&
        (search.length === 0 || matchesSearch(row.keywords, search));
      const page = (rows: Iterable<Row>) => {
        const found: OrderListItem[] = [];
        for (const row of rows) {
          if (!matches(row)) continue;
          if (found.length === query.limit) return { orders: found, more: true };
          const { keywords: _keywords, ...item } = row;
          found.push(item);
        }
        return { orders: found, more: false };
      };
      // A search by a rare word (an order number, a name) reads the rows that word begins, not the list.
      const longest = search.reduce((a, b) => (b.length > a.length ? b : a), "");
      const candidates = longest ? rowsWithPrefix(state, longest, Math.max(500, state.rows.length >> 4)) : null;
      if (candidates) {
        const end = state.rows[start - 1];
        if (!end) return { orders: [], more: false };
        const inRange = [...candidates]
          .filter((row) => row.createdAt.getTime() >= from && newer(row, end) <= 0)
          .sort((a, b) => newer(b, a));
        return page(inRange);
      }
      return page(
        (function* newestFirst() {
          for (let i = start - 1; i >= 0; i--) {
            const row = state.rows[i] as Row;
            if (row.createdAt.getTime() < from) return;
            yield row;
          }
        })(),
      );
    },

    added(tenantId: string, doc: OrderDoc): void {
      apply(tenantId, (state) => insertRow(state, rowOf(doc)));
    },

    changed(tenantId: string, orderId: string, change: Partial<Pick<OrderListItem, "status" | "paymentStatus">>): void {
      apply(tenantId, (state) => {
        const row = state.byId.get(orderId);
        if (row) Object.assign(row, change);
        else getLogger().debug({ tenantId, orderId }, "an order changed that the list does not hold");
      });
    },
  };
}
