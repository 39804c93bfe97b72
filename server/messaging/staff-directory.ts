import type { Db } from "../db/client.ts";
import type { SessionUser } from "../roles.ts";
import { requireStaff } from "./access.ts";
import type { PresenceStore } from "./presence.ts";
import type { StaffMember } from "./views.ts";

/** Every active staff member with their presence, online first, then by name. */
export async function listStaff(db: Db, presence: PresenceStore, user: SessionUser): Promise<StaffMember[]> {
  requireStaff(user);
  const [people, { statuses, lastSeen }] = await Promise.all([
    db.user.findMany({
      where: { role: { in: ["ADMIN", "RECEPTIONIST", "CLINICIAN"] }, disabledAt: null },
      select: { id: true, displayName: true, role: true, clinician: { select: { department: { select: { name: true } } } } },
      orderBy: { displayName: "asc" },
    }),
    presence.snapshot(),
  ]);
  const rank = { online: 0, away: 1, offline: 2 } as const;
  return people
    .map((p) => ({
      id: p.id,
      displayName: p.displayName,
      role: p.role,
      departmentName: p.clinician?.department.name ?? null,
      status: statuses.get(p.id) ?? "offline",
      lastSeenAt: lastSeen.get(p.id) ?? null,
    }))
    .sort((a, b) => rank[a.status] - rank[b.status] || a.displayName.localeCompare(b.displayName));
}
