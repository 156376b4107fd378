import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { LimitFunction } from "p-limit";
import type { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import type { Auth } from "@/lib/auth/auth";
import type { SessionEntry } from "@/lib/auth/session-cache";
import type { CacheState } from "@/lib/cache/process-cache";
import type { LimitedAction } from "@/lib/http/limit-by-address";
import type { OutboundRuntime } from "@/lib/outbound/outbound-runtime";
import type { Poster } from "@/lib/outbound/post-to-endpoint";
import type { IoServer } from "@/lib/realtime/io-registry";
import type { DatabaseConnection } from "@/lib/storage/database/connect";
import type { Storage } from "@/lib/storage/ports";
import type { HourCounts } from "@/lib/storage/ports/delivery-stats";
import type { StorageChoice } from "@/lib/storage/select-storage";
import type { OpenTrace } from "@/lib/webhooks/ingest/delivery-trace";

// The process's services, in one place. server.ts and Next's bundle are two module graphs: they
// share no module instance, only globalThis. A module-level singleton therefore exists once per
// graph — two Redis clients, two caches, two single writers for one database — unless it is kept
// on globalThis. Rather than each module keeping a key of its own there, everything both graphs
// must share lives in this one typed object under one key, so what the process holds is listed in
// one place and a new singleton has an obvious home. A module of its own, in neither lib/server
// (boot and wiring) nor lib/storage (storage is one slot among many); it imports only types (and
// node:crypto), so loading it pulls no service's code into either graph.
//
// Each slot is read and written only by the module named beside it, which keeps its public
// functions (getRedis, getAuth, getIo, getStorage, …); the rest of the code calls those, not this.

/** One turn of a database's single writer (lib/storage/embedded/insert-batched.ts; its shape is declared here so that module exports nothing new). */
export type WriteTurn = { round: number; rank: number; seq: number; run: () => Promise<void> };

/** The single writer of one database (lib/storage/embedded/insert-batched.ts). */
export type WriteLane = {
  turns: WriteTurn[];
  round: number;
  // The rank of the turn the writer is on in the current round (-1 between rounds).
  rankNow: number;
  seq: number;
  draining: boolean;
};

export type Services = {
  // Opened at start by server.ts (lib/server/boot-services.ts, then the HTTP and Socket.IO servers).
  /** The mongoose connection (lib/storage/database/connect.ts). */
  database?: Promise<DatabaseConnection>;
  /** The storage adapter and why it was chosen (lib/storage/registry.ts). */
  storage?: { storage: Storage; choice: StorageChoice };
  /** One writer per database, keyed by its name (lib/storage/embedded/insert-batched.ts). */
  writeLanes: Map<string, WriteLane>;
  /** better-auth (lib/auth/auth.ts). */
  auth?: Auth;
  /** The outbound queue and worker (lib/outbound/outbound-runtime.ts). */
  outbound?: OutboundRuntime;
  /** Outbound POSTs on the HTTP threads, when the server runs them (lib/outbound/post-to-endpoint.ts). */
  poster?: Poster;
  /** The Socket.IO server (lib/realtime/io-registry.ts). */
  io?: IoServer;
  /** Where the HTTP server listens (lib/server/listen-address.ts). */
  listenAddress?: { host: string; port: number };

  // Created on first use.
  /** The shared Redis client; null when REDIS_URL is unset (lib/redis/get-redis.ts). */
  redis?: Redis | null;
  /** The inbound webhook rate limit (lib/webhooks/ingest/consume-rate-limit.ts). */
  webhookLimiter?: BurstyRateLimiter;
  /** Account actions' limits per client address (lib/http/limit-by-address.ts). */
  addressLimiters: Map<LimitedAction, RateLimiterMemory | RateLimiterRedis>;
  /** Bounds the outbound POSTs in flight (lib/outbound/attempt-delivery.ts). */
  outboundPosts?: LimitFunction;

  // State both graphs read and write.
  /** Who a session cookie belongs to, for a few seconds (lib/auth/session-cache.ts). */
  sessions: Map<string, SessionEntry>;
  /** Short-lived caches by name (lib/cache/process-cache.ts). */
  caches: Map<string, CacheState<unknown>>;
  /** Open test-webhook traces by id (lib/webhooks/ingest/delivery-trace.ts). */
  traces: Map<string, OpenTrace>;
  /** Delivery counts not yet added to the charts' counters, by tenant and hour (lib/insights/count-delivery.ts). */
  deliveryCounts: Map<string, { tenantId: string; hour: Date; counts: HourCounts }>;
  /** Events whose effects this process is writing, by journal entry (lib/webhooks/ingest/events-running-here.ts). */
  eventsRunning: Map<string, Promise<void>>;
  /** For each replay pass running here, when each event started running since it began (same module). */
  startWatches: Set<Map<string, number>>;
  /** This process among the servers on one database, drawn at start (lib/webhooks/ingest/events-running-here.ts). */
  processId: string;
};

const KEY = "__pulseboardServices";
const holder = globalThis as unknown as { [KEY]?: Services };

/** This process's services: the same object in server.ts's module graph and in Next's bundle. */
export function services(): Services {
  holder[KEY] ??= {
    writeLanes: new Map(),
    addressLimiters: new Map(),
    sessions: new Map(),
    caches: new Map(),
    traces: new Map(),
    eventsRunning: new Map(),
    startWatches: new Set(),
    deliveryCounts: new Map(),
    processId: randomUUID(),
  };
  return holder[KEY];
}
