"use client";

import { useEffect, useState } from "react";
import { ErrorNote } from "@/app/_components/error-note";
import type { Colleague } from "@/app/_lib/messaging/wire";
import { useMessaging } from "./messaging-provider";
import { PresenceDot, presenceText } from "./presence-dot";
import { ROLE_LABELS } from "./staff-picker";
import { useStartConversation } from "./use-start-conversation";

const ORDER: Record<Colleague["status"], number> = { online: 0, away: 1, offline: 2 };

/** The staff directory: everyone with live presence (online, away, offline and when last seen), and "Message". */
export function StaffDirectoryTable({ meId }: { meId: string }) {
  const { staff } = useMessaging();
  const { start, busy, error } = useStartConversation();
  const [filter, setFilter] = useState("");
  const { load } = staff;
  useEffect(load, [load]);
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const people = (staff.people ?? [])
    .filter((p) => words.every((w) => `${p.displayName} ${p.departmentName ?? ""} ${ROLE_LABELS[p.role]}`.toLowerCase().includes(w)))
    .sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.displayName.localeCompare(b.displayName));

  return (
    <section className="card" aria-labelledby="people-title">
      <h1 id="people-title">People</h1>
      <label htmlFor="people-filter">Find people</label>
      <input id="people-filter" type="search" value={filter} autoComplete="off" onChange={(e) => setFilter(e.target.value)} />
      <ErrorNote message={error ?? staff.problem} />
      {!staff.people ? (
        <p className="muted" aria-busy="true">
          Loading staff…
        </p>
      ) : (
        <div className="table-scroll">
          <table className="people-table" data-testid="people">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Department</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.id} data-testid="person" data-user-id={person.id}>
                  <td>
                    <PresenceDot status={person.status} /> {person.displayName}
                  </td>
                  <td>{ROLE_LABELS[person.role]}</td>
                  <td>{person.departmentName ?? "—"}</td>
                  <td data-testid="presence">{presenceText(person.status, person.lastSeenAt)}</td>
                  <td>
                    {person.id === meId ? (
                      <span className="muted small">You</span>
                    ) : (
                      <button type="button" className="secondary" disabled={busy} onClick={() => void start({ kind: "direct", userId: person.id })} aria-label={`Message ${person.displayName}`}>
                        Message
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {people.length === 0 && <p className="muted">Nobody matches.</p>}
        </div>
      )}
    </section>
  );
}
