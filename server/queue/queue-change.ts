import { type Prisma } from "../db/generated/client.ts";
import type { Db } from "../db/client.ts";
import type { QueueChangeKind } from "../gateway/contract.ts";
import type { Realtime } from "../gateway/realtime.ts";
import { rooms } from "../gateway/rooms.ts";
import { findTicketRow, toPublicTicketView, toTicketView } from "./ticket-view.ts";

type Tx = Prisma.TransactionClient;

/**
 * Every change to a department's queue goes through here: one transaction that holds the
 * department's queue lock (so changes, and calls in particular, happen one at a time and in
 * policy order), makes the change, and takes the department's next sequence number. After
 * the commit the change is pushed, with its number, to the board (names) and to the public
 * stream (displays and patients' pages, no names). A client that sees a gap re-reads a
 * snapshot, so a missed event never leaves a screen wrong.
 */
export interface QueueChange {
  departmentId: string;
  ticketId: string;
  kind: QueueChangeKind;
}

export interface QueueDeps {
  db: Db;
  realtime: Realtime;
  metrics?: QueueMetrics;
}

export async function lockDepartmentQueue(tx: Tx, departmentId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`queue:${departmentId}`}))`;
}

export async function nextSequence(tx: Tx, departmentId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ seq: bigint }[]>`
    INSERT INTO "QueueSequence" ("departmentId", "seq") VALUES (${departmentId}::uuid, 1)
    ON CONFLICT ("departmentId") DO UPDATE SET "seq" = "QueueSequence"."seq" + 1
    RETURNING "seq"`;
  return Number(row!.seq);
}

/**
 * Runs `change` holding the queue locks of `departmentIds` (taken in a fixed order, so two
 * changes that touch the same departments never deadlock), numbers each resulting change in
 * its department's sequence, commits, then publishes.
 */
export async function changeQueue(deps: QueueDeps, departmentIds: string[], change: (tx: Tx) => Promise<QueueChange[]>): Promise<QueueChange[]> {
  const { changes, events } = await deps.db.$transaction(async (tx) => {
    for (const id of [...new Set(departmentIds)].sort()) await lockDepartmentQueue(tx, id);
    const changes = await change(tx);
    const events: { change: QueueChange; seq: number }[] = [];
    for (const c of changes) events.push({ change: c, seq: await nextSequence(tx, c.departmentId) });
    return { changes, events };
  });
  for (const { change, seq } of events) await publishQueueChange(deps, change, seq);
  return changes;
}

export async function publishQueueChange(deps: QueueDeps, change: QueueChange, seq: number): Promise<void> {
  const row = await findTicketRow(deps.db, change.ticketId);
  if (!row) return;
  const { departmentId, kind } = change;
  deps.realtime.emit(rooms.queue(departmentId), "queue:changed", { departmentId, seq, kind, ticket: toTicketView(row) });
  deps.realtime.emitPublic(rooms.queuePublic(departmentId), "queue:public-changed", { departmentId, seq, kind, ticket: toPublicTicketView(row) });
  deps.metrics?.observe(change, row);
}

/** What the queue reports to /metrics as changes happen. */
export interface QueueMetrics {
  observe(change: QueueChange, ticket: { checkedInAt: Date; calledAt: Date | null; serviceStartedAt: Date | null; finishedAt: Date | null; callCount: number }): void;
}
