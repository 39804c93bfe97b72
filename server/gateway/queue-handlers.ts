import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { getPublicQueueSnapshot, getQueueSnapshot } from "../queue/queue-snapshot.ts";
import { isStaff } from "../roles.ts";
import type { ClinicflowSocket } from "./contract.ts";
import { handleEvent } from "./handle.ts";
import { rooms } from "./rooms.ts";

const departmentPayload = z.object({ departmentId: z.uuid("must be an id") });

/**
 * Following a department's queue: join its room first, then read the snapshot, so no change
 * falls between the two (one that lands in both is recognised by its seq and skipped).
 */
export function registerQueueHandlers(socket: ClinicflowSocket, db: Db, log: Logger): void {
  const { user } = socket.data;

  handleEvent(socket, log, "queue:watch", departmentPayload, async ({ departmentId }) => {
    if (!isStaff(user.role)) throw new AppError("FORBIDDEN", "Queue boards are for staff.");
    await socket.join(rooms.queue(departmentId));
    try {
      return await getQueueSnapshot(db, departmentId);
    } catch (error) {
      await socket.leave(rooms.queue(departmentId));
      throw error;
    }
  });

  handleEvent(socket, log, "queue:watch-public", departmentPayload, async ({ departmentId }) => {
    await socket.join(rooms.queuePublic(departmentId));
    try {
      return await getPublicQueueSnapshot(db, departmentId);
    } catch (error) {
      await socket.leave(rooms.queuePublic(departmentId));
      throw error;
    }
  });
}
