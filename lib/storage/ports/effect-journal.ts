import type { SourceDeliveryInfo } from "@/lib/storage/ports/delivery-log";
import type { DeliveryScheme, WebhookKind } from "@/lib/webhooks/schemas";

// The journal of accepted webhook events whose effects (notification, activity entry, delivery
// record, dashboard fact, payment linking, live push, outbound event) are not all stored yet
// (docs/reliability.md). An entry is written before the event's record, so that whatever the
// record says was accepted has its entry until every effect is stored; a restarted server replays
// what is left, and so does a platform's retry of an event whose entry is still open.

export type NewJournalEntry = {
  /** The event's identity across a platform's retries: its delivery id, or its domain key. */
  eventKey: string;
  kind: WebhookKind;
  /** The validated webhook body: replaying it recomputes every effect. */
  input: unknown;
  deliveryId: string | null;
  scheme: DeliveryScheme;
  headers: Record<string, string>;
  rawBody: string;
  /** Set for a delivery to a source's URL: its delivery record names the source. */
  source?: SourceDeliveryInfo;
  /**
   * The server process that opened it (an id drawn at its start): a replay pass takes the entries
   * its own process left unfinished at once, another process's only once they are old enough not
   * to be in flight there. Absent on entries written before it existed.
   */
  openedBy?: string;
};

export type JournalEntry = NewJournalEntry & {
  /** Derived from the tenant and `eventKey`: the same event opens the same entry. */
  id: string;
  tenantId: string;
  openedAt: Date;
};

export type OpenedEntry = { opened: boolean; entry: JournalEntry; durable: Promise<void> };

export interface EffectJournalPort {
  /**
   * Records the event's effects as due. Resolves once the entry outlives this process (the event's
   * record may be written from then on); `durable` settles once it outlives the machine (a journal
   * in the database: the same moment), and an answer waits for it. `opened` false when the entry
   * was already open (a retry of an event whose effects are unfinished): `entry` is that one.
   */
  open(tenantId: string, entry: NewJournalEntry): Promise<OpenedEntry>;
  /** Every effect of the event is stored: the entry goes. Closing a closed entry does nothing. */
  close(tenantId: string, id: string): Promise<void>;
  /**
   * Upkeep, across tenants (the one method without a tenant: it is how a restarted server finds
   * what to replay; each entry names its tenant): entries opened before `before`, oldest first;
   * with `from`, only those opened at or after it (the next page).
   */
  listDue(before: Date, limit: number, from?: Date): Promise<JournalEntry[]>;
}
