import { describe, expect, it, vi } from "vitest";
import { AppError, isAppError, toAppError } from "./errors.ts";

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
