import { io, type Socket } from "socket.io-client";
import {
  advanceMark,
  emptyMark,
  type FeedMark,
  markFromNewestPage,
  markToCursor,
  maxMark,
} from "@/lib/realtime/client/feed-mark";
import type { NotificationPayload } from "@/lib/realtime/events";
import type { Session } from "../../tests/support/http";
import { onCleanup } from "./stack";
import { getJson } from "./tenant";

// A tab's notification bell, in Node: a socket.io-client that joins the tenant's room and, like the
// browser's NotificationCenter (lib/realtime/client/notification-center.ts), catches up over REST
// (`GET /api/notifications?after=<mark>`) after a reconnection that was not recovered. What it has
// seen, live or caught up, is what a person watching would have seen.

type Item = { id: string; position: string };
type Page = { notifications: Item[]; nextCursor: string | null };

export class DrillInbox {
  private socket: Socket | null = null;
  /** Notification id → how it arrived. */
  readonly seen = new Map<string, "live" | "catch-up">();
  liveDuplicates = 0;
  /** The position the client had seen when it first loaded: what came before is not its to see. */
  initialMark: FeedMark = emptyMark;
  private mark: FeedMark | null = null;
  private joinedOnce = false;
  readonly reconnects: Array<{ at: number; recovered: boolean; joinedAfterMs: number; caughtUp: number }> = [];
  readonly errors: string[] = [];
  private disconnectedAt: number | null = null;
  private ready: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(
    readonly name: string,
    private readonly baseUrl: string,
    private readonly session: Session,
    private readonly reconnectionDelayMs: number,
  ) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    onCleanup(() => this.stop());
  }

  /** Connects, joins and loads the newest page; resolves once the client is watching. */
  start(): Promise<void> {
    const socket = io(this.baseUrl, {
      transports: ["websocket"],
      extraHeaders: { cookie: this.session.cookie },
      reconnectionDelay: this.reconnectionDelayMs,
      reconnectionDelayMax: this.reconnectionDelayMs,
      randomizationFactor: 0,
    });
    this.socket = socket;
    socket.on("connect", () => void this.onConnect(socket));
    socket.on("disconnect", (reason) => {
      this.disconnectedAt ??= Date.now();
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", (error) => this.errors.push(`connect_error: ${error.message}`));
    socket.on("new-notification", (payload: NotificationPayload) => {
      if (payload.tenantId !== this.session.tenantId) return;
      if (this.seen.has(payload.id)) this.liveDuplicates++;
      else this.seen.set(payload.id, "live");
      if (this.mark) this.mark = advanceMark(this.mark, payload.position);
    });
    return this.ready;
  }

  /** Drops the transport as a flaky network does; the socket reconnects by itself after its delay. */
  dropTransport(): void {
    this.socket?.io.engine.close();
  }

  connected(): boolean {
    return this.socket?.connected ?? false;
  }

  stop(): void {
    this.socket?.disconnect();
    this.socket = null;
  }

  private async onConnect(socket: Socket): Promise<void> {
    const joined = (await socket
      .timeout(10_000)
      .emitWithAck("join-tenant", this.session.tenantId)
      .catch((error: unknown) => {
        this.errors.push(`join-tenant: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      })) as { ok: boolean } | null;
    if (!joined?.ok) {
      if (joined) this.errors.push("join-tenant refused");
      // The browser retries after 3 s while connected.
      setTimeout(() => {
        if (socket === this.socket && socket.connected) void this.onConnect(socket);
      }, 3_000);
      return;
    }
    if (!this.joinedOnce) {
      this.joinedOnce = true;
      const page = await getJson<Page>(this.session, "/api/notifications?limit=20");
      this.initialMark = markFromNewestPage(
        page.notifications.map((n) => n.position),
        page.nextCursor,
      );
      this.mark = maxMark(this.mark ?? emptyMark, this.initialMark);
      this.markReady();
      return;
    }
    const at = this.disconnectedAt ?? Date.now();
    this.disconnectedAt = null;
    const reconnect = { at, recovered: socket.recovered, joinedAfterMs: Date.now() - at, caughtUp: 0 };
    this.reconnects.push(reconnect);
    // Connection-state recovery replayed what was missed; otherwise REST fills the gap.
    if (socket.recovered && this.mark) return;
    reconnect.caughtUp = await this.catchUp().catch((error: unknown) => {
      this.errors.push(`catch-up: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    });
  }

  private async catchUp(): Promise<number> {
    let after: string | null = markToCursor(this.mark ?? emptyMark);
    let caughtUp = 0;
    while (after) {
      const page: Page = await getJson<Page>(this.session, `/api/notifications?after=${encodeURIComponent(after)}&limit=100`);
      for (const item of page.notifications) {
        this.mark = advanceMark(this.mark ?? emptyMark, item.position);
        if (!this.seen.has(item.id)) {
          this.seen.set(item.id, "catch-up");
          caughtUp++;
        }
      }
      after = page.nextCursor;
    }
    return caughtUp;
  }
}
