import type { IncomingMessage } from "node:http";

/** The header the custom server sets for route handlers; any value a client sends is replaced. */
export const CLIENT_IP_HEADER = "x-clinicflow-client-ip";

export function clientIpOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}
