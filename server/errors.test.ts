import { describe, expect, it, vi } from "vitest";
import { AppError, isAppError, isTransactionConflict, toAppError } from "./errors.ts";

describe("AppError across module copies", () => {
  it("recognises an AppError made by another copy of this module (as route handlers see them)", async () => {
    // A second, independent instance of the module, like Next's bundle next to the custom server.
    vi.resetModules();
    const other = await import("./errors.ts");
    expect(other.AppError).not.toBe(AppError);
    const foreign = new other.AppError("RATE_LIMITED", "Too many", { retryAfterSeconds: 5 });
    expect(foreign instanceof AppError).toBe(false);
    expect(isAppError(foreign)).toBe(true);
    const mapped = toAppError(foreign);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped.toBody()).toEqual({ error: { code: "RATE_LIMITED", message: "Too many", details: { retryAfterSeconds: 5 } } });
  });

  it("turns anything else into a generic internal error without leaking its message", () => {
    const mapped = toAppError(new Error("connection string postgres://secret"));
    expect(mapped.code).toBe("INTERNAL");
    expect(mapped.message).not.toContain("secret");
    expect(isAppError({ code: "FORBIDDEN", message: "x" })).toBe(false);
  });
});

describe("database conflicts", () => {
  it("recognises a deadlock as Prisma 7 with adapter-pg reports it, and nothing else", () => {
    // The shape bench/booking.ts met when 50 requests claimed one slot at once.
    const deadlock = { code: "P2034", meta: { modelName: "Appointment", driverAdapterError: { cause: { originalCode: "40P01", originalMessage: "deadlock detected", kind: "TransactionWriteConflict" } } } };
    expect(isTransactionConflict(deadlock)).toBe(true);
    expect(isTransactionConflict({ code: "P2010", meta: { driverAdapterError: { cause: { code: "23P01" } } } })).toBe(false);
    expect(isTransactionConflict(new Error("deadlock"))).toBe(false);
    expect(isTransactionConflict(null)).toBe(false);
  });
});
