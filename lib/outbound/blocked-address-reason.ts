import { BlockList, isIP } from "node:net";

// Where an outbound delivery may never connect (SSRF). Private and loopback ranges open up with
// OUTBOUND_ALLOW_PRIVATE (local development, tests); link-local and the cloud metadata addresses never do.

const always = new BlockList();
always.addSubnet("169.254.0.0", 16, "ipv4"); // link-local, incl. 169.254.169.254 metadata
always.addSubnet("0.0.0.0", 8, "ipv4"); // "this network"
always.addSubnet("224.0.0.0", 4, "ipv4"); // multicast
always.addSubnet("240.0.0.0", 4, "ipv4"); // reserved, broadcast
always.addSubnet("fe80::", 10, "ipv6"); // link-local
always.addSubnet("ff00::", 8, "ipv6"); // multicast
always.addAddress("::", "ipv6");
always.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6
// Site-local (deprecated by RFC 3879): still routed inside some networks, never a public receiver.
always.addSubnet("fec0::", 10, "ipv6");

const privateRanges = new BlockList();
privateRanges.addSubnet("127.0.0.0", 8, "ipv4");
privateRanges.addSubnet("10.0.0.0", 8, "ipv4");
privateRanges.addSubnet("172.16.0.0", 12, "ipv4");
privateRanges.addSubnet("192.168.0.0", 16, "ipv4");
privateRanges.addSubnet("100.64.0.0", 10, "ipv4"); // carrier-grade NAT
privateRanges.addSubnet("198.18.0.0", 15, "ipv4"); // benchmarking
privateRanges.addAddress("::1", "ipv6");
privateRanges.addSubnet("fc00::", 7, "ipv6"); // unique local

/** The 16 bytes of an IPv6 address in any spelling (`::`, a trailing dotted quad), or null. */
function ipv6Bytes(address: string): number[] | null {
  let text = address;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const groups = (part: string) => (part ? part.split(":").map((group) => Number.parseInt(group, 16)) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  if (all.length !== 8 || all.some((group) => !(group >= 0 && group <= 0xffff))) return null;
  return all.flatMap((group) => [group >> 8, group & 255]);
}

const startsWith = (bytes: number[], prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
const ZERO_96 = Array<number>(12).fill(0);
const MAPPED_96 = [...Array<number>(10).fill(0), 0xff, 0xff];
const NAT64_96 = [0x00, 0x64, 0xff, 0x9b, ...Array<number>(8).fill(0)];

type Judged = { address: string; family: "ipv4" | "ipv6"; nat64?: boolean } | { refused: string };

/**
 * IPv6 forms that carry an IPv4 address are judged as that address: IPv4-mapped (::ffff:10.0.0.1)
 * is how the socket reaches it. The well-known NAT64 prefix (64:ff9b::/96) reaches it through a
 * gateway whose own network we cannot see: refused like a private address (an IPv6-only
 * deployment opts in with OUTBOUND_ALLOW_PRIVATE), and a metadata address through it never.
 * IPv4-compatible addresses (::/96, deprecated by RFC 4291) are never a real receiver: refused
 * whatever they carry.
 */
function judge(ip: string): Judged {
  if (isIP(ip) === 4) return { address: ip, family: "ipv4" };
  const bytes = ipv6Bytes(ip);
  if (!bytes) return { address: ip, family: "ipv6" };
  const carried = bytes.slice(12).join(".");
  if (startsWith(bytes, MAPPED_96)) return { address: carried, family: "ipv4" };
  if (startsWith(bytes, NAT64_96)) return { address: carried, family: "ipv4", nat64: true };
  // `::` and `::1` are in ::/96 too: the lists below judge them.
  if (startsWith(bytes, ZERO_96) && carried !== "0.0.0.0" && carried !== "0.0.0.1")
    return { refused: "an IPv4-compatible address (deprecated)" };
  return { address: ip, family: "ipv6" };
}

/** Null when a delivery may connect to this IP address; otherwise what kind of address it is. */
export function blockedAddressReason(ip: string, allowPrivate: boolean): string | null {
  if (isIP(ip) === 0) return "not an IP address";
  const judged = judge(ip);
  if ("refused" in judged) return judged.refused;
  const { address, family } = judged;
  if (always.check(address, family)) return "a link-local, metadata or reserved address";
  if (judged.nat64 && !allowPrivate) return "a NAT64 address (64:ff9b::/96)";
  if (!allowPrivate && privateRanges.check(address, family)) return "a private or loopback address";
  return null;
}
