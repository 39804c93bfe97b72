/** A clinician as the schedules pages show them. */
export interface ClinicianView {
  id: string;
  userId: string;
  displayName: string;
  departmentId: string;
  departmentName: string;
  room: string;
  title: string | null;
  /** Kept free after each appointment. */
  bufferMinutes: number;
}

export const clinicianViewSelect = {
  id: true,
  userId: true,
  departmentId: true,
  room: true,
  title: true,
  bufferMinutes: true,
  user: { select: { displayName: true } },
  department: { select: { name: true } },
} as const;

export function toClinicianView(row: {
  id: string;
  userId: string;
  departmentId: string;
  room: string;
  title: string | null;
  bufferMinutes: number;
  user: { displayName: string };
  department: { name: string };
}): ClinicianView {
  const { user, department, ...rest } = row;
  return { ...rest, displayName: user.displayName, departmentName: department.name };
}
