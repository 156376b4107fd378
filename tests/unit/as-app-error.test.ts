import { APIError } from "better-auth/api";
import { describe, expect, it } from "vitest";
import { asAppError } from "@/lib/auth/as-app-error";
import { AppError, toErrorResponse } from "@/lib/errors";

// A refusal from one of better-auth's endpoints, called on the server, must answer as the 4xx it is.

describe("better-auth refusals", () => {
  it("become our error with the plugin's own message and status", () => {
    const refused = asAppError(new APIError("FORBIDDEN", { message: "You are not the recipient of the invitation" }));
    expect(toErrorResponse(refused)).toMatchObject({
      status: 403,
      body: { success: false, error: "You are not the recipient of the invitation", code: "forbidden" },
    });
    expect(toErrorResponse(asAppError(new APIError("UNPROCESSABLE_ENTITY", { message: "User already exists" }))).status).toBe(
      409,
    );
    expect(toErrorResponse(asAppError(new APIError("BAD_REQUEST"))).status).toBe(400);
  });

  it("leave server faults and anything else alone (still a 500 without details)", () => {
    const fault = new APIError("INTERNAL_SERVER_ERROR", { message: "adapter exploded" });
    expect(asAppError(fault)).toBe(fault);
    expect(toErrorResponse(asAppError(fault))).toEqual({
      status: 500,
      headers: {},
      body: { success: false, error: "Internal server error", code: "internal" },
    });
    const ours = new AppError("conflict", "already");
    expect(asAppError(ours)).toBe(ours);
    const plain = new Error("boom");
    expect(asAppError(plain)).toBe(plain);
  });
});
