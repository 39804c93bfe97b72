import type { Redis } from "ioredis";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { ClinicflowIo } from "./contract.ts";
import { DISPLAY_NAMESPACE } from "./realtime.ts";

/**
 * While the adapter's Redis connections are down, broadcasts reach only the emitting
 * instance's own sockets; those from other instances are lost for good once ioredis gives up
 * on its queued publishes (docs/decisions/002-database-is-the-source-of-truth.md). Sequence
 * numbers reveal the loss only at the next event, which may never come. So once both
 * connections are back, this instance tells its own sockets `server:resync` and every client
 * re-reads what it follows from PostgreSQL, as after a reconnect.
 *
 * The notice goes out after a PING on the subscriber answers: ioredis re-subscribes before
 * it sends queued commands, so from then on broadcasts from the other instances arrive again
 * and nothing can fall between the client's re-read and the next live event.
 */
export function resyncAfterRedisOutage(io: ClinicflowIo, redis: { pub: Redis; sub: Redis }, deps: { logger: Logger; metrics: Metrics }): void {
  let outage = false;
  let generation = 0;
  const lost = () => {
    // Only a connection that was up can be lost; a first connect at boot is not a recovery.
    if (!outage) deps.logger.warn("redis adapter connection lost: cross-instance broadcasts are not delivered until it returns");
    outage = true;
    generation += 1;
  };
  const maybeRestored = () => {
    if (!outage || redis.pub.status !== "ready" || redis.sub.status !== "ready") return;
    const mine = ++generation;
    redis.sub.ping().then(
      () => {
        // Lost again (or already announced) while the PING was on its way.
        if (mine !== generation || !outage) return;
        outage = false;
        deps.logger.info("redis adapter connection restored: telling this instance's clients to resync");
        deps.metrics.socketEventsEmitted.inc({ event: "server:resync" });
        io.local.emit("server:resync", { reason: "redis-restored" });
        // Waiting-room displays follow the public queue stream and re-read the same way.
        (io.of(DISPLAY_NAMESPACE).local.emit as (event: string, ...args: unknown[]) => boolean)("server:resync", { reason: "redis-restored" });
      },
      // The connection dropped again before answering: its next "ready" tries once more.
      () => undefined,
    );
  };
  for (const client of [redis.pub, redis.sub]) {
    let wasReady = client.status === "ready";
    client.on("ready", () => {
      wasReady = true;
      maybeRestored();
    });
    client.on("close", () => {
      // "end": closed on purpose (shutdown), not lost.
      if (wasReady && client.status !== "end") lost();
    });
  }
}
