-- Patient search (server/patients/search-patients.ts): medical record number prefixes and
-- phone numbers compared digit for digit, both without scanning the table.
CREATE INDEX "Patient_medicalRecordNumber_pattern_idx" ON "Patient" ("medicalRecordNumber" text_pattern_ops);
CREATE INDEX "Patient_phone_digits_idx" ON "Patient" (regexp_replace("phone", '[^0-9]', '', 'g'));

-- Appointment type names are unique within a department whatever their case.
CREATE UNIQUE INDEX "AppointmentType_departmentId_lower_name_key" ON "AppointmentType" ("departmentId", lower("name"));

-- Lengths the schedule forms promise, kept by the database too.
ALTER TABLE "AppointmentType" ADD CONSTRAINT "AppointmentType_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 100);
ALTER TABLE "Clinician" ADD CONSTRAINT "Clinician_room_length_check" CHECK (length("room") <= 50);
ALTER TABLE "Clinician" ADD CONSTRAINT "Clinician_title_length_check" CHECK ("title" IS NULL OR length("title") <= 100);

-- One active waitlist entry per patient and appointment type (the service also locks the
-- patient row while joining; this keeps the rule whatever writes the table).
CREATE UNIQUE INDEX "WaitlistEntry_active_patient_type_key" ON "WaitlistEntry" ("patientId", "appointmentTypeId") WHERE "status" IN ('WAITING', 'OFFERED');
