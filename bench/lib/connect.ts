import type { Socket } from "socket.io-client";

/**
 * Calls `each` for every item, `size` at a time: a connection storm of thousands of sockets at
 * once would measure the handshake queue rather than the system.
 */
export async function inBatches<T>(items: readonly T[], size: number, each: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map((item, k) => each(item, start + k)));
  }
}

/** Resolves when the socket connects, rejects on a connect error or after `timeoutMs`. */
export function opened(socket: Socket, timeoutMs: number, who = "a client"): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${who} did not connect within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
