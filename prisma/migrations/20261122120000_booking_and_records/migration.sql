-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('HELD', 'BOOKED', 'CANCELLED', 'COMPLETED', 'NO_SHOW');

-- CreateEnum
CREATE TYPE "CancelledBy" AS ENUM ('PATIENT', 'CLINIC');

-- CreateEnum
CREATE TYPE "WaitlistStatus" AS ENUM ('WAITING', 'OFFERED', 'BOOKED', 'EXPIRED', 'CANCELLED');

-- AlterTable
ALTER TABLE "Location" ADD COLUMN     "bookingHorizonDays" SMALLINT NOT NULL DEFAULT 60,
ADD COLUMN     "cancellationWindowMinutes" INTEGER NOT NULL DEFAULT 1440,
ADD COLUMN     "holdMinutes" SMALLINT NOT NULL DEFAULT 5,
ADD COLUMN     "minNoticeMinutes" INTEGER NOT NULL DEFAULT 120,
ADD COLUMN     "slotStepMinutes" SMALLINT NOT NULL DEFAULT 15,
ADD COLUMN     "waitlistOfferMinutes" SMALLINT NOT NULL DEFAULT 30;

-- AlterTable
ALTER TABLE "Clinician" ADD COLUMN     "bufferMinutes" SMALLINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "AppointmentType" ADD COLUMN     "archivedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "Appointment" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "clinicianId" UUID NOT NULL,
    "appointmentTypeId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "blockedUntil" TIMESTAMPTZ(3) NOT NULL,
    "status" "AppointmentStatus" NOT NULL,
    "holdExpiresAt" TIMESTAMPTZ(3),
    "bookedById" UUID,
    "cancelledBy" "CancelledBy",
    "cancelReason" TEXT,
    "cancelledAt" TIMESTAMPTZ(3),
    "rescheduledFromId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Appointment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaitlistEntry" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "departmentId" UUID NOT NULL,
    "clinicianId" UUID,
    "appointmentTypeId" UUID NOT NULL,
    "fromDate" DATE NOT NULL,
    "toDate" DATE NOT NULL,
    "status" "WaitlistStatus" NOT NULL DEFAULT 'WAITING',
    "offeredAppointmentId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WaitlistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "patientId" UUID,
    "details" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Appointment_rescheduledFromId_key" ON "Appointment"("rescheduledFromId");

-- CreateIndex
CREATE INDEX "Appointment_clinicianId_startsAt_idx" ON "Appointment"("clinicianId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_patientId_startsAt_idx" ON "Appointment"("patientId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_status_holdExpiresAt_idx" ON "Appointment"("status", "holdExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_offeredAppointmentId_key" ON "WaitlistEntry"("offeredAppointmentId");

-- CreateIndex
CREATE INDEX "WaitlistEntry_departmentId_status_createdAt_idx" ON "WaitlistEntry"("departmentId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "WaitlistEntry_patientId_idx" ON "WaitlistEntry"("patientId");

-- CreateIndex
CREATE INDEX "AuditEvent_patientId_at_idx" ON "AuditEvent"("patientId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "Patient_dateOfBirth_idx" ON "Patient"("dateOfBirth");

-- CreateIndex
CREATE INDEX "Patient_phone_idx" ON "Patient"("phone");

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_clinicianId_fkey" FOREIGN KEY ("clinicianId") REFERENCES "Clinician"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_appointmentTypeId_fkey" FOREIGN KEY ("appointmentTypeId") REFERENCES "AppointmentType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_bookedById_fkey" FOREIGN KEY ("bookedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_rescheduledFromId_fkey" FOREIGN KEY ("rescheduledFromId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_clinicianId_fkey" FOREIGN KEY ("clinicianId") REFERENCES "Clinician"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_appointmentTypeId_fkey" FOREIGN KEY ("appointmentTypeId") REFERENCES "AppointmentType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_offeredAppointmentId_fkey" FOREIGN KEY ("offeredAppointmentId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- No double booking, guaranteed by the database: two appointments of one clinician that hold
-- time (HELD or BOOKED) never overlap over [startsAt, blockedUntil). blockedUntil includes
-- the clinician's buffer, so buffers are protected too. Prisma cannot express EXCLUDE.
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_no_overlap"
  EXCLUDE USING gist ("clinicianId" WITH =, tstzrange("startsAt", "blockedUntil", '[)') WITH &&)
  WHERE ("status" IN ('HELD', 'BOOKED'));

ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_times_check" CHECK ("endsAt" > "startsAt" AND "blockedUntil" >= "endsAt");
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_hold_check" CHECK (("status" = 'HELD') = ("holdExpiresAt" IS NOT NULL));
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_cancel_check" CHECK (("status" = 'CANCELLED') = ("cancelledBy" IS NOT NULL AND "cancelledAt" IS NOT NULL));
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_cancelReason_check" CHECK ("cancelReason" IS NULL OR length("cancelReason") <= 500);

ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_dates_check" CHECK ("toDate" >= "fromDate");
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_offer_check" CHECK (("status" = 'OFFERED') = ("offeredAppointmentId" IS NOT NULL));

ALTER TABLE "Location" ADD CONSTRAINT "Location_policy_check" CHECK (
  "minNoticeMinutes" BETWEEN 0 AND 43200
  AND "bookingHorizonDays" BETWEEN 1 AND 730
  AND "cancellationWindowMinutes" BETWEEN 0 AND 43200
  AND "holdMinutes" BETWEEN 1 AND 60
  AND "waitlistOfferMinutes" BETWEEN 5 AND 1440
  AND "slotStepMinutes" BETWEEN 5 AND 120
);
ALTER TABLE "Clinician" ADD CONSTRAINT "Clinician_bufferMinutes_check" CHECK ("bufferMinutes" BETWEEN 0 AND 120);
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_action_check" CHECK ("action" ~ '^[a-z]+(\.[a-z-]+)+$');

-- Patient search: case-insensitive prefix matches on names and medical record numbers.
CREATE INDEX "Patient_lower_lastName_idx" ON "Patient" (lower("lastName") text_pattern_ops);
CREATE INDEX "Patient_lower_firstName_idx" ON "Patient" (lower("firstName") text_pattern_ops);
