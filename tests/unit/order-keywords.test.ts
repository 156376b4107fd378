import { describe, expect, it } from "vitest";
import { matchesSearch, orderKeywords, searchWords } from "@/lib/storage/common/order-keywords";

// What a merchant types in the orders list's search box, against what an order is found by.

const find = (query: string, order: Parameters<typeof orderKeywords>[0]) =>
  matchesSearch(orderKeywords(order), searchWords(query));

describe("order search", () => {
  const order = {
    orderNumber: "#1001",
    customerName: "Zoë  O'Brien-Smith",
    customerEmail: "Zoe.OBrien@Example.com",
    metadata: { platform: "shopify", shopifyOrderId: "820982911946154508", note: "gift wrap" },
  };

  it("finds an order by the start of each word of its number, name, email or platform id, whatever the case or accents", () => {
    for (const query of [
      "#1001",
      "1001",
      "10",
      "zoe",
      "ZOË",
      "zoe obr",
      "o'brien",
      "brien",
      "smith",
      "zoe.obrien@ex",
      "example.com",
      "8209829",
    ]) {
      expect(find(query, order), query).toBe(true);
    }
  });

  it("does not find it by the middle of a word, by other metadata, or when one word matches nothing", () => {
    for (const query of ["001", "rien", "gift", "zoe jones", "shopify", "xample"]) {
      expect(find(query, order), query).toBe(false);
    }
  });

  it("keeps an order number's own punctuation", () => {
    expect(find("ord-9", { orderNumber: "ORD-9", customerName: "Ada" })).toBe(true);
    expect(find("ord-1", { orderNumber: "ORD-9", customerName: "Ada" })).toBe(false);
  });

  it("reads at most five distinct words from a query, and none that is only punctuation", () => {
    expect(searchWords("  Ada,  LOVELACE  ada ")).toEqual(["ada", "lovelace"]);
    expect(searchWords("a b c d e f g")).toHaveLength(5);
    expect(searchWords("(.*)")).toEqual([]);
    expect(searchWords("(john) J. @example.com #1001")).toEqual(["john", "j", "example.com", "1001"]);
    expect(find("İLKE", { orderNumber: "1", customerName: "ilke" })).toBe(true);
  });
});
