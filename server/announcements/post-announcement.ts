import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { AnnouncementView } from "../gateway/contract.ts";
import type { Realtime } from "../gateway/realtime.ts";
import { rooms } from "../gateway/rooms.ts";
import type { SessionUser } from "../roles.ts";
import { toAnnouncementView, announcementSelect } from "./announcement-view.ts";

export const postAnnouncementSchema = z.object({
  body: z.string().trim().min(1, "is required").max(2000, "must be at most 2000 characters"),
});

/** Admins and reception post clinic-wide notices; every signed-in staff member sees them live. */
export async function postAnnouncement(db: Db, realtime: Realtime, author: SessionUser, input: unknown): Promise<AnnouncementView> {
  if (author.role !== "ADMIN" && author.role !== "RECEPTIONIST") {
    throw new AppError("FORBIDDEN", "Only admins and reception can post announcements.");
  }
  const parsed = postAnnouncementSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const created = await db.announcement.create({
    data: { authorId: author.id, body: parsed.data.body },
    select: announcementSelect,
  });
  const view = toAnnouncementView(created);
  realtime.emit(rooms.staff(), "announcement:new", view);
  return view;
}
