import { hashPassword } from "../server/auth/password.ts";
import type { Db, DbOrTx } from "../server/db/client.ts";
import type { Role } from "../server/roles.ts";
import { addDays, localDateOf, localToInstant, weekdayOf } from "../server/booking/local-time.ts";
import type { Realtime } from "../server/gateway/realtime.ts";
import { ensureDefaultChannels } from "../server/messaging/default-channels.ts";
import { sendMessage } from "../server/messaging/messages.ts";
import { ALL_STAFF_KEY } from "../server/messaging/rules.ts";

/**
 * The demo clinic `npm start` creates on an empty database: one location, two departments,
 * three clinicians with weekly schedules, reception, an admin, five patients with accounts
 * and a few appointment types; the staff channels with a first message each. Everyone signs
 * in with DEMO_PASSWORD.
 */

export const DEMO_PASSWORD = "clinicflow-demo";
/** The demo waiting-room display opens at /display/<this>. */
export const DEMO_DISPLAY_KEY = "riverside-waiting-room";

export interface DemoAccount {
  email: string;
  role: Role;
  displayName: string;
}

const TIME_ZONE = "Europe/Berlin";

const clinicians = [
  { email: "anna.weber@clinicflow.test", displayName: "Dr. Anna Weber", department: "General Practice", room: "Room 1", title: "General practitioner", days: [1, 2, 3, 4, 5], ranges: [[8 * 60, 12 * 60], [13 * 60, 17 * 60]] },
  { email: "jonas.becker@clinicflow.test", displayName: "Dr. Jonas Becker", department: "General Practice", room: "Room 2", title: "General practitioner", days: [1, 3, 5], ranges: [[9 * 60, 13 * 60], [14 * 60, 18 * 60]] },
  { email: "sara.okafor@clinicflow.test", displayName: "Dr. Sara Okafor", department: "Pediatrics", room: "Room 5", title: "Pediatrician", days: [1, 2, 4, 5], ranges: [[8 * 60 + 30, 12 * 60 + 30], [13 * 60 + 30, 16 * 60 + 30]] },
] as const;

const patients = [
  { email: "maria.schmidt@example.test", firstName: "Maria", lastName: "Schmidt", dateOfBirth: "1984-03-12", phone: "+49 30 1234 5601", mrn: "MRN-DEMO0001" },
  { email: "lukas.meyer@example.test", firstName: "Lukas", lastName: "Meyer", dateOfBirth: "1991-07-30", phone: "+49 30 1234 5602", mrn: "MRN-DEMO0002" },
  { email: "emma.fischer@example.test", firstName: "Emma", lastName: "Fischer", dateOfBirth: "2016-11-02", phone: "+49 30 1234 5603", mrn: "MRN-DEMO0003" },
  { email: "noah.wagner@example.test", firstName: "Noah", lastName: "Wagner", dateOfBirth: "1958-01-21", phone: "+49 30 1234 5604", mrn: "MRN-DEMO0004" },
  { email: "lea.hoffmann@example.test", firstName: "Lea", lastName: "Hoffmann", dateOfBirth: "2001-05-17", phone: "+49 30 1234 5605", mrn: "MRN-DEMO0005" },
] as const;

const appointmentTypes = [
  { department: "General Practice", name: "Consultation", durationMinutes: 15, bookableOnline: true },
  { department: "General Practice", name: "Long consultation", durationMinutes: 30, bookableOnline: true },
  { department: "General Practice", name: "Vaccination", durationMinutes: 10, bookableOnline: true },
  { department: "General Practice", name: "Minor procedure", durationMinutes: 45, bookableOnline: false },
  { department: "Pediatrics", name: "Child check-up", durationMinutes: 30, bookableOnline: true },
  { department: "Pediatrics", name: "Childhood vaccination", durationMinutes: 15, bookableOnline: true },
] as const;

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: "admin@clinicflow.test", role: "ADMIN", displayName: "Alex Admin" },
  { email: "reception@clinicflow.test", role: "RECEPTIONIST", displayName: "Rita Reception" },
  ...clinicians.map((c) => ({ email: c.email, role: "CLINICIAN" as const, displayName: c.displayName })),
  ...patients.map((p) => ({ email: p.email, role: "PATIENT" as const, displayName: `${p.firstName} ${p.lastName}` })),
];

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [users, locations] = await Promise.all([db.user.count(), db.location.count()]);
  return users === 0 && locations === 0;
}

