import { describe, expect, it } from "vitest";
import { blockedAddressReason } from "@/lib/outbound/blocked-address-reason";

// Which resolved addresses an outbound delivery may connect to (SSRF guard, docs/outbound.md).

describe("blockedAddressReason", () => {
  it("lets public addresses through", () => {
    for (const ip of ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1", "192.169.0.1"]) {
      expect(blockedAddressReason(ip, false)).toBeNull();
    }
  });

  it("refuses private, loopback and carrier NAT ranges unless private delivery is allowed", () => {
    for (const ip of [
      "127.0.0.1",
      "127.8.9.10",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "100.64.0.1",
      "::1",
      "fd12::1",
      "::ffff:10.0.0.1",
      "::ffff:127.0.0.1",
    ]) {
      expect(blockedAddressReason(ip, false)).toMatch(/private or loopback/);
      expect(blockedAddressReason(ip, true)).toBeNull();
    }
  });

  it("always refuses link-local, metadata and unspecified addresses", () => {
    for (const ip of ["169.254.169.254", "::ffff:169.254.169.254", "169.254.1.1", "fe80::1", "fd00:ec2::254", "0.0.0.0", "::"]) {
      expect(blockedAddressReason(ip, true)).toMatch(/link-local, metadata or reserved/);
    }
  });

  it("refuses IPv4-compatible IPv6 (::/96) whatever it carries, in every spelling", () => {
    for (const ip of ["::127.0.0.1", "::7f00:1", "::10.0.0.1", "::a9fe:a9fe", "::8.8.8.8", "0:0:0:0:0:0:808:808"]) {
      expect(blockedAddressReason(ip, false)).toMatch(/IPv4-compatible/);
      expect(blockedAddressReason(ip, true)).toMatch(/IPv4-compatible/);
    }
    // The two addresses of ::/96 that are not IPv4-compatible keep their own rules.
    expect(blockedAddressReason("::1", true)).toBeNull();
    expect(blockedAddressReason("0:0:0:0:0:0:0:1", false)).toMatch(/private or loopback/);
    expect(blockedAddressReason("::", true)).toMatch(/link-local, metadata or reserved/);
  });

  it("refuses NAT64 addresses (64:ff9b::/96); with private receivers allowed, judges the IPv4 address the gateway would reach", () => {
    for (const ip of ["64:ff9b::a9fe:a9fe", "64:ff9b::169.254.169.254", "64:ff9b::0.0.0.1"]) {
      expect(blockedAddressReason(ip, true)).toMatch(/link-local, metadata or reserved/);
    }
    for (const ip of [
      "64:ff9b::7f00:1",
      "64:ff9b::127.0.0.1",
      "64:ff9b::a00:1",
      "64:ff9b:0:0:0:0:c0a8:101",
      "64:ff9b::5db8:d70e",
    ]) {
      expect(blockedAddressReason(ip, false)).toMatch(/NAT64/);
    }
    // An IPv6-only deployment reaching public IPv4 receivers through DNS64 opts in.
    expect(blockedAddressReason("64:ff9b::5db8:d70e", true)).toBeNull();
  });

  it("always refuses site-local IPv6 (fec0::/10)", () => {
    for (const ip of ["fec0::1", "fed0::1234", "feff:ffff::1"]) {
      expect(blockedAddressReason(ip, true)).toMatch(/link-local, metadata or reserved/);
    }
  });

  it("judges IPv4-mapped IPv6 in its long and hex spellings as the IPv4 address it carries", () => {
    expect(blockedAddressReason("::ffff:7f00:1", false)).toMatch(/private or loopback/);
    expect(blockedAddressReason("0:0:0:0:0:ffff:a9fe:a9fe", true)).toMatch(/link-local, metadata or reserved/);
    expect(blockedAddressReason("::ffff:8.8.8.8", false)).toBeNull();
  });
});
