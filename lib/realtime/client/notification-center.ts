import { io, type Socket } from "socket.io-client";
import {
  getPreferences,
  listNotifications,
  markAllRead as markAllReadRequest,
  type NotificationChange,
  type NotificationItem,
  updateNotification,
} from "@/lib/notifications/client/api";
import { defaultNotificationPreferences, type NotificationPreferences } from "@/lib/notifications/schemas";
import type {
  ClientToServerEvents,
  DashboardRefreshPayload,
  NotificationPayload,
  ServerToClientEvents,
} from "@/lib/realtime/events";
import {
  advanceMark,
  emptyMark,
  type FeedMark,
  markCovers,
  markFromCursor,
  markFromNewestPage,
  markToCursor,
  maxMark,
} from "./feed-mark";

// One per tab and tenant: the socket, the tab's copy of the inbox (what the bell shows) and the
// REST catch-up that makes a reconnecting tab whole again. Framework-free; React subscribes.

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

export type CenterSnapshot = {
  status: ConnectionStatus;
  /** Newest first, dismissed ones left out. */
  items: NotificationItem[];
  /** Exact, from the server; null until the first load. */
  unreadCount: number | null;
  loadError: string | null;
  /** When the server was last heard from (any packet, its heartbeat included); null before the first. */
  lastHeardAt: number | null;
};

export type CenterEvent =
  | { kind: "live"; notification: NotificationItem }
  | { kind: "caught-up"; notifications: NotificationItem[] }
  | { kind: "updated"; id: string; isRead: boolean; isDismissed: boolean; snoozedUntil: string | null }
  | { kind: "marked-read" }
  /** Orders or payments changed: live views (dashboard, order page) refetch. */
  | { kind: "dashboard-refresh"; payload: DashboardRefreshPayload }
  /** Joined the tenant's room again after a drop: live views refetch what they may have missed. */
  | { kind: "rejoined" }
  /** A snoozed notification's time came: lists that hid it refetch. */
  | { kind: "woke" };

const BELL_PAGE = 20;
const CATCH_UP_PAGE = 100;
const KEEP = 200; // a tab's memory stays bounded however long it stays open

const byNewest = (a: NotificationItem, b: NotificationItem) =>
  b.createdAt.localeCompare(a.createdAt) || b.position.localeCompare(a.position, "en", { numeric: true });

