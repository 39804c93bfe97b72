import type { Db } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { getPublicQueueSnapshot, type PublicQueueSnapshot } from "./queue-snapshot.ts";

/** What a waiting-room display shows on first load: the location's name and each department's public queue. */
export async function getDisplayBoard(db: Db, displayKey: string): Promise<{ locationName: string; departments: PublicQueueSnapshot[] }> {
  const location = displayKey.length >= 16 && displayKey.length <= 100
    ? await db.location.findUnique({ where: { displayKey }, select: { name: true, departments: { select: { id: true }, orderBy: { name: "asc" } } } })
    : null;
  if (!location) throw new AppError("NOT_FOUND", "Unknown display.");
  return { locationName: location.name, departments: await Promise.all(location.departments.map((d) => getPublicQueueSnapshot(db, d.id))) };
}
