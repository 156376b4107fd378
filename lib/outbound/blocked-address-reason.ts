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

const privateRanges = new BlockList();
privateRanges.addSubnet("127.0.0.0", 8, "ipv4");
privateRanges.addSubnet("10.0.0.0", 8, "ipv4");
privateRanges.addSubnet("172.16.0.0", 12, "ipv4");
privateRanges.addSubnet("192.168.0.0", 16, "ipv4");
privateRanges.addSubnet("100.64.0.0", 10, "ipv4"); // carrier-grade NAT
privateRanges.addSubnet("198.18.0.0", 15, "ipv4"); // benchmarking
privateRanges.addAddress("::1", "ipv6");
privateRanges.addSubnet("fc00::", 7, "ipv6"); // unique local

/** IPv4-mapped / compatible IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries. */
function unwrap(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const mapped = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: "ipv4" };
  // The same written in hex, as URL parsing normalises it (::ffff:7f00:1).
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return { address: [high >> 8, high & 255, low >> 8, low & 255].join("."), family: "ipv4" };
  }
  return { address, family: isIP(address) === 6 ? "ipv6" : "ipv4" };
}

/** Null when a delivery may connect to this IP address; otherwise what kind of address it is. */
export function blockedAddressReason(ip: string, allowPrivate: boolean): string | null {
  if (isIP(ip) === 0) return "not an IP address";
  const { address, family } = unwrap(ip);
  if (always.check(address, family)) return "a link-local, metadata or reserved address";
  if (!allowPrivate && privateRanges.check(address, family)) return "a private or loopback address";
  return null;
}
