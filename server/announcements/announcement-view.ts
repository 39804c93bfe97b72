import type { AnnouncementView } from "../gateway/contract.ts";

export const announcementSelect = {
  id: true,
  body: true,
  createdAt: true,
  author: { select: { id: true, displayName: true } },
} as const;

export function toAnnouncementView(row: { id: string; body: string; createdAt: Date; author: { id: string; displayName: string } }): AnnouncementView {
  return { id: row.id, body: row.body, createdAt: row.createdAt.toISOString(), author: row.author };
}
