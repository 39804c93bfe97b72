import type { IncomingMessage } from "node:http";

/** The header the custom server sets for route handlers; any value a client sends is replaced. */
export const CLIENT_IP_HEADER = "x-clinicflow-client-ip";

export function clientIpOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    // The rightmost address is the one the trusted proxy appended; anything left of it came
    // from the client and could be forged to dodge per-IP limits.
    const chain = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded)?.split(",").map((s) => s.trim()).filter(Boolean);
    const nearest = chain?.at(-1);
    if (nearest) return nearest;
  }
  return req.socket.remoteAddress ?? "unknown";
}
