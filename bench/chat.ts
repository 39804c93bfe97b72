/**
 * Staff messaging benchmark: with two instances sharing Redis, how many messages per second
 * reach every member, how late, and does any get lost, duplicated or reordered?
 *
 * Two Clinicflow gateways in this process (startTestGateway, each with its own pool of 10
 * like an app instance, the Redis adapter on one redis-server) and an embedded PostgreSQL.
 * CLIENTS staff users (clinicians and receptionists) in CONVERSATIONS group conversations of
 * consecutive users (at most 10 people, the service's limit), created through createConversation
 * before anyone connects (the handshake joins a socket to its conversations' rooms). Client n
 * connects to instance n % 2, so every conversation has members on both. After a warm-up (one message per conversation, which also
 * shows whether the sender's own socket gets message:new), clients send `message:send` at a
 * fixed total RATE for SECONDS, each message from the next client of a freshly shuffled round
 * (so every user sends about RATE / CLIENTS per second, under the server's per-user limit of
 * 30 per 10 s, which is raised, and said so, only for a run that would go over it),
 * into its conversation, with a fresh clientId and a numbered ~100-byte body.
 *
 * Measured per delivery (member socket, message): end-to-end latency from the send to its
 * message:new (one process, one clock); per send: the ack's latency. Then, with PostgreSQL as
 * the truth: every saved message must reach every member socket exactly once (lost,
 * duplicated), with the seq and id the database holds, and each member's view (messages placed
 * by seq, as the browser does) in the database's order (order violations); deliveries that
 * arrive after a higher seq are counted too (arrival order, with where the pair came from); every
 * conversation's seqs must run 1..n without gaps; acks must match the saved rows. Any failure
 * exits 1. Clients and servers share this process (2 cores), so absolute figures include the
 * clients' own cost.
 *
 *   npm run bench:chat                                          # 500 clients, 50 conversations, 100 msg/s, 30 s
 *   CLIENTS=100 CONVERSATIONS=10 SECONDS=5 npm run bench:chat   # a quick run (below the required size)
 *
 * Every loop is bounded in count, every wait in time, and the whole run by TIME_LIMIT_SECONDS.
 * Loopback only.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createDb, type Db } from "../server/db/client.ts";
import { createConversation } from "../server/messaging/conversations.ts";
import { GROUP_MAX_MEMBERS } from "../server/messaging/rules.ts";
import type { MessageView } from "../server/messaging/views.ts";
import type { Role } from "../server/roles.ts";
import { createUser, type TestUser } from "../tests/helpers/factories.ts";
import { connectClient, startTestGateway, type TestClient, type TestGateway, type TestGatewayOptions } from "../tests/helpers/gateway.ts";
import { sessionCookieFor } from "../tests/helpers/session.ts";
import { inBatches } from "./lib/connect.ts";
import { boundedInt } from "./lib/env.ts";
import { startBenchInfrastructure } from "./lib/infrastructure.ts";
import { quantiles } from "./lib/quantiles.ts";
import { exitWith, printVerdict, startWatchdog } from "./lib/run.ts";
import { now, onSchedule, sleep, until } from "./lib/timing.ts";

/** What the issue asks for; smaller runs are allowed for a quick look, and say so. */
const REQUIRED = { clients: 500, conversations: 50, seconds: 30 };

const CLIENTS = boundedInt("CLIENTS", REQUIRED.clients, 4, 5_000);
// Groups have 2..GROUP_MAX_MEMBERS people (the service's rule), so that bounds how few conversations there can be.
const CONVERSATIONS = boundedInt("CONVERSATIONS", REQUIRED.conversations, Math.ceil(CLIENTS / GROUP_MAX_MEMBERS), Math.floor(CLIENTS / 2));
const RATE = boundedInt("RATE", 100, 1, 1_000);
const SECONDS = boundedInt("SECONDS", REQUIRED.seconds, 1, 300);
const TIME_LIMIT_SECONDS = boundedInt("TIME_LIMIT_SECONDS", 600, 60, 1_800);
const INSTANCES = 2;
const POOL_PER_INSTANCE = 10;
const CONNECT_BATCH = 50;
const ACK_TIMEOUT_MS = 15_000;
const QUIET_MS = 2_000;
const DRAIN_MS = 15_000;
const BODY_BYTES = 100;
/** The server's per-sender limit (tests/helpers/gateway.ts uses the production default). */
const SEND_LIMIT = { points: 30, seconds: 10 };
/**
 * Senders go round a shuffled list of all clients, so in any window a user sends at most
 * about window × RATE / CLIENTS messages, plus one where two rounds meet. Only a run that
 * would go over the server's limit raises it (and says so); the default run stays under it.
 */
