import { MongoBulkWriteError, MongoNetworkError, MongoServerError } from "mongodb";
import { describe, expect, it } from "vitest";
import { AppError, toErrorResponse } from "@/lib/errors";
import { asUnavailable } from "@/lib/storage/errors";

// The errors are the driver's own classes, built the way the driver builds them when a connection
// dies under a write (lib/cmap/connection.js wraps the socket's error, lib/bulk/common.js wraps that).

function socketError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code, syscall: code === "EPIPE" ? "write" : "read" });
}

function networkError(message: string, code: string): MongoNetworkError {
  return new MongoNetworkError(message, { cause: socketError(message, code) });
}

// What insertMany throws when the batch's command failed on the network: the driver error as the
// bulk error's `errorResponse`, nothing written.
function bulkErrorOf(cause: Error): MongoBulkWriteError {
  const result = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0, insertedIds: {} };
  return new MongoBulkWriteError(cause as never, result as never);
}

function statusOf(error: unknown): number {
  return toErrorResponse(asUnavailable(error)).status;
}

describe("a database outage is 503, whatever wraps it", () => {
  it("a bulk write whose connection was reset (read ECONNRESET)", () => {
    const error = bulkErrorOf(networkError("read ECONNRESET", "ECONNRESET"));
    expect(error.name).toBe("MongoBulkWriteError");
    expect(error.message).toBe("read ECONNRESET");
    const mapped = asUnavailable(error);
    expect(mapped).toBeInstanceOf(AppError);
    const { status, headers } = toErrorResponse(mapped);
    expect(status).toBe(503);
    expect(headers).toEqual({ "retry-after": "5" });
  });

  it("a bulk write whose socket the database ended (EPIPE)", () => {
    const error = bulkErrorOf(networkError("This socket has been ended by the other party", "EPIPE"));
    expect(statusOf(error)).toBe(503);
  });

  it("an outage known only from what the bulk error wraps, or from a cause", () => {
    // connection.js: a write to a socket the database closed, under a message that says nothing.
    const written = new MongoNetworkError("unexpected error writing to socket", {
      cause: socketError("This socket has been ended by the other party", "EPIPE"),
    });
    const error = bulkErrorOf(written);
    expect(error.message).toBe("unexpected error writing to socket");
    expect(statusOf(error)).toBe(503);
    expect(statusOf(new Error("insert failed", { cause: socketError("read ECONNRESET", "ECONNRESET") }))).toBe(503);
  });

  it("the driver's own network errors, as before", () => {
    expect(statusOf(networkError("connection 4 to 127.0.0.1:27017 closed", "ECONNRESET"))).toBe(503);
    expect(statusOf(new MongoNetworkError("connect ECONNREFUSED 127.0.0.1:27017"))).toBe(503);
  });

  it("leaves a bulk write's own failures alone: a duplicate key stays what it is", () => {
    const duplicate = new MongoBulkWriteError(
      { message: "E11000 duplicate key error", code: 11000, writeErrors: [{ index: 0, code: 11000, errmsg: "E11000" }] } as never,
      { insertedCount: 0 } as never,
    );
    expect(asUnavailable(duplicate)).toBe(duplicate);
    const server = new MongoServerError({ message: "database is locked (SQLITE_BUSY)", code: 1 });
    expect(asUnavailable(server)).toBe(server);
    expect(statusOf(new Error("something else"))).toBe(500);
  });
});
