import { createHash } from "node:crypto";

// A set that answers "certainly not added" or "maybe added", in about 1.2 bytes per key (one
// false "maybe" in a hundred). Written here rather than taken from npm: the maintained package
// (bloom-filters) brings lodash, a global Reflect polyfill and a hash in JavaScript for what
// node:crypto's md5 and a bit array do. It grows by layers: when the newest is full, another
// starts, so it never needs its final size up front (the rate of false answers adds up by layer).

const LAYER_BITS = 2 ** 22; // 512 KiB
const HASHES = 7;
// Keys per layer for about 1 % false "maybe" with 7 hashes: bits / 9.6.
const LAYER_KEYS = Math.floor(LAYER_BITS / 9.6);

type Layer = { bits: Uint8Array; count: number };
// What a snapshot's bits mean: a filter with another hash, number of hashes or layer size must not
// read them (it would call added keys new).
const FORMAT = `md5-double-hash/k${HASHES}/${LAYER_BITS}-bit layers`;
export type BloomSnapshot = { version: 1; format: string; layers: Array<{ count: number; bits: string }> };

export type BloomFilter = {
  /** Adds `key`; whether it may have been added before (`mayHave` as it was, from one hash). */
  add(key: string): boolean;
  /** False: `key` was certainly never added. True: it may have been. */
  mayHave(key: string): boolean;
  /** Keys added (counting repeats). */
  readonly size: number;
  snapshot(): BloomSnapshot;
};

function positions(key: string): number[] {
  const digest = createHash("md5").update(key).digest();
  const h1 = digest.readUInt32LE(0);
  // Odd, so the steps visit distinct bits of the power-of-two layer.
  const h2 = (digest.readUInt32LE(4) | 1) >>> 0;
  return Array.from({ length: HASHES }, (_, i) => (h1 + i * h2) % LAYER_BITS);
}

const isSet = (layer: Layer, at: number) => ((layer.bits[at >> 3] as number) & (1 << (at & 7))) !== 0;

/** An empty filter, or one restored from `snapshot` (throws when it is not one of this filter's). */
export function createBloomFilter(snapshot?: BloomSnapshot): BloomFilter {
  const layers: Layer[] = [];
  if (snapshot !== undefined) {
    if (snapshot?.version !== 1 || snapshot.format !== FORMAT || !Array.isArray(snapshot.layers))
      throw new Error("not a snapshot of this filter");
    for (const layer of snapshot.layers) {
      const bits = typeof layer?.bits === "string" ? new Uint8Array(Buffer.from(layer.bits, "base64")) : null;
      if (!bits || bits.length !== LAYER_BITS / 8 || !Number.isInteger(layer.count) || layer.count < 0)
        throw new Error("not a snapshot of this filter");
      layers.push({ bits, count: layer.count });
    }
  }
  const has = (at: number[]) => layers.some((layer) => at.every((bit) => isSet(layer, bit)));
  return {
    add(key) {
      const at = positions(key);
      const before = has(at);
      let layer = layers.at(-1);
      if (!layer || layer.count >= LAYER_KEYS) {
        layer = { bits: new Uint8Array(LAYER_BITS / 8), count: 0 };
        layers.push(layer);
      }
      for (const bit of at) layer.bits[bit >> 3] = (layer.bits[bit >> 3] as number) | (1 << (bit & 7));
      layer.count += 1;
      return before;
    },
    mayHave(key) {
      return has(positions(key));
    },
    get size() {
      return layers.reduce((sum, layer) => sum + layer.count, 0);
    },
    snapshot() {
      return {
        version: 1,
        format: FORMAT,
        layers: layers.map((layer) => ({ count: layer.count, bits: Buffer.from(layer.bits).toString("base64") })),
      };
    },
  };
}
