import type { Db } from "../db/client.ts";
import type { AnnouncementView } from "../gateway/contract.ts";
import { announcementSelect, toAnnouncementView } from "./announcement-view.ts";

export async function listRecentAnnouncements(db: Db, limit = 20): Promise<AnnouncementView[]> {
  const rows = await db.announcement.findMany({ orderBy: { createdAt: "desc" }, take: limit, select: announcementSelect });
  return rows.map(toAnnouncementView);
}