/** Creates the demo clinic in one transaction: all of it, or nothing. */
export async function seedDemoClinic(db: Db, now = Date.now()): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(async (tx) => {
    const location = await tx.location.create({
      data: { name: "Clinicflow Riverside Clinic", timeZone: TIME_ZONE, address: "Uferstraße 12, 10999 Berlin", displayKey: DEMO_DISPLAY_KEY },
    });
    const departmentIds = new Map<string, string>();
    for (const name of ["General Practice", "Pediatrics"]) {
      const d = await tx.department.create({ data: { name, locationId: location.id, ticketPrefix: name.charAt(0).toUpperCase() } });
      departmentIds.set(name, d.id);
    }
    const departmentId = (name: string) => {
      const id = departmentIds.get(name);
      if (!id) throw new Error(`unknown department ${name}`);
      return id;
    };

    for (const account of DEMO_ACCOUNTS.filter((a) => a.role === "ADMIN" || a.role === "RECEPTIONIST")) {
      await tx.user.create({ data: { ...account, passwordHash } });
    }
    for (const c of clinicians) {
      const user = await tx.user.create({ data: { email: c.email, displayName: c.displayName, role: "CLINICIAN", passwordHash } });
      await tx.clinician.create({
        data: {
          userId: user.id,
          departmentId: departmentId(c.department),
          room: c.room,
          title: c.title,
          weeklyAvailability: {
            create: c.days.flatMap((weekday) => c.ranges.map(([startMinute, endMinute]) => ({ weekday, startMinute, endMinute }))),
          },
        },
      });
    }
    for (const p of patients) {
      const user = await tx.user.create({ data: { email: p.email, displayName: `${p.firstName} ${p.lastName}`, role: "PATIENT", passwordHash } });
      await tx.patient.create({
        data: {
          userId: user.id,
          medicalRecordNumber: p.mrn,
          firstName: p.firstName,
          lastName: p.lastName,
          dateOfBirth: new Date(`${p.dateOfBirth}T00:00:00Z`),
          phone: p.phone,
          email: p.email,
        },
      });
    }
    await tx.appointmentType.createMany({
      data: appointmentTypes.map((t) => ({ departmentId: departmentId(t.department), name: t.name, durationMinutes: t.durationMinutes, bookableOnline: t.bookableOnline })),
    });
    await seedDemoAppointments(tx, now);
  }, { timeout: 30_000 });
  await seedDemoMessages(db);
}

/** The default channels, with a first message in each so staff see how messaging looks. */
async function seedDemoMessages(db: Db): Promise<void> {
  await ensureDefaultChannels(db);
  const quiet: Realtime = { emit: () => undefined, emitPublic: () => undefined, joinUsers: () => undefined, leaveUsers: () => undefined };
  const author = async (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true, role: true, displayName: true } });
  const channel = async (where: { systemKey: string } | { department: { name: string } }) => (await db.conversation.findFirstOrThrow({ where, select: { id: true } })).id;
  const posts = [
    { from: "admin@clinicflow.test", to: await channel({ systemKey: ALL_STAFF_KEY }), body: "Welcome to Clinicflow. This channel reaches all staff; mention someone with @ and their name." },
    { from: "reception@clinicflow.test", to: await channel({ department: { name: "General Practice" } }), body: "Morning! Room 2 is free from 10:00 if anyone needs it." },
  ];
  for (const [i, post] of posts.entries()) {
    await sendMessage({ db, realtime: quiet }, await author(post.from), { conversationId: post.to, clientId: `demo-${i + 1}`, body: post.body, urgent: false });
  }
}

/**
 * A few appointments so the day views and "My appointments" are not empty: each demo patient
 * has a completed visit last week and a booked one next week, with Dr. Weber (who works
 * Monday to Friday, 08:00–12:00 and 13:00–17:00; these are at 09:00 and after).
 */
async function seedDemoAppointments(db: DbOrTx, now: number): Promise<void> {
  const weber = await db.clinician.findFirstOrThrow({ where: { user: { email: "anna.weber@clinicflow.test" } }, select: { id: true, departmentId: true } });
  const consultation = await db.appointmentType.findFirstOrThrow({ where: { departmentId: weber.departmentId, name: "Consultation" }, select: { id: true, durationMinutes: true } });
  const demoPatients = await db.patient.findMany({ where: { medicalRecordNumber: { in: patients.map((p) => p.mrn) } }, select: { id: true }, orderBy: { medicalRecordNumber: "asc" } });
  const weekday = (date: string) => weekdayOf(date) >= 1 && weekdayOf(date) <= 5;
  const nthWeekday = (from: string, step: 1 | -1) => {
    let date = addDays(from, step);
    while (!weekday(date)) date = addDays(date, step);
    return date;
  };
  const today = localDateOf(now, TIME_ZONE);
  const lastWeek = nthWeekday(addDays(today, -7), -1);
  const nextWeek = nthWeekday(addDays(today, 7), 1);
  const rows = demoPatients.flatMap((patient, i) =>
    [
      { date: lastWeek, status: "COMPLETED" as const },
      { date: nextWeek, status: "BOOKED" as const },
    ].map(({ date, status }) => {
      const startsAt = localToInstant(date, 9 * 60 + i * 30, TIME_ZONE)!;
      const endsAt = startsAt + consultation.durationMinutes * 60_000;
      return { patientId: patient.id, clinicianId: weber.id, appointmentTypeId: consultation.id, startsAt: new Date(startsAt), endsAt: new Date(endsAt), blockedUntil: new Date(endsAt), status };
    }),
  );
  await db.appointment.createMany({ data: rows });
}
