import type { Db } from "../db/client.ts";
import type { Role } from "../roles.ts";

export interface UserListing {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** Every account, staff first, for the admin's user directory. */
export async function listUsers(db: Db): Promise<UserListing[]> {
  const users = await db.user.findMany({
    select: { id: true, email: true, displayName: true, role: true, disabledAt: true, createdAt: true },
    orderBy: [{ role: "asc" }, { displayName: "asc" }],
  });
  return users.map((u) => ({ id: u.id, email: u.email, displayName: u.displayName, role: u.role, disabled: u.disabledAt !== null, createdAt: u.createdAt.toISOString() }));
}
