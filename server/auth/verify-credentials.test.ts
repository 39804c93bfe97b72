import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AppError } from "../errors.ts";
import { createSignInLimiter } from "./sign-in-limiter.ts";
import { verifyCredentials } from "./verify-credentials.ts";
import { createUser, TEST_PASSWORD, type TestUser } from "../../tests/helpers/factories.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../../tests/helpers/test-db.ts";

let t: TestDatabase;
let redis: Redis;
let receptionist: TestUser;
let disabled: TestUser;
const limits = { maxFailuresPerAccount: 3, maxFailuresPerIp: 5, windowSeconds: 60 };

beforeAll(async () => {
  t = await createTestDatabase("signin");
  redis = new Redis(inject("redisUrl"));
  receptionist = await createUser(t.db, "RECEPTIONIST");
  disabled = await createUser(t.db, "CLINICIAN", { disabled: true });
});
afterAll(async () => {
  redis.disconnect();
  await t.drop();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe("verifyCredentials", () => {
  it("signs in with the right password, whatever the email's case and spaces", async () => {
    const limiter = createSignInLimiter(limits, redis, uniqueRedisPrefix("signin"));
    const user = await verifyCredentials(t.db, limiter, { email: `  ${receptionist.email.toUpperCase()} `, password: TEST_PASSWORD }, "10.0.0.1");
    expect(user).toEqual({ id: receptionist.id, role: "RECEPTIONIST", displayName: receptionist.displayName });
  });

  it.each([
    ["a wrong password", () => ({ email: receptionist.email, password: "wrong password!" }), "UNAUTHENTICATED"],
    ["an unknown email", () => ({ email: "nobody@clinicflow.test", password: TEST_PASSWORD }), "UNAUTHENTICATED"],
    ["a disabled account", () => ({ email: disabled.email, password: TEST_PASSWORD }), "UNAUTHENTICATED"],
    ["a missing password", () => ({ email: receptionist.email }), "VALIDATION_FAILED"],
    ["a malformed email", () => ({ email: "not-an-email", password: "x" }), "VALIDATION_FAILED"],
  ])("refuses %s", async (_label, input, code) => {
    const limiter = createSignInLimiter(limits, redis, uniqueRedisPrefix("signin"));
    expect(await codeOf(verifyCredentials(t.db, limiter, input(), "10.0.0.2"))).toBe(code);
  });

  it("locks an account after too many failures, even with the right password, from any IP", async () => {
    const limiter = createSignInLimiter(limits, redis, uniqueRedisPrefix("signin"));
    const wrong = { email: receptionist.email, password: "wrong password!" };
    for (let i = 0; i < limits.maxFailuresPerAccount; i++) {
      expect(await codeOf(verifyCredentials(t.db, limiter, wrong, `10.1.0.${i}`))).toBe("UNAUTHENTICATED");
    }
    const right = { email: receptionist.email, password: TEST_PASSWORD };
    const error = await verifyCredentials(t.db, limiter, right, "10.1.1.1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("RATE_LIMITED");
    expect((error as AppError).message).toMatch(/Too many failed sign-in attempts\. Try again in 1 minute\./);
    expect((error as AppError).details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
  });

  it("limits one IP trying many accounts", async () => {
    const limiter = createSignInLimiter(limits, redis, uniqueRedisPrefix("signin"));
    for (let i = 0; i < limits.maxFailuresPerIp; i++) {
      await codeOf(verifyCredentials(t.db, limiter, { email: `guess${i}@clinicflow.test`, password: "guess guess" }, "10.2.0.1"));
    }
    expect(await codeOf(verifyCredentials(t.db, limiter, { email: receptionist.email, password: TEST_PASSWORD }, "10.2.0.1"))).toBe("RATE_LIMITED");
    // The same account from another address is still fine.
    expect(await codeOf(verifyCredentials(t.db, limiter, { email: receptionist.email, password: TEST_PASSWORD }, "10.2.0.2"))).toBe("OK");
  });

  it("forgets an account's failures after a successful sign-in", async () => {
    const limiter = createSignInLimiter(limits, redis, uniqueRedisPrefix("signin"));
    const wrong = { email: receptionist.email, password: "wrong password!" };
    for (let i = 0; i < limits.maxFailuresPerAccount - 1; i++) await codeOf(verifyCredentials(t.db, limiter, wrong, "10.3.0.1"));
    expect(await codeOf(verifyCredentials(t.db, limiter, { email: receptionist.email, password: TEST_PASSWORD }, "10.3.0.1"))).toBe("OK");
    for (let i = 0; i < limits.maxFailuresPerAccount - 1; i++) await codeOf(verifyCredentials(t.db, limiter, wrong, "10.3.0.1"));
    expect(await codeOf(verifyCredentials(t.db, limiter, { email: receptionist.email, password: TEST_PASSWORD }, "10.3.0.1"))).toBe("OK");
  });

  it("shares counts through Redis: failures on one instance lock the account on another", async () => {
    const prefix = uniqueRedisPrefix("signin");
    const instanceA = createSignInLimiter(limits, redis, prefix);
    const otherConnection = new Redis(inject("redisUrl"));
    try {
      const instanceB = createSignInLimiter(limits, otherConnection, prefix);
      const wrong = { email: receptionist.email, password: "wrong password!" };
      for (let i = 0; i < limits.maxFailuresPerAccount; i++) await codeOf(verifyCredentials(t.db, instanceA, wrong, "10.4.0.1"));
      expect(await codeOf(verifyCredentials(t.db, instanceB, { email: receptionist.email, password: TEST_PASSWORD }, "10.4.0.9"))).toBe("RATE_LIMITED");
      const keys = await redis.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      otherConnection.disconnect();
    }
  });

  it("keeps counting in memory without Redis", async () => {
    const limiter = createSignInLimiter(limits, null, uniqueRedisPrefix("signin"));
    const wrong = { email: receptionist.email, password: "wrong password!" };
    for (let i = 0; i < limits.maxFailuresPerAccount; i++) await codeOf(verifyCredentials(t.db, limiter, wrong, "10.5.0.1"));
    expect(await codeOf(verifyCredentials(t.db, limiter, { email: receptionist.email, password: TEST_PASSWORD }, "10.5.0.1"))).toBe("RATE_LIMITED");
  });
});
