import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, toErrorResponse } from "@/lib/errors";
import { withDatabaseName } from "@/lib/storage/database/resolve-database";
import { tenantIdSchema } from "@/lib/tenants/schemas";

describe("error responses", () => {
  it("map codes to statuses with the documented body", () => {
    const { status, body, headers } = toErrorResponse(
      new AppError("rate_limited", "Slow down", undefined, { "retry-after": "1" }),
    );
    expect(status).toBe(429);
    expect(headers).toEqual({ "retry-after": "1" });
    expect(body).toEqual({ success: false, error: "Slow down", code: "rate_limited" });
  });

  it("list zod issues by path", () => {
    const result = z.object({ a: z.object({ b: z.number() }) }).safeParse({ a: { b: "x" } });
    if (result.success) throw new Error("expected failure");
    const { status, body } = toErrorResponse(result.error);
    expect(status).toBe(400);
    expect(body.details).toEqual([{ path: "a.b", message: expect.any(String) }]);
  });

  it("never leak an unexpected error's message or stack", () => {
    const { status, body } = toErrorResponse(new Error("ECONNREFUSED 10.0.0.3:27017 at Object.<anonymous>"));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain("ECONNREFUSED");
  });
});

describe("small pure helpers", () => {
  it("tenant ids are 24-hex, normalised to lower case", () => {
    expect(tenantIdSchema.parse("507F1F77BCF86CD799439011")).toBe("507f1f77bcf86cd799439011");
    expect(tenantIdSchema.safeParse("507f1f77bcf86cd79943901").success).toBe(false);
    expect(tenantIdSchema.safeParse({ $ne: null }).success).toBe(false);
  });

  it("database names are added only when the URI has none", () => {
    expect(withDatabaseName("mongodb://127.0.0.1:5000/")).toBe("mongodb://127.0.0.1:5000/pulseboard");
    expect(withDatabaseName("mongodb://db:27017/custom?replicaSet=rs0")).toBe("mongodb://db:27017/custom?replicaSet=rs0");
  });
});
