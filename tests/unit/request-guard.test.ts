import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddressOf } from "@/lib/http/client-address";
import { findCrossOrigin } from "@/lib/http/find-cross-origin";
import { isJsonMediaType } from "@/lib/http/is-json-media-type";
import { externalHttpsUrl, sameOriginPath } from "@/lib/http/same-origin-path";

const trusted = ["https://app.example.com", "https://admin.example.com"];
const headers = (values: Record<string, string>) => (name: string) => values[name];

describe("isJsonMediaType", () => {
  it.each(["application/json", "application/json; charset=utf-8", "Application/JSON ; charset=UTF-8"])("accepts %j", (type) => {
    expect(isJsonMediaType(type)).toBe(true);
  });
  it.each([
    "text/plain; x=application/json",
    "text/plain;application/json",
    "application/jsonx",
    "application/json, text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/vnd.api+json",
    "",
  ])("refuses %j", (type) => {
    expect(isJsonMediaType(type)).toBe(false);
  });
});

describe("findCrossOrigin", () => {
  it("trusts the configured origins and requests from no browser", () => {
    expect(findCrossOrigin(headers({ origin: "https://app.example.com" }), trusted)).toBeNull();
    expect(findCrossOrigin(headers({ origin: "https://admin.example.com" }), trusted)).toBeNull();
    expect(findCrossOrigin(headers({ "sec-fetch-site": "same-origin" }), trusted)).toBeNull();
    expect(findCrossOrigin(headers({ referer: "https://app.example.com/settings" }), trusted)).toBeNull();
    expect(findCrossOrigin(headers({}), trusted)).toBeNull();
  });
  it("refuses another port, scheme or host, an opaque origin, and cross-site fetch metadata", () => {
    for (const origin of ["https://app.example.com:8443", "http://app.example.com", "https://evil.example", "null", "garbage"]) {
      expect(findCrossOrigin(headers({ origin }), trusted), origin).not.toBeNull();
    }
    expect(findCrossOrigin(headers({ "sec-fetch-site": "same-site" }), trusted)).not.toBeNull();
    expect(findCrossOrigin(headers({ "sec-fetch-site": "cross-site" }), trusted)).not.toBeNull();
    expect(findCrossOrigin(headers({ referer: "https://evil.example/a" }), trusted)).not.toBeNull();
  });
});

describe("clientAddressOf", () => {
  const request = (forwarded?: string) =>
    ({
      socket: { remoteAddress: "10.0.0.5" },
      headers: forwarded ? { "x-forwarded-for": forwarded } : {},
    }) as unknown as IncomingMessage;
  it("uses the socket address unless proxies are trusted", () => {
    expect(clientAddressOf(request("1.2.3.4"), 0)).toBe("10.0.0.5");
  });
  it("takes the entry written by the Nth trusted proxy, never what the client prepended", () => {
    expect(clientAddressOf(request("6.6.6.6, 1.2.3.4"), 1)).toBe("1.2.3.4");
    expect(clientAddressOf(request("6.6.6.6, 1.2.3.4, 10.0.0.9"), 2)).toBe("1.2.3.4");
    expect(clientAddressOf(request("1.2.3.4"), 3)).toBe("1.2.3.4");
    expect(clientAddressOf(request(), 1)).toBe("10.0.0.5");
  });
});

describe("sameOriginPath", () => {
  const origin = "https://app.example.com";
  it("keeps paths that stay on the origin", () => {
    expect(sameOriginPath("/dashboard", origin)).toBe("/dashboard");
    expect(sameOriginPath("/orders/1?tab=a#b", origin)).toBe("/orders/1?tab=a#b");
    expect(sameOriginPath("/invite/x?token=a%2Fb", origin)).toBe("/invite/x?token=a%2Fb");
  });
  it.each([
    "/\\evil.example/x",
    "/%5Cevil.example/x".replace("%5C", "\\"),
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\r/evil.example/x",
    "//evil.example/x",
    "///evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "dashboard",
    "",
  ])("refuses %j", (input) => {
    expect(sameOriginPath(input, origin)).toBeNull();
  });
  it("never returns a path that leaves the origin, over generated inputs", () => {
    const pieces = ["/", "\\", "\t", "\n", "\r", ".", "..", "evil.example", "@", ":", "%2F", "%5C", "?", "#", " ", "\u0000", "x"];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let n = 0; n < 5000; n++) {
      const length = 1 + (next() % 6);
      const input = `/${Array.from({ length }, () => pieces[next() % pieces.length]).join("")}`;
      const path = sameOriginPath(input, origin);
      if (path !== null) expect(new URL(path, origin).origin, JSON.stringify(input)).toBe(origin);
    }
  });
});

describe("externalHttpsUrl", () => {
  it("takes https links only", () => {
    expect(externalHttpsUrl("https://shop.example/p/1")).toBe("https://shop.example/p/1");
    expect(externalHttpsUrl("http://shop.example/")).toBeNull();
    expect(externalHttpsUrl("https://shop.example/\t/x")).toBeNull();
    expect(externalHttpsUrl("javascript:alert(1)")).toBeNull();
  });
});
