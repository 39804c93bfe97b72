import { z } from "zod";
import { isStaff, type Role, type SessionUser } from "../roles.ts";

/**
 * Room names and who may be in them. Sockets are put in their own rooms at connect time;
 * any other room is joined on request and authorized here.
 */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  role: (role: Role) => `role:${role}`,
  staff: () => "staff",
  department: (departmentId: string) => `department:${departmentId}`,
  display: (locationId: string) => `display:${locationId}`,
};

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ROOM_PATTERN = new RegExp(`^(staff|role:(ADMIN|RECEPTIONIST|CLINICIAN|PATIENT)|user:${UUID}|department:${UUID}|display:${UUID})$`);

export const roomPayloadSchema = z.object({
  room: z.string().max(80).regex(ROOM_PATTERN, "is not a known room"),
});

export function roomsAtConnect(user: SessionUser): string[] {
  const joined = [rooms.user(user.id), rooms.role(user.role)];
  if (isStaff(user.role)) joined.push(rooms.staff());
  return joined;
}

export function canJoinRoom(user: SessionUser, room: string): boolean {
  if (room === rooms.user(user.id) || room === rooms.role(user.role)) return true;
  if (room.startsWith("user:") || room.startsWith("role:")) return false;
  // staff, department:*, display:* are for staff only.
  return isStaff(user.role);
}
