import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger("info", stream), text: () => lines.join("") };
}

describe("logger", () => {
  it("redacts credentials and personal details at the top level and nested", () => {
    const { logger, text } = capture();
    logger.info({ email: "ada@example.test", password: "hunter2hunter2" }, "top level");
    logger.info({ patient: { firstName: "Ada", lastName: "Lovelace", dateOfBirth: "1815-12-10", phone: "+44 1", notes: "allergy" } }, "nested");
    logger.info({ body: { user: { email: "deep@example.test", passwordHash: "$argon2id$x", password: "deep-secret-pw" } } }, "deeper");
    logger.info({ a: { b: { c: { phone: "+49 deepest" } } } }, "deepest");
    logger.info({ req: { headers: { cookie: "next-auth.session-token=abc", authorization: "Bearer t" } } }, "headers");
    const out = text();
    for (const secret of ["ada@example.test", "hunter2hunter2", "Ada", "Lovelace", "1815-12-10", "+44 1", "allergy", "deep@example.test", "$argon2id$x", "deep-secret-pw", "+49 deepest", "next-auth.session-token=abc", "Bearer t"]) {
      expect(out).not.toContain(secret);
    }
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(10);
  });

  it("keeps everything else", () => {
    const { logger, text } = capture();
    logger.info({ requestId: "r-1", route: "/api/me", status: 200 }, "request");
    expect(JSON.parse(text())).toMatchObject({ requestId: "r-1", route: "/api/me", status: 200, msg: "request", level: "info" });
  });
});
