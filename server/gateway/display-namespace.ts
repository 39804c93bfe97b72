import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import { getPublicQueueSnapshot, type PublicQueueSnapshot } from "../queue/queue-snapshot.ts";
import { toAppError } from "../errors.ts";
import type { Namespace } from "socket.io";
import type { AckResponse, ClinicflowIo } from "./contract.ts";

export interface DisplayClientEvents {
  /** Every department's public snapshot for this display's location, with its seq. */
  "display:snapshot": (ack: unknown) => void;
}
import { DISPLAY_NAMESPACE } from "./realtime.ts";
import { rooms } from "./rooms.ts";

/**
 * Waiting-room displays run unattended, without anyone signed in: they connect to the
 * `/display` namespace with the location's display key and only ever receive the public
 * (name-less) queue streams of that location's departments.
 */
export function registerDisplayNamespace(io: ClinicflowIo, deps: { db: Db; logger: Logger; metrics: Metrics }): void {
  // Its own small contract: display:snapshot in, queue:public-changed out.
  const displays = io.of(DISPLAY_NAMESPACE) as unknown as Namespace<DisplayClientEvents, Record<string, never>, Record<string, never>, { departmentIds: string[] }>;
  displays.use(async (socket, next) => {
    const key = (socket.handshake.auth as { displayKey?: unknown } | undefined)?.displayKey;
    if (typeof key !== "string" || key.length < 16 || key.length > 100) return next(Object.assign(new Error("UNAUTHENTICATED"), { data: { code: "UNAUTHENTICATED", message: "Unknown display." } }));
    try {
      const location = await deps.db.location.findUnique({ where: { displayKey: key }, select: { id: true, departments: { select: { id: true }, orderBy: { name: "asc" } } } });
      if (!location) return next(Object.assign(new Error("UNAUTHENTICATED"), { data: { code: "UNAUTHENTICATED", message: "Unknown display." } }));
      socket.data.departmentIds = location.departments.map((d) => d.id);
      next();
    } catch {
      next(Object.assign(new Error("UNAVAILABLE"), { data: { code: "UNAVAILABLE", message: "Try again shortly." } }));
    }
  });
  displays.on("connection", (socket) => {
    const { departmentIds } = socket.data;
    deps.metrics.socketConnections.inc();
    void socket.join(departmentIds.map((id) => rooms.queuePublic(id)));
    socket.on("disconnect", () => deps.metrics.socketConnections.dec());
    // The display asks for snapshots on connect and whenever it sees a gap in a department's seq.
    socket.on("display:snapshot", async (ack) => {
      if (typeof ack !== "function") return;
      let response: AckResponse<PublicQueueSnapshot[]>;
      try {
        response = { data: await Promise.all(departmentIds.map((id) => getPublicQueueSnapshot(deps.db, id))) };
      } catch (error) {
        deps.logger.warn({ err: error }, "display snapshot failed");
        response = toAppError(error).toBody();
      }
      (ack as (r: AckResponse<PublicQueueSnapshot[]>) => void)(response);
    });
  });
}
