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
});
