-- CreateEnum
CREATE TYPE "ConversationKind" AS ENUM ('CHANNEL', 'DIRECT', 'GROUP', 'VISIT');

-- CreateTable
CREATE TABLE "Conversation" (
    "id" UUID NOT NULL,
    "kind" "ConversationKind" NOT NULL,
    "name" TEXT,
    "departmentId" UUID,
    "systemKey" TEXT,
    "directKey" TEXT,
    "ticketId" UUID,
    "createdById" UUID,
    "lastEventSeq" INTEGER NOT NULL DEFAULT 0,
    "lastMessageAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationMember" (
    "conversationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "lastReadSeq" INTEGER NOT NULL DEFAULT 0,
    "joinedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationMember_pkey" PRIMARY KEY ("conversationId","userId")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "eventSeq" INTEGER NOT NULL,
    "senderId" UUID NOT NULL,
    "clientId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "mentionIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" TIMESTAMPTZ(3),
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UrgentAcknowledgement" (
    "messageId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "lastRemindedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UrgentAcknowledgement_pkey" PRIMARY KEY ("messageId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_departmentId_key" ON "Conversation"("departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_systemKey_key" ON "Conversation"("systemKey");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_directKey_key" ON "Conversation"("directKey");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_ticketId_key" ON "Conversation"("ticketId");

-- CreateIndex
CREATE INDEX "ConversationMember_userId_idx" ON "ConversationMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Message_conversationId_seq_key" ON "Message"("conversationId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Message_conversationId_eventSeq_key" ON "Message"("conversationId", "eventSeq");

-- CreateIndex
CREATE UNIQUE INDEX "Message_senderId_clientId_key" ON "Message"("senderId", "clientId");

-- CreateIndex
CREATE INDEX "UrgentAcknowledgement_userId_acknowledgedAt_idx" ON "UrgentAcknowledgement"("userId", "acknowledgedAt");

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationMember" ADD CONSTRAINT "ConversationMember_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationMember" ADD CONSTRAINT "ConversationMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrgentAcknowledgement" ADD CONSTRAINT "UrgentAcknowledgement_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrgentAcknowledgement" ADD CONSTRAINT "UrgentAcknowledgement_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Each kind carries exactly its own key; channels are named.
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_kind_keys_check" CHECK (
    ("kind" = 'CHANNEL' AND "name" IS NOT NULL AND "directKey" IS NULL AND "ticketId" IS NULL)
 OR ("kind" = 'DIRECT' AND "directKey" IS NOT NULL AND "departmentId" IS NULL AND "systemKey" IS NULL AND "ticketId" IS NULL)
 OR ("kind" = 'GROUP' AND "directKey" IS NULL AND "departmentId" IS NULL AND "systemKey" IS NULL AND "ticketId" IS NULL)
 OR ("kind" = 'VISIT' AND "ticketId" IS NOT NULL AND "directKey" IS NULL AND "departmentId" IS NULL AND "systemKey" IS NULL)
);
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_name_check" CHECK ("name" IS NULL OR char_length(btrim("name")) BETWEEN 1 AND 80);
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_lastEventSeq_check" CHECK ("lastEventSeq" >= 0);

ALTER TABLE "ConversationMember" ADD CONSTRAINT "ConversationMember_lastReadSeq_check" CHECK ("lastReadSeq" >= 0);

-- A message has 1..4000 characters of text, or none once deleted.
ALTER TABLE "Message" ADD CONSTRAINT "Message_body_check" CHECK (
    ("deletedAt" IS NULL AND char_length(btrim("body")) >= 1 AND char_length("body") <= 4000)
 OR ("deletedAt" IS NOT NULL AND "body" = '')
);
ALTER TABLE "Message" ADD CONSTRAINT "Message_clientId_check" CHECK (char_length("clientId") BETWEEN 1 AND 64);
ALTER TABLE "Message" ADD CONSTRAINT "Message_seq_check" CHECK ("seq" >= 1 AND "eventSeq" >= "seq");
ALTER TABLE "Message" ALTER COLUMN "mentionIds" SET NOT NULL;
