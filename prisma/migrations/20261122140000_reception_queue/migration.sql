-- CreateEnum
CREATE TYPE "TicketState" AS ENUM ('WAITING', 'CALLED', 'IN_SERVICE', 'DONE', 'NO_SHOW', 'CANCELLED', 'TRANSFERRED');

-- CreateEnum
CREATE TYPE "TicketPriority" AS ENUM ('NORMAL', 'URGENT');

-- AlterTable
ALTER TABLE "Location" ADD COLUMN     "checkInClosesMinutes" SMALLINT NOT NULL DEFAULT 15,
ADD COLUMN     "checkInOpensMinutes" SMALLINT NOT NULL DEFAULT 30,
ADD COLUMN     "displayKey" TEXT,
ADD COLUMN     "maxRecalls" SMALLINT NOT NULL DEFAULT 2,
ADD COLUMN     "recallIntervalSeconds" SMALLINT NOT NULL DEFAULT 120;

-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "ticketPrefix" TEXT NOT NULL DEFAULT 'Q',
ADD COLUMN     "waitAlertMinutes" SMALLINT NOT NULL DEFAULT 30;

-- CreateTable
CREATE TABLE "Ticket" (
    "id" UUID NOT NULL,
    "departmentId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "appointmentId" UUID,
    "serviceDate" DATE NOT NULL,
    "number" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "state" "TicketState" NOT NULL DEFAULT 'WAITING',
    "priority" "TicketPriority" NOT NULL DEFAULT 'NORMAL',
    "reason" TEXT,
    "queuedAt" TIMESTAMPTZ(3) NOT NULL,
    "checkedInAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checkedInById" UUID,
    "calledAt" TIMESTAMPTZ(3),
    "calledTo" TEXT,
    "callCount" SMALLINT NOT NULL DEFAULT 0,
    "serviceStartedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "transferredToId" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Ticket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueCounter" (
    "departmentId" UUID NOT NULL,
    "serviceDate" DATE NOT NULL,
    "lastNumber" INTEGER NOT NULL,

    CONSTRAINT "QueueCounter_pkey" PRIMARY KEY ("departmentId","serviceDate")
);

-- CreateTable
CREATE TABLE "QueueSequence" (
    "departmentId" UUID NOT NULL,
    "seq" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "QueueSequence_pkey" PRIMARY KEY ("departmentId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_appointmentId_key" ON "Ticket"("appointmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_transferredToId_key" ON "Ticket"("transferredToId");

-- CreateIndex
CREATE INDEX "Ticket_departmentId_serviceDate_state_idx" ON "Ticket"("departmentId", "serviceDate", "state");

-- CreateIndex
CREATE INDEX "Ticket_patientId_idx" ON "Ticket"("patientId");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_departmentId_serviceDate_number_key" ON "Ticket"("departmentId", "serviceDate", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Location_displayKey_key" ON "Location"("displayKey");

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_checkedInById_fkey" FOREIGN KEY ("checkedInById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_transferredToId_fkey" FOREIGN KEY ("transferredToId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueCounter" ADD CONSTRAINT "QueueCounter_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueSequence" ADD CONSTRAINT "QueueSequence_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Existing departments get a prefix from their name's first letter (G for General Practice).
UPDATE "Department" SET "ticketPrefix" = upper(left(regexp_replace("name", '[^A-Za-z]', '', 'g'), 1))
 WHERE regexp_replace("name", '[^A-Za-z]', '', 'g') <> '';

ALTER TABLE "Department" ADD CONSTRAINT "Department_ticketPrefix_check" CHECK ("ticketPrefix" ~ '^[A-Z]{1,3}$');
ALTER TABLE "Department" ADD CONSTRAINT "Department_waitAlertMinutes_check" CHECK ("waitAlertMinutes" BETWEEN 1 AND 600);
ALTER TABLE "Location" ADD CONSTRAINT "Location_queue_policy_check" CHECK (
  "checkInOpensMinutes" BETWEEN 0 AND 240
  AND "checkInClosesMinutes" BETWEEN 0 AND 240
  AND "recallIntervalSeconds" BETWEEN 10 AND 3600
  AND "maxRecalls" BETWEEN 0 AND 10
);

ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_number_check" CHECK ("number" > 0);
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_reason_check" CHECK ("reason" IS NULL OR length("reason") <= 200);
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_called_check" CHECK (("state" IN ('CALLED', 'IN_SERVICE', 'DONE')) <= ("calledAt" IS NOT NULL AND "calledTo" IS NOT NULL));
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_transfer_check" CHECK (("state" = 'TRANSFERRED') = ("transferredToId" IS NOT NULL));
ALTER TABLE "QueueCounter" ADD CONSTRAINT "QueueCounter_lastNumber_check" CHECK ("lastNumber" > 0);

-- A patient has at most one open ticket per department and day.
CREATE UNIQUE INDEX "Ticket_open_patient_key" ON "Ticket" ("departmentId", "serviceDate", "patientId") WHERE "state" IN ('WAITING', 'CALLED', 'IN_SERVICE');

ALTER TABLE "Location" ADD CONSTRAINT "Location_displayKey_check" CHECK ("displayKey" IS NULL OR length("displayKey") BETWEEN 16 AND 100);
