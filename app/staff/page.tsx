import { listRecentAnnouncements } from "@/server/announcements/list-announcements";
import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";
import { getRuntime } from "@/server/runtime";
import { AnnouncementsPanel } from "./announcements-panel";

export const dynamic = "force-dynamic";

export default async function StaffHomePage() {
  const user = await requirePageUser(STAFF_ROLES, "/staff");
  const announcements = await listRecentAnnouncements(getRuntime().db);
  return (
    <>
      <section className="card">
        <h1>Good to see you, {user.displayName}</h1>
        <p className="muted">Staff home · {user.role.toLowerCase()}</p>
      </section>
      <AnnouncementsPanel initial={announcements} canPost={user.role === "ADMIN" || user.role === "RECEPTIONIST"} />
    </>
  );
}
