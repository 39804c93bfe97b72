import { describe, expect, it } from "vitest";
import { DATABASE_UNAVAILABLE_MESSAGE, toAppError } from "../errors.ts";
import { isDatabaseUnavailable } from "./unavailable.ts";

describe("isDatabaseUnavailable", () => {
  it("recognises PostgreSQL being away as Prisma 7, adapter-pg and pg report it", () => {
    const shapes = [
      { code: "P1001", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 } } } },
      { code: "P1017" },
      { code: "P2024" },
      { name: "DriverAdapterError", cause: { kind: "ConnectionClosed" } },
      { meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "57P01", originalMessage: "terminating connection due to administrator command" } } } },
      { code: "57P03", message: "the database system is starting up" },
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect" }),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
    ];
    for (const error of shapes) expect({ error, unavailable: isDatabaseUnavailable(error) }).toEqual({ error, unavailable: true });
  });

  it("leaves every other error alone", () => {
    const shapes = [
      { code: "P2002" },
      { code: "P2010", meta: { driverAdapterError: { cause: { code: "23505" } } } },
      { code: "P2034", meta: { driverAdapterError: { cause: { originalCode: "40P01" } } } },
      new Error("boom"),
      null,
      "ECONNREFUSED",
    ];
    for (const error of shapes) expect({ error, unavailable: isDatabaseUnavailable(error) }).toEqual({ error, unavailable: false });
  });

  it("makes toAppError answer 503 UNAVAILABLE with a message that says so, not 500", () => {
    const mapped = toAppError({ code: "P1001", message: "Can't reach database server at 10.0.0.5:5432" });
    expect(mapped.toBody()).toEqual({ error: { code: "UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE } });
    expect(mapped.message).not.toContain("10.0.0.5");
  });
});