const MOST_PER_WINDOW = Math.ceil((SEND_LIMIT.seconds * RATE) / CLIENTS) + 1;
const GATEWAY_OPTIONS: TestGatewayOptions = MOST_PER_WINDOW > SEND_LIMIT.points ? { messageRateLimit: { points: 2 * MOST_PER_WINDOW, seconds: SEND_LIMIT.seconds } } : {};

/** Client n is in conversation conversationOf(n): consecutive blocks, so members alternate between the instances. */
const conversationOf = (n: number) => Math.floor((n * CONVERSATIONS) / CLIENTS);

interface Member {
  n: number;
  user: TestUser;
  conversation: number;
  socket: TestClient;
  /** Ids of the messages this socket got, to find duplicates. */
  seen: Set<string>;
  /** id → seq of every message this socket got: placed by seq, its view of the conversation. */
  placed: Map<string, number>;
  /** The highest seq this socket got (it is in one conversation). */
  lastSeq: number;
  /** The message with that seq, and when it arrived here. */
  newest?: { message: Sent; at: number };
}

/** One message sent by the benchmark. */
interface Sent {
  clientId: string;
  sender: Member;
  conversation: number;
  warmUp: boolean;
  sentAt: number;
  ackedAt?: number;
  ack?: { id: string; seq: number; duplicate: boolean };
  ackError?: string;
  /** What the first delivery said, to compare with every other delivery and the database. */
  delivered?: { id: string; seq: number; senderId: string };
  deliveries: number;
  senderGotIt: boolean;
}

/** A message that reached a member after one with a higher seq had. */
interface LateArrival {
  late: Sent;
  overtakenBy: Sent;
  /** How long after the overtaking message it arrived at this member. */
  afterMs: number;
}

interface Tally {
  deliveries: number;
  latencies: number[];
  duplicates: number;
  orderViolations: LateArrival[];
  /** message:new at a socket whose user is not a member of that conversation. */
  toNonMembers: number;
  /** message:new for a clientId this benchmark never sent. */
  unknown: number;
  /** Deliveries whose id, seq or sender differ from another delivery of the same message. */
  inconsistent: number;
  firstSendAt: number;
  lastArrivalAt: number;
}

async function createStaff(db: Db): Promise<TestUser[]> {
  const users: TestUser[] = [];
  for (let start = 0; start < CLIENTS; start += 50) {
    const batch = Array.from({ length: Math.min(50, CLIENTS - start) }, (_, k): Role => ((start + k) % 3 === 0 ? "RECEPTIONIST" : "CLINICIAN"));
    users.push(...(await Promise.all(batch.map((role) => createUser(db, role)))));
  }
  return users;
}

/** Group conversations through the service the HTTP route uses, created by their first member. */
async function createConversations(gateway: TestGateway, db: Db, users: TestUser[]): Promise<string[]> {
  const ids: string[] = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const [creator, ...others] = users.filter((_, n) => conversationOf(n) === c);
    const { conversation } = await createConversation({ db, realtime: gateway.realtime }, creator!, { kind: "group", name: `Bench group ${c + 1}`, memberIds: others.map((u) => u.id) });
    ids.push(conversation.id);
  }
  return ids;
}

/** Until both instances have no sockets and presence shows nobody online (bounded: 5 s). */
async function settle(gateways: TestGateway[]): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const sockets = gateways.reduce((sum, g) => sum + g.io.of("/").sockets.size, 0);
    const online = gateways[0] ? (await gateways[0].presence.snapshot().catch(() => null))?.statuses.size ?? 0 : 0;
    if (sockets === 0 && online === 0) break;
    await sleep(50);
  }
  await sleep(200); // the broadcasts that follow the last presence updates
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

