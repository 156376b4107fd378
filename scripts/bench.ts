import { parseArgs } from "node:util";
import type { SignatureScheme } from "@/lib/sender/build-signed-request";
import type { StorageKind } from "@/lib/storage/ports";
import { benchActivity } from "./bench/activity";
import { benchE2eLatency } from "./bench/e2e-latency";
import { benchFanout } from "./bench/fanout";
import { benchIdLookup } from "./bench/id-lookup";
import { benchInbox } from "./bench/inbox";
import { benchIngest } from "./bench/ingest";
import { benchOrdersList } from "./bench/orders-list";
import { benchOutbound } from "./bench/outbound";
import { benchTwoNodes } from "./bench/two-nodes";

// `npm run bench -- <name>`: benchmarks print ratios against a baseline measured in the same run.
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    n: { type: "string" },
    concurrency: { type: "string" },
    samples: { type: "string" },
    // The server's STORAGE for the benchmarks that start one and accept it (below); default embedded.
    storage: { type: "string" },
    // ingest only: also run the same number of a source's own deliveries (issue 14), e.g. shopify.
    source: { type: "string" },
    // fanout only: the socket counts, comma-separated.
    sockets: { type: "string" },
    // e2e-latency only: how the notifications are signed (hex, the default; standard adds a webhook-id).
    scheme: { type: "string" },
    // e2e-latency only: milliseconds of quiet after each sample, so the next one starts on a settled machine.
    gap: { type: "string" },
  },
});
const name = positionals[0];
const storageKinds: readonly StorageKind[] = ["embedded", "mongodb"];
const withStorage = ["ingest", "e2e-latency", "inbox", "orders-list"];
const storage = values.storage as StorageKind | undefined;
const benches: Record<string, () => Promise<unknown>> = {
  ingest: () =>
    benchIngest({
      n: Number(values.n ?? 2000),
      concurrency: Number(values.concurrency ?? 16),
      storage,
      source: values.source as "shopify" | "woocommerce" | undefined,
    }),
  inbox: () => benchInbox({ samples: Number(values.samples ?? 200), storage }),
  "id-lookup": () => benchIdLookup({ n: Number(values.n ?? 20000) }),
  "e2e-latency": () =>
    benchE2eLatency({
      n: Number(values.n ?? 1000),
      storage,
      scheme: values.scheme as SignatureScheme | undefined,
      gapMs: Number(values.gap ?? 0),
    }),
  activity: () => benchActivity({ n: Number(values.n ?? 100_000), samples: Number(values.samples ?? 20) }),
  "orders-list": () => benchOrdersList({ samples: Number(values.samples ?? 100), storage }),
  fanout: () =>
    benchFanout({
      counts: (values.sockets ?? "1000,5000").split(",").map(Number),
      samples: Number(values.samples ?? 30),
    }),
  "two-nodes": () =>
    benchTwoNodes({
      samples: Number(values.samples ?? 300),
      n: Number(values.n ?? 1000),
      concurrency: Number(values.concurrency ?? 16),
    }),
  outbound: () => benchOutbound({ n: Number(values.n ?? 2000), concurrency: Number(values.concurrency ?? 16) }),
};
const bench = name ? benches[name] : undefined;
if (!bench) {
  console.error(
    `Usage: npm run bench -- <${Object.keys(benches).join("|")}> [--n N] [--concurrency C] [--samples S] [--storage embedded|mongodb] [--source shopify|woocommerce] [--sockets 1000,5000] [--scheme hex|standard]`,
  );
  process.exit(2);
}
if (values.source !== undefined && (name !== "ingest" || !["shopify", "woocommerce"].includes(values.source))) {
  console.error("--source applies to ingest only, and takes shopify or woocommerce (the types whose deliveries become orders)");
  process.exit(2);
}
if (values.sockets !== undefined && (name !== "fanout" || !/^[1-9]\d{0,5}(,[1-9]\d{0,5})*$/.test(values.sockets))) {
  console.error("--sockets applies to fanout only, and takes socket counts separated by commas (1000,5000)");
  process.exit(2);
}
if (values.scheme !== undefined && (name !== "e2e-latency" || !["hex", "standard"].includes(values.scheme))) {
  console.error("--scheme applies to e2e-latency only, and takes hex or standard");
  process.exit(2);
}
if (storage !== undefined && !storageKinds.includes(storage)) {
  console.error(`--storage must be ${storageKinds.join(" or ")}, not ${JSON.stringify(storage)}`);
  process.exit(2);
}
if (storage !== undefined && !withStorage.includes(name as string)) {
  console.error(`--storage applies to ${withStorage.join(" and ")} only`);
  process.exit(2);
}
const result = await bench();
console.log(JSON.stringify(result, null, 2));
process.exit(0);
