import type { Db } from "../db/client.ts";
import type { SessionUser } from "../roles.ts";

/**
 * The session cookie says who signed in; the database says whether they still may.
 * A disabled account or a changed role takes effect on the next request, not at token expiry.
 */
export async function loadActiveUser(db: Db, userId: string): Promise<SessionUser | null> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, role: true, displayName: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return null;
  return { id: user.id, role: user.role, displayName: user.displayName };
}
