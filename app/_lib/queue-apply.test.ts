import { describe, expect, it } from "vitest";
import { applyBoardEvent, applyPublicEvent, boardStateFrom } from "./queue-apply.ts";
import type { BoardSnapshot, BoardTicket, PublicSnapshot, TicketView } from "./queue-wire.ts";

const DEPARTMENT = "0d5e8a1e-0000-4000-8000-000000000001";
const DAY = "2026-03-10";
const at = (minutes: number) => new Date(Date.parse(`${DAY}T08:00:00.000Z`) + minutes * 60_000).toISOString();

function ticket(number: number, changes: Partial<TicketView> = {}): TicketView {
  return {
    id: `ticket-${number}`,
    code: `Q-${String(number).padStart(3, "0")}`,
    number,
    state: "WAITING",
    priority: "NORMAL",
    reason: null,
    departmentId: DEPARTMENT,
    serviceDate: DAY,
    queuedAt: at(number),
    checkedInAt: at(number),
    calledAt: null,
    calledTo: null,
    callCount: 0,
    serviceStartedAt: null,
    finishedAt: null,
    transferredToId: null,
    patient: { id: `patient-${number}`, firstName: "Pat", lastName: `Number ${number}`, medicalRecordNumber: `MRN-${number}` },
    appointment: null,
    ...changes,
  };
}

/** A board as the server sends it: three waiting at 12 minutes a patient, one room at work. */
function board(): BoardSnapshot {
  const waiting = (n: number, position: number): BoardTicket => ({ ...ticket(n), position, estimatedWaitMinutes: position * 12 });
  return {
    departmentId: DEPARTMENT,
    departmentName: "General",
    ticketPrefix: "Q",
    timeZone: "Europe/Berlin",
    serviceDate: DAY,
    seq: 10,
    waitAlertMinutes: 30,
    tickets: [waiting(1, 1), waiting(2, 2), waiting(3, 3)],
    counts: { WAITING: 3 },
    averageWaitMinutes: null,
    notArrived: [{ appointmentId: "appointment-9", startsAt: at(60), patient: { id: "patient-9", firstName: "Ada", lastName: "Late" }, clinicianName: "Dr. A", typeName: "Consultation" }],
  };
}

describe("applying a board event", () => {
  it("sorts an urgent walk-in to the front and renumbers the line with the department's pace", () => {
    const state = boardStateFrom(board());
    expect(state.serviceMinutes).toBe(12);
    const next = applyBoardEvent(state, { departmentId: DEPARTMENT, seq: 11, kind: "checked-in", ticket: ticket(4, { priority: "URGENT", queuedAt: at(20), checkedInAt: at(20) }) });
    expect(next?.seq).toBe(11);
    expect(next?.tickets.map((t) => [t.code, t.position, t.estimatedWaitMinutes])).toEqual([
      ["Q-004", 1, 12],
      ["Q-001", 2, 24],
      ["Q-002", 3, 36],
      ["Q-003", 4, 48],
    ]);
    expect(next?.counts).toEqual({ WAITING: 4 });
  });

  it("moves a called ticket out of the line, shares the wait over the rooms at work, and counts its wait", () => {
    const state = boardStateFrom(board());
    const called = applyBoardEvent(state, { departmentId: DEPARTMENT, seq: 11, kind: "called", ticket: ticket(1, { state: "CALLED", calledAt: at(11), calledTo: "Room 3", callCount: 1 }) });
    expect(called?.tickets.map((t) => [t.code, t.state, t.position])).toEqual([
      ["Q-001", "CALLED", null],
      ["Q-002", "WAITING", 1],
      ["Q-003", "WAITING", 2],
    ]);
    expect(called?.counts).toEqual({ CALLED: 1, WAITING: 2 });
    expect(called?.averageWaitMinutes).toBe(10);
    const twoRooms = applyBoardEvent(called!, { departmentId: DEPARTMENT, seq: 12, kind: "called", ticket: ticket(2, { state: "CALLED", calledAt: at(12), calledTo: "Room 4", callCount: 1 }) });
    expect(twoRooms?.tickets.find((t) => t.code === "Q-003")?.estimatedWaitMinutes).toBe(6);
  });

  it("puts finished tickets after the open ones and drops a checked-in appointment from 'not arrived'", () => {
    const state = boardStateFrom(board());
    const done = applyBoardEvent(state, { departmentId: DEPARTMENT, seq: 11, kind: "cancelled", ticket: ticket(1, { state: "CANCELLED", finishedAt: at(15) }) });
    expect(done?.tickets.map((t) => t.code)).toEqual(["Q-002", "Q-003", "Q-001"]);
    const arrived = applyBoardEvent(done!, {
      departmentId: DEPARTMENT,
      seq: 12,
      kind: "checked-in",
      ticket: ticket(5, { appointment: { id: "appointment-9", startsAt: at(60), typeName: "Consultation", clinicianName: "Dr. A", room: "Room 1" } }),
    });
    expect(arrived?.notArrived).toEqual([]);
  });

  it("cannot apply a ticket of another day: the page must re-read", () => {
    expect(applyBoardEvent(boardStateFrom(board()), { departmentId: DEPARTMENT, seq: 11, kind: "checked-in", ticket: ticket(1, { serviceDate: "2026-03-11" }) })).toBeNull();
  });
});

describe("applying a public event", () => {
  const snapshot: PublicSnapshot = {
    departmentId: DEPARTMENT,
    departmentName: "General",
    ticketPrefix: "Q",
    seq: 3,
    tickets: [
      { id: "a", code: "Q-001", state: "WAITING", calledTo: null, calledAt: null, callCount: 0 },
      { id: "b", code: "Q-002", state: "WAITING", calledTo: null, calledAt: null, callCount: 0 },
    ],
  };

  it("updates a called ticket in place and removes a finished one", () => {
    const called = applyPublicEvent(snapshot, { departmentId: DEPARTMENT, seq: 4, kind: "called", ticket: { id: "a", code: "Q-001", state: "CALLED", calledTo: "Room 3", calledAt: at(5), callCount: 1 } });
    expect(called?.tickets.map((t) => [t.code, t.state, t.calledTo])).toEqual([
      ["Q-001", "CALLED", "Room 3"],
      ["Q-002", "WAITING", null],
    ]);
    const finished = applyPublicEvent(called!, { departmentId: DEPARTMENT, seq: 5, kind: "no-show", ticket: { id: "a", code: "Q-001", state: "NO_SHOW", calledTo: "Room 3", calledAt: at(5), callCount: 1 } });
    expect(finished?.tickets.map((t) => t.code)).toEqual(["Q-002"]);
    expect(finished?.seq).toBe(5);
  });

  it("cannot place a ticket that joins or rejoins the line", () => {
    expect(applyPublicEvent(snapshot, { departmentId: DEPARTMENT, seq: 4, kind: "checked-in", ticket: { id: "c", code: "Q-003", state: "WAITING", calledTo: null, calledAt: null, callCount: 0 } })).toBeNull();
  });
});