export class NotificationCenter {
  private readonly items = new Map<string, NotificationItem>();
  private snapshot: CenterSnapshot = { status: "connecting", items: [], unreadCount: null, loadError: null, lastHeardAt: null };
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: CenterEvent) => void>();
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private mark: FeedMark | null = null; // null until the first load: nothing to catch up from yet
  private liveMark: FeedMark = emptyMark; // positions pushed while a load is in flight
  // Pushed while a load is in flight: the load's unread count may have been taken before them.
  private readonly liveDuringSync = new Set<string>();
  private syncing = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private wake: ReturnType<typeof setTimeout> | null = null;
  private wakeAt: number | null = null;
  /** The server's word on when the member's first snoozed notification wakes (the tab may hold none of them). */
  private serverWakeAt: number | null = null;
  private stopped = false;
  private joinedOnce = false;
  private heardAt: number | null = null;
  /** From a drop until the tab has joined again: what arrived (a recovered connection's replay), for one summary. */
  private replayed: NotificationItem[] | null = null;
  /**
   * The read-state version of the newest count the server gave. Changes made side by side (a bulk
   * action) answer, and are pushed back, in any order: a count from an older version is stale.
   */
  private countVersion = -1;
  /** The member's own choices for toasts and sound (Settings → Notifications); defaults until loaded. */
  preferences: NotificationPreferences = defaultNotificationPreferences;

  constructor(readonly tenantId: string) {}

  getSnapshot = () => this.snapshot;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  onEvent(listener: (event: CenterEvent) => void) {
    this.eventListeners.add(listener);
    return () => {
      this.eventListeners.delete(listener);
    };
  }

  start() {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: "/socket.io",
      // WebSocket first: one connection, so a server of several processes (WEB_CONCURRENCY) needs no
      // sticky sessions; long-polling only where WebSocket fails (docs/deploy.md).
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    // The server's heartbeat (lib/realtime/create-socket-server.ts) arrives every few seconds: when it
    // stops, Engine.IO closes the connection and the indicator leaves "Live". Kept for the indicator's
    // "last heard", published when the status changes rather than at every ping.
    socket.io.on("ping", () => {
      this.heardAt = Date.now();
    });
    socket.io.on("packet", () => {
      this.heardAt = Date.now();
    });
    socket.on("connect", () => void this.onConnect(socket));
    getPreferences(this.tenantId).then(
      ({ preferences }) => {
        this.preferences = preferences;
      },
      () => undefined, // the defaults stand until the next page load
    );
    socket.on("disconnect", (reason) => {
      // Until the tab has joined again, what arrives is what it missed: a recovered connection's
      // replay comes first (socket.io hands it over even before "connect"). News as one summary,
      // like a REST catch-up, not as a toast each.
      if (this.joinedOnce) this.replayed ??= [];
      this.setStatus(navigator.onLine ? "reconnecting" : "offline");
      // A server that shuts down says goodbye ("io server disconnect"), after which socket.io
      // would stay down for good; a restart is exactly when we want to come back.
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", () => {
      // Inactive after a connect_error means the server refused us (signed out): retrying is pointless.
      this.setStatus(socket.active && navigator.onLine ? "reconnecting" : "offline");
    });
    socket.on("new-notification", (payload) => this.onLive(socket, payload));
    socket.on("dashboard-refresh", (payload) => {
      if (payload.tenantId === this.tenantId) this.emit({ kind: "dashboard-refresh", payload });
    });
    socket.on("notification-updated", (update) => {
      if (update.tenantId !== this.tenantId) return;
      const snoozedUntil = update.snoozedUntil ?? null;
      this.serverWakeAt = update.nextWakeAt ? Date.parse(update.nextWakeAt) : null;
      this.patchItem(update.id, { isRead: update.isRead, isDismissed: update.isDismissed, snoozedUntil });
      this.publishCount(update.unreadCount, update.readVersion);
      this.emit({ kind: "updated", id: update.id, isRead: update.isRead, isDismissed: update.isDismissed, snoozedUntil });
    });
    socket.on("notification-preferences-updated", (update) => {
      if (update.tenantId === this.tenantId) this.preferences = update.preferences;
    });
    socket.on("notifications-marked-read", (update) => {
      if (update.tenantId !== this.tenantId) return;
      this.markAllLocally();
      this.publishCount(update.unreadCount, update.readVersion);
      this.emit({ kind: "marked-read" });
    });
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
  }

  stop() {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.wake) clearTimeout(this.wake);
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    this.socket?.emit("leave-tenant", this.tenantId);
    this.socket?.disconnect();
    this.socket = null;
  }

  async markRead(id: string, isRead = true) {
    await this.change(id, { isRead });
  }

  /** Hides it until `until` (then it is back, unread), or with null wakes it now. */
  async snooze(id: string, until: Date | null) {
    await this.change(id, { snoozedUntil: until ? until.toISOString() : null });
  }

  /** Archives (dismisses) it, or with `false` brings it back from the archive. */
  async dismiss(id: string, isDismissed = true) {
    await this.change(id, { isDismissed });
  }

  async markAllRead() {
    const before = this.snapshot.unreadCount;
    this.markAllLocally();
    this.publish({ unreadCount: 0 });
    try {
      const result = await markAllReadRequest(this.tenantId);
      this.publishCount(result.unreadCount, result.readVersion);
    } catch (error) {
      this.publish({ unreadCount: before });
      throw error;
    }
  }

  private onOnline = () => {
    // A socket that outlived the outage is live again at once; otherwise it is on its way back.
    if (this.socket?.connected && this.joinedOnce) this.setStatus("connected");
    else if (this.snapshot.status === "offline") this.setStatus("reconnecting");
    if (this.socket && !this.socket.connected && !this.socket.active) this.socket.connect();
  };

  // The browser knows before the socket does (which waits for the next missed heartbeat).
  private onOffline = () => {
    this.setStatus("offline");
  };

  private async onConnect(socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
    const joined = await socket
      .timeout(5_000)
      .emitWithAck("join-tenant", this.tenantId)
      .catch(() => null);
    if (this.stopped || socket !== this.socket || !socket.connected) return;
    if (!joined?.ok) {
      this.flushReplayed();
      // Not a member (removed while the page was open) or no answer: say so rather than pretend.
      this.setStatus("offline");
      if (!joined) this.scheduleRetry(() => void this.onConnect(socket));
      return;
    }
    const wasJoined = this.joinedOnce;
    this.joinedOnce = true;
    this.setStatus("connected");
    if (wasJoined) this.emit({ kind: "rejoined" });
    // Connection-state recovery replayed what we missed; otherwise REST fills the gap (and its
    // summary counts whatever arrived meanwhile).
    if (socket.recovered && this.mark) {
      this.flushReplayed();
      return;
    }
    await this.sync();
    this.flushReplayed();
  }

  private onLive(socket: Socket<ServerToClientEvents, ClientToServerEvents>, payload: NotificationPayload) {
    if (payload.tenantId !== this.tenantId) return;
    socket.emit("notification-received", payload.id);
    if (this.syncing > 0 || !this.mark) {
      this.liveMark = advanceMark(this.liveMark, payload.position);
      this.liveDuringSync.add(payload.position);
    } else this.mark = advanceMark(this.mark, payload.position);
    if (this.items.has(payload.id)) return;
    const item: NotificationItem = { ...payload, isRead: false, isDismissed: false };
    this.items.set(item.id, item);
    this.publish({ unreadCount: this.snapshot.unreadCount === null ? null : this.snapshot.unreadCount + 1 });
    if (this.replayed) this.replayed.push(item);
    else this.emit({ kind: "live", notification: item });
  }

  /** The first load, or — after a connection that was not recovered — the catch-up. */
  private async sync() {
    this.syncing += 1;
    try {
      if (this.mark) await this.catchUp(this.mark);
      const page = await listNotifications(this.tenantId, { limit: BELL_PAGE });
      // Refreshes read/dismissed state that changed in other tabs while we were away.
      for (const item of page.notifications) this.items.set(item.id, item);
      const seen = markFromNewestPage(
        page.notifications.map((n) => n.position),
        page.nextCursor,
      );
      // A push the server had not yet stored when it counted is unread on top of its count.
      const uncounted = [...this.liveDuringSync].filter((position) => !markCovers(seen, position)).length;
      this.liveDuringSync.clear();
      this.mark = maxMark(maxMark(this.mark ?? seen, seen), this.liveMark);
      this.serverWakeAt = page.nextWakeAt ? Date.parse(page.nextWakeAt) : null;
      this.publishCount(page.unreadCount + uncounted, page.readVersion, { loadError: null });
    } catch (error) {
      this.publish({ loadError: error instanceof Error ? error.message : "Could not load notifications" });
      this.scheduleRetry(() => void this.sync());
    } finally {
      this.syncing -= 1;
    }
  }

  private async catchUp(from: FeedMark) {
    const missed: NotificationItem[] = this.replayed ?? [];
    this.replayed = null;
    let after: string | null = markToCursor(from);
    let reached = from;
    while (after) {
      const page = await listNotifications(this.tenantId, { after, limit: CATCH_UP_PAGE });
      for (const item of page.notifications) {
        reached = advanceMark(reached, item.position);
        if (!this.items.has(item.id)) missed.push(item);
        this.items.set(item.id, item);
      }
      if (page.nextCursor) reached = maxMark(reached, markFromCursor(page.nextCursor));
      after = page.nextCursor;
    }
    this.mark = maxMark(reached, this.liveMark);
    this.publish({});
    if (missed.length > 0) this.emit({ kind: "caught-up", notifications: missed });
  }

  private scheduleRetry(run: () => void) {
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped && this.socket?.connected) run();
    }, 3_000);
  }

  private async change(id: string, change: NotificationChange) {
    const previous = this.items.get(id);
    this.patchItem(id, change);
    if (previous && change.isRead !== undefined && previous.isRead !== change.isRead && this.snapshot.unreadCount !== null) {
      this.publish({ unreadCount: Math.max(0, this.snapshot.unreadCount + (change.isRead ? -1 : 1)) });
    }
    try {
      const result = await updateNotification(this.tenantId, id, change);
      this.items.set(id, { ...result.notification });
      this.serverWakeAt = result.nextWakeAt ? Date.parse(result.nextWakeAt) : null;
      this.publishCount(result.unreadCount, result.readVersion);
    } catch (error) {
      if (previous) this.items.set(id, previous);
      this.publish({});
      throw error;
    }
  }

  private patchItem(id: string, change: NotificationChange) {
    const item = this.items.get(id);
    if (item) {
      const { snoozedUntil, ...rest } = change;
      const next: NotificationItem = { ...item, ...rest };
      if (snoozedUntil) next.snoozedUntil = snoozedUntil;
      else if (snoozedUntil === null) delete next.snoozedUntil;
      this.items.set(id, next);
    }
    this.publish({});
  }

  private markAllLocally() {
    for (const [id, item] of this.items) if (!item.isRead) this.items.set(id, { ...item, isRead: true });
  }

  private flushReplayed() {
    const replayed = this.replayed;
    this.replayed = null;
    if (replayed?.length) this.emit({ kind: "caught-up", notifications: replayed });
  }

  private setStatus(status: ConnectionStatus) {
    if (this.snapshot.status !== status) this.publish({ status, lastHeardAt: this.heardAt });
  }

  /** The server's unread count, unless a newer read state's count came first. */
  private publishCount(unreadCount: number, readVersion: number, change: Partial<CenterSnapshot> = {}) {
    if (readVersion < this.countVersion) return this.publish(change);
    this.countVersion = readVersion;
    this.publish({ ...change, unreadCount });
  }

  private publish(change: Partial<CenterSnapshot>) {
    const all = [...this.items.values()].sort(byNewest);
    for (const stale of all.slice(KEEP)) this.items.delete(stale.id);
    const now = Date.now();
    const asleep = (item: NotificationItem) => item.snoozedUntil !== undefined && Date.parse(item.snoozedUntil) > now;
    const items = all.slice(0, KEEP).filter((item) => !item.isDismissed && !asleep(item));
    this.scheduleWake(all.filter(asleep));
    this.snapshot = { ...this.snapshot, ...change, items };
    for (const listener of this.listeners) listener();
  }

  /**
   * When the first snoozed notification wakes, the tab asks the server again: the count (which the
   * server computes with its clock) and the bell take it back, unread. The server says when that is
   * (a reloaded tab holds no snoozed notification); a little after, for clocks that differ a bit.
   */
  private scheduleWake(sleeping: NotificationItem[]) {
    const next = Math.min(
      ...sleeping.map((item) => Date.parse(item.snoozedUntil as string)),
      this.serverWakeAt ?? Number.POSITIVE_INFINITY,
    );
    if (this.wakeAt === next) return;
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    this.wakeAt = Number.isFinite(next) ? next : null;
    if (this.wakeAt === null) return;
    // setTimeout's limit is about 24.8 days; a later wake is re-planned when that one fires.
    this.wake = setTimeout(
      () => {
        this.wake = null;
        this.wakeAt = null;
        this.serverWakeAt = null;
        if (this.stopped) return;
        this.emit({ kind: "woke" });
        void this.sync();
      },
      Math.min(Math.max(0, next - Date.now()) + 500, 2 ** 31 - 1),
    );
  }

  private emit(event: CenterEvent) {
    for (const listener of this.eventListeners) listener(event);
  }
}
