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
  /** Everyone looking at one clinician's day (booking pages, staff day views). */
  clinicianDay: (clinicianId: string, date: string) => `clinician-day:${clinicianId}:${date}`,
  /** Everyone looking at one department's day ("any clinician" booking pages). */
  departmentDay: (departmentId: string, date: string) => `department-day:${departmentId}:${date}`,
  /** A department's queue board (staff; names). */
  queue: (departmentId: string) => `queue:${departmentId}`,
  /** A department's public queue stream (displays, patients' ticket pages; no names). */
  queuePublic: (departmentId: string) => `queue-public:${departmentId}`,
  /** A staff conversation: its members' sockets (joined at connect and when added). */
  conversation: (conversationId: string) => `conversation:${conversationId}`,
};

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const DATE = "\\d{4}-\\d{2}-\\d{2}";
const ROOM_PATTERN = new RegExp(
  `^(staff|role:(ADMIN|RECEPTIONIST|CLINICIAN|PATIENT)|user:${UUID}|department:${UUID}|display:${UUID}|clinician-day:${UUID}:${DATE}|department-day:${UUID}:${DATE}|queue:${UUID}|queue-public:${UUID}|conversation:${UUID})$`,
);

export const roomPayloadSchema = z.object({
  room: z.string().max(80).regex(ROOM_PATTERN, "is not a known room"),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD");

export const watchPayloadSchema = z
  .object({
    clinicianIds: z.array(z.uuid("must be an id")).max(50, "at most 50 clinicians").optional(),
    departmentIds: z.array(z.uuid("must be an id")).max(10, "at most 10 departments").optional(),
    dates: z.array(isoDate).min(1, "name at least one date").max(31, "at most 31 dates"),
  })
  .refine((p) => (p.clinicianIds?.length ?? 0) + (p.departmentIds?.length ?? 0) > 0, { message: "name a clinician or a department", path: ["clinicianIds"] });

export function roomsAtConnect(user: SessionUser): string[] {
  const joined = [rooms.user(user.id), rooms.role(user.role)];
  if (isStaff(user.role)) joined.push(rooms.staff());
  return joined;
}

export function canJoinRoom(user: SessionUser, room: string): boolean {
  if (room === rooms.user(user.id) || room === rooms.role(user.role)) return true;
  if (room.startsWith("user:") || room.startsWith("role:")) return false;
  // Availability and the public queue stream carry no names: anyone signed in may follow them.
  if (room.startsWith("clinician-day:") || room.startsWith("department-day:") || room.startsWith("queue-public:")) return true;
  // Conversation rooms are joined only after a membership check (create-gateway.ts).
  if (room.startsWith("conversation:")) return false;
  // staff, department:*, display:* are for staff only.
  return isStaff(user.role);
}