async function main() {
  const disarmWatchdog = startWatchdog("bench:chat", TIME_LIMIT_SECONDS);

  const failures: string[] = [];
  const infra = await startBenchInfrastructure("clinicflow_bench_chat");
  const url = infra.databaseUrl;
  const setupDb = createDb(url, { poolMax: 10 });
  const instanceDbs = Array.from({ length: INSTANCES }, () => createDb(url, { poolMax: POOL_PER_INSTANCE }));
  const gateways: TestGateway[] = [];
  const members: Member[] = [];
  try {
    const keyPrefix = `bench:chat:${process.pid}:`;
    for (const db of instanceDbs) gateways.push(await startTestGateway(db, { url: infra.redisUrl, keyPrefix }, GATEWAY_OPTIONS));

    const small = CLIENTS < REQUIRED.clients || CONVERSATIONS < REQUIRED.conversations || SECONDS < REQUIRED.seconds;
    console.log(
      `chat bench (node ${process.version}, ${os.cpus().length} cores, loopback): ${CLIENTS} staff clients in ${CONVERSATIONS} group conversations ` +
        `(${Math.floor(CLIENTS / CONVERSATIONS)}–${Math.ceil(CLIENTS / CONVERSATIONS)} members), ${INSTANCES} instances via Redis, ` +
        `${RATE} messages/s for ${SECONDS} s (${(RATE / CLIENTS).toFixed(2)} per user per second)` +
        `; send limit per user ${GATEWAY_OPTIONS.messageRateLimit ? `RAISED to ${GATEWAY_OPTIONS.messageRateLimit.points}` : `the server's ${SEND_LIMIT.points}`} per ${SEND_LIMIT.seconds} s (at most ${MOST_PER_WINDOW} per window here)` +
        (small ? `\nnote: smaller than the required run (${REQUIRED.clients} clients, ${REQUIRED.conversations} conversations, ${REQUIRED.seconds} s)` : ""),
    );

    let phase = now();
    const users = await createStaff(setupDb);
    const conversationIds = await createConversations(gateways[0]!, setupDb, users);
    const conversationIndex = new Map(conversationIds.map((id, c) => [id, c]));
    const memberCount = Array.from({ length: CONVERSATIONS }, (_, c) => users.filter((_, n) => conversationOf(n) === c).length);
    const cookies = await Promise.all(users.map((u) => sessionCookieFor(u)));
    console.log(`setup: ${CLIENTS} users, ${CONVERSATIONS} conversations in ${((now() - phase) / 1000).toFixed(1)} s`);

    const sent = new Map<string, Sent>();
    const tally: Tally = { deliveries: 0, latencies: [], duplicates: 0, orderViolations: [], toNonMembers: 0, unknown: 0, inconsistent: 0, firstSendAt: Number.POSITIVE_INFINITY, lastArrivalAt: 0 };
    const onMessage = (member: Member, m: MessageView) => {
      const at = now();
      const message = sent.get(m.clientId);
      if (!message) {
        tally.unknown += 1;
        return;
      }
      if (conversationIndex.get(m.conversationId) !== member.conversation) tally.toNonMembers += 1;
      if (member.seen.has(m.id)) {
        tally.duplicates += 1;
        return;
      }
      member.seen.add(m.id);
      member.placed.set(m.id, m.seq);
      if (m.seq <= member.lastSeq && member.newest) {
        tally.orderViolations.push({ late: message, overtakenBy: member.newest.message, afterMs: at - member.newest.at });
      } else {
        member.lastSeq = m.seq;
        member.newest = { message, at };
      }
      message.delivered ??= { id: m.id, seq: m.seq, senderId: m.sender.id };
      if (message.delivered.id !== m.id || message.delivered.seq !== m.seq || message.delivered.senderId !== m.sender.id) tally.inconsistent += 1;
      message.deliveries += 1;
      if (member === message.sender) message.senderGotIt = true;
      if (message.warmUp) return;
      tally.deliveries += 1;
      tally.latencies.push(at - message.sentAt);
      tally.lastArrivalAt = Math.max(tally.lastArrivalAt, at);
    };

    phase = now();
    await inBatches(users, CONNECT_BATCH, async (user, n) => {
      const socket = await connectClient(gateways[n % INSTANCES]!.url, cookies[n]!);
      const member: Member = { n, user, conversation: conversationOf(n), socket, seen: new Set(), placed: new Map(), lastSeq: 0 };
      members[n] = member;
      socket.on("message:new", (m) => onMessage(member, m));
    });
    const connectSeconds = (now() - phase) / 1000;
    const rssAfterConnect = process.memoryUsage().rss;
    const heapAfterConnect = process.memoryUsage().heapUsed;
    console.log(`connected: ${CLIENTS} clients in ${connectSeconds.toFixed(1)} s (in batches of ${CONNECT_BATCH}), ${members.filter((m) => m.n % 2 === 0).length} on A, ${members.filter((m) => m.n % 2 === 1).length} on B`);
    await sleep(1_000); // presence notices of the connection storm settle

    const send = (sender: Member, warmUp: boolean, i: number) => {
      const clientId = randomUUID();
      const body = `${warmUp ? "warm-up" : "bench"} #${i} from client ${sender.n} `.padEnd(BODY_BYTES, "x");
      const message: Sent = { clientId, sender, conversation: sender.conversation, warmUp, sentAt: now(), deliveries: 0, senderGotIt: false };
      sent.set(clientId, message);
      return sender.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck("message:send", { conversationId: conversationIds[sender.conversation]!, clientId, body })
        .then(
          (reply) => {
            message.ackedAt = now();
            if ("data" in reply) message.ack = { id: reply.data.message.id, seq: reply.data.message.seq, duplicate: reply.data.duplicate };
            else message.ackError = reply.error.code;
          },
          () => {
            message.ackError = "ACK_TIMEOUT";
          },
        );
    };

    // Warm-up: one message into each conversation, from a member on alternating instances.
    const warmSenders = Array.from({ length: CONVERSATIONS }, (_, c) => members.filter((m) => m.conversation === c)[c % 2]!);
    await Promise.all(warmSenders.map((m, c) => send(m, true, c)));
    const warm = [...sent.values()];
    const warmDone = await until(() => warm.every((w) => w.ackError || w.deliveries >= memberCount[w.conversation]! - 1), DRAIN_MS);
    await sleep(500); // an echo to the sender may come last
    const warmFailed = warm.filter((w) => w.ackError);
    if (warmFailed.length) throw new Error(`warm-up: ${warmFailed.length} sends failed (${[...new Set(warmFailed.map((w) => w.ackError))].join(", ")})`);
    if (!warmDone) throw new Error("warm-up: messages did not reach every member within 15 s");
    const echoes = warm.filter((w) => w.senderGotIt).length;
    if (echoes !== 0 && echoes !== warm.length) throw new Error(`warm-up: the sender's own socket got message:new for ${echoes} of ${warm.length} messages (expected all or none)`);
    const echo = echoes === warm.length;
    const receiversOf = (c: number) => memberCount[c]! - (echo ? 0 : 1);
    console.log(`warm-up: ${warm.length} messages; the sender's own socket ${echo ? "gets" : "does not get"} message:new, so each message is due at ${echo ? "every member" : "every other member"}`);

    // The measured run: a fixed schedule, sends never wait for acks.
    const total = RATE * SECONDS;
    // Clients and servers share this event loop: its delay is part of every latency below.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const loadBefore = os.loadavg()[0]!;
    const pending: Promise<void>[] = [];
    let round: Member[] = [];
    phase = now();
    tally.firstSendAt = phase;
    const issued = await onSchedule({ from: phase, count: total, perSecond: RATE, deadline: phase + (SECONDS + 30) * 1000 }, (i) => {
      if (round.length === 0) round = shuffled(members);
      pending.push(send(round.pop()!, false, i));
    });
    const sendSeconds = (now() - phase) / 1000;
    loopDelay.disable();
    const loadAfter = os.loadavg()[0]!;
    await Promise.all(pending); // each bounded by the ack timeout
    const measured = [...sent.values()].filter((s) => !s.warmUp);
    const expectedSoFar = () => measured.reduce((sum, s) => sum + (s.ack ? receiversOf(s.conversation) : 0), 0);
    let lastCount = -1;
    let quietSince = now();
    await until(() => {
      if (tally.deliveries !== lastCount) {
        lastCount = tally.deliveries;
        quietSince = now();
      }
      return tally.deliveries >= expectedSoFar() || now() - quietSince >= QUIET_MS;
    }, DRAIN_MS);
    await sleep(200); // late duplicates

    // PostgreSQL is the truth: what was saved, in which order.
    const rows = await setupDb.message.findMany({
      where: { conversationId: { in: conversationIds } },
      select: { id: true, conversationId: true, seq: true, clientId: true, senderId: true },
    });
    const counters = await setupDb.conversation.findMany({ where: { id: { in: conversationIds } }, select: { id: true, lastEventSeq: true } });
    const seqsBy = new Map<string, number[]>();
    for (const row of rows) seqsBy.set(row.conversationId, [...(seqsBy.get(row.conversationId) ?? []), row.seq]);
    let gappedConversations = 0;
    for (const { id, lastEventSeq } of counters) {
      const seqs = (seqsBy.get(id) ?? []).sort((a, b) => a - b);
      if (seqs.some((s, k) => s !== k + 1) || lastEventSeq !== seqs.length) gappedConversations += 1;
    }
    // The order users see: each member places messages by seq. It must be the database's order,
    // for every member. (Arrivals themselves may interleave: two sends commit in seq order, but
    // their pushes travel separately, through two instances and Redis.)
    const dbOrderBy = new Map<number, string[]>();
    for (const row of [...rows].sort((x, y) => x.seq - y.seq)) {
      const c = conversationIndex.get(row.conversationId)!;
      dbOrderBy.set(c, [...(dbOrderBy.get(c) ?? []), row.id]);
    }
    let orderViolations = 0;
    for (const member of members) {
      if (!member) continue;
      const view = [...member.placed].sort((x, y) => x[1] - y[1]).map(([id]) => id);
      const expectedView = (dbOrderBy.get(member.conversation) ?? []).filter((id) => member.placed.has(id));
      if (view.join() !== expectedView.join()) orderViolations += 1;
    }
    let savedWithoutAck = 0;
    let ackMismatches = 0;
    let deliveryMismatches = 0;
    let expected = 0;
    let lost = 0;
    let notInDb = 0;
    const byClientId = new Map(rows.map((r) => [r.clientId, r]));
    for (const s of measured) {
      const row = byClientId.get(s.clientId);
      if (!row) {
        if (s.ack) ackMismatches += 1;
        if (s.deliveries > 0) notInDb += 1;
        continue;
      }
      if (!s.ack) savedWithoutAck += 1;
      else if (s.ack.id !== row.id || s.ack.seq !== row.seq || s.ack.duplicate) ackMismatches += 1;
      if (s.delivered && (s.delivered.id !== row.id || s.delivered.seq !== row.seq || s.delivered.senderId !== row.senderId || row.senderId !== s.sender.user.id)) deliveryMismatches += 1;
      expected += receiversOf(s.conversation);
      lost += Math.max(0, receiversOf(s.conversation) - s.deliveries);
    }
    const acked = measured.filter((s) => s.ack);
    const ackErrors = new Map<string, number>();
    for (const s of measured) if (s.ackError) ackErrors.set(s.ackError, (ackErrors.get(s.ackError) ?? 0) + 1);
    const ackLatency = quantiles(acked.map((s) => s.ackedAt! - s.sentAt));
    const latency = quantiles(tally.latencies);
    const deliverySeconds = (tally.lastArrivalAt - tally.firstSendAt) / 1000;
    const dbMessages = rows.length - warm.length;

    const ms = (v: number) => `${v.toFixed(1)} ms`;
    // Where a late arrival came from: the late message and the one that overtook it, sent through which instances.
    const late = tally.orderViolations;
    const instanceOf = (s: Sent) => s.sender.n % INSTANCES;
    const sameInstance = late.filter((v) => instanceOf(v.late) === instanceOf(v.overtakenBy)).length;
    const lateDetail = late.length
      ? ` deliveries (${new Set(late.map((v) => v.late.clientId)).size} messages in ${new Set(late.map((v) => v.late.conversation)).size} conversations) arrived after a higher seq; ` +
        `${sameInstance} overtaken by a message sent through the same instance, ${late.length - sameInstance} through the other; ` +
        `e.g. seq ${late[0]!.late.delivered?.seq} after seq ${late[0]!.overtakenBy.delivered?.seq} in conversation ${late[0]!.late.conversation + 1}; ` +
        `late by up to ${ms(Math.max(...late.map((v) => v.afterMs)))}, sent ${ms(Math.min(...late.map((v) => Math.abs(v.late.sentAt - v.overtakenBy.sentAt))))}–${ms(Math.max(...late.map((v) => Math.abs(v.late.sentAt - v.overtakenBy.sentAt))))} apart`
      : "";
    const lines: [string, string][] = [
      ["clients", `${CLIENTS} staff (${users.filter((u) => u.role === "CLINICIAN").length} clinicians, ${users.filter((u) => u.role === "RECEPTIONIST").length} receptionists), this process (clients and both instances) ${(rssAfterConnect / 2 ** 20).toFixed(0)} MB RSS, ${(heapAfterConnect / 2 ** 20).toFixed(0)} MB heap once connected`],
      ["conversations", `${CONVERSATIONS} groups, ${Math.min(...memberCount)}–${Math.max(...memberCount)} members, each on both instances`],
      ["instances", `${INSTANCES}, Redis adapter (one redis-server), own DB pool of ${POOL_PER_INSTANCE} each`],
      ["duration", `${sendSeconds.toFixed(1)} s sending (target ${SECONDS} s)`],
      ["target rate", `${RATE} messages/s`],
      ["sent", `${issued} (${(issued / sendSeconds).toFixed(1)}/s achieved)`],
      ["acked", `${acked.length}; failed ${issued - acked.length}${ackErrors.size ? ` (${[...ackErrors].map(([code, count]) => `${code} ${count}`).join(", ")})` : ""}`],
      ["ack latency", `p50 ${ms(ackLatency.p50)}, p99 ${ms(ackLatency.p99)}, max ${ms(ackLatency.max)}`],
      ["messages/s", `${(acked.length / sendSeconds).toFixed(1)} saved and acked`],
      ["deliveries/s", `${(tally.deliveries / deliverySeconds).toFixed(0)} message:new delivered (${tally.deliveries} of ${expected} due, ${deliverySeconds.toFixed(1)} s from first send to last arrival)`],
      ["event loop delay", `p99 ${ms(loopDelay.percentile(99) / 1e6)}, max ${ms(loopDelay.max / 1e6)} while sending (clients and both instances share it); machine load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.cpus().length} cores`],
      ["end-to-end latency", `p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}  (send → message:new at each member)`],
      ["lost", String(lost)],
      ["duplicated", String(tally.duplicates)],
      ["order violations", `${orderViolations} members whose view (messages placed by seq) differs from the database's order`],
      ["arrival order", `${tally.orderViolations.length}${lateDetail || " deliveries arrived after a higher seq"} (placed by seq on arrival, so not seen by users)`],
      ["database", `${dbMessages} messages saved (acks ${acked.length}); ${gappedConversations} conversations with seq gaps; ${ackMismatches} acks and ${deliveryMismatches} deliveries disagreeing with it; ${savedWithoutAck} saved without an ack`],
      ["stray deliveries", `${tally.toNonMembers} to non-members, ${tally.unknown} unknown, ${notInDb} of messages not saved, ${tally.inconsistent} inconsistent`],
    ];
    console.log("");
    for (const [label, value] of lines) console.log(`${label.padEnd(20)}${value}`);

    if (lost > 0) failures.push(`${lost} deliveries lost`);
    if (tally.duplicates > 0) failures.push(`${tally.duplicates} deliveries duplicated`);
    if (orderViolations > 0) failures.push(`${orderViolations} members see an order other than the database's`);
    if (acked.length < issued) failures.push(`${issued - acked.length} sends not acked`);
    if (dbMessages !== acked.length || ackMismatches || deliveryMismatches || savedWithoutAck) failures.push("acks, deliveries and the database disagree");
    if (gappedConversations > 0) failures.push(`${gappedConversations} conversations with seq gaps`);
    if (tally.toNonMembers || tally.unknown || notInDb || tally.inconsistent) failures.push("stray or inconsistent deliveries");
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
    console.error(error);
  } finally {
    for (const m of members) m?.socket.close();
    // Each disconnect updates presence in Redis and then broadcasts it through the adapter, whose
    // publish has no catch: closing an instance's Redis clients under those in-flight updates
    // ended a run with an unhandled "Connection is closed.". So let them finish first.
    await settle(gateways);
    for (const g of gateways.reverse()) await g.close().catch(() => undefined);
    for (const db of [...instanceDbs, setupDb]) await db.$disconnect();
    await infra.stop();
    disarmWatchdog();
  }
  printVerdict(failures, "all checks passed: 0 lost, 0 duplicated, 0 out of order");
  exitWith(failures);
}

await main();
