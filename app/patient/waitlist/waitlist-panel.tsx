"use client";

import { useCallback, useEffect, useState } from "react";
import { ConnectionStatus } from "@/app/_components/connection-status";
import { callApi } from "@/app/_lib/api-client";
import { useClinicSocket } from "@/app/_lib/use-clinic-socket";
import { useNow } from "@/app/_lib/use-now";
import { waitlistOfferSchema, waitlistSchema, type WaitlistEntry } from "@/app/_lib/waitlist-wire";
import { EntryList } from "./entry-list";
import { JoinForm, type JoinableDepartment } from "./join-form";
import { OfferBanner } from "./offer-banner";

/**
 * The patient's waitlist: offers on top (live over `waitlist:offer`, with a countdown), the
 * form to join, and their entries. The list is re-read on every (re)connect and after every
 * offer, so a missed event costs nothing.
 */
export function WaitlistPanel({ departments, initial, renderedAt }: { departments: JoinableDepartment[]; initial: WaitlistEntry[]; renderedAt: number }) {
  const { socket, state } = useClinicSocket();
  const [entries, setEntries] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const now = useNow(renderedAt, 1_000);

  const refresh = useCallback(async () => {
    const result = await callApi("/api/waitlist", waitlistSchema);
    if (result.ok) setEntries(result.data.entries);
  }, []);

  useEffect(() => {
    if (!socket) return;
    const onOffer = (payload: unknown) => {
      const offer = waitlistOfferSchema.safeParse(payload);
      if (offer.success) setEntries((prev) => prev.map((e) => (e.id === offer.data.entryId ? { ...e, status: "OFFERED", offer: offer.data } : e)));
      void refresh();
    };
    const onConnect = () => void refresh();
    socket.on("waitlist:offer", onOffer);
    socket.on("connect", onConnect);
    return () => {
      socket.off("waitlist:offer", onOffer);
      socket.off("connect", onConnect);
    };
  }, [socket, refresh]);

  // A lapsed offer ends when the server's hold sweeper next runs (every few seconds).
  const lapsed = useCallback(() => {
    void refresh();
    setTimeout(() => void refresh(), 6_000);
  }, [refresh]);

  const changed = (what: string) => {
    setMessage(what);
    void refresh();
  };

  return (
    <>
      <div role="status">{message && <p className="notice">{message}</p>}</div>
      {entries.map((entry) =>
        entry.status === "OFFERED" && entry.offer ? <OfferBanner key={entry.offer.appointmentId} entry={entry} offer={entry.offer} now={now} onAnswered={changed} onLapsed={lapsed} /> : null,
      )}
      <JoinForm departments={departments} onJoined={(entry) => changed(`You are on the waitlist for ${entry.appointmentType.name}.`)} />
      <section className="card" aria-labelledby="entries-title">
        <div className="picker-head">
          <h2 id="entries-title">Your waitlist entries</h2>
          <ConnectionStatus state={state} />
        </div>
        <EntryList entries={entries} onLeft={changed} />
      </section>
    </>
  );
}
