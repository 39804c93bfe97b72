import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientIpOf } from "./client-ip.ts";

const request = (remoteAddress: string, forwarded?: string | string[]) =>
  ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded } }) as unknown as IncomingMessage;

describe("clientIpOf", () => {
  it("uses the connection's address unless a proxy is trusted", () => {
    expect(clientIpOf(request("10.0.0.5", "1.2.3.4"), false)).toBe("10.0.0.5");
  });

  it("behind a trusted proxy, takes the address the proxy appended, not what the client claimed", () => {
    expect(clientIpOf(request("10.0.0.1", "6.6.6.6, 203.0.113.7"), true)).toBe("203.0.113.7");
    expect(clientIpOf(request("10.0.0.1", ["6.6.6.6", "203.0.113.8"]), true)).toBe("203.0.113.8");
    expect(clientIpOf(request("10.0.0.1"), true)).toBe("10.0.0.1");
  });
});
