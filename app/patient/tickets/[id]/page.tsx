import { notFound } from "next/navigation";
import { isAppError } from "@/server/errors";
import { requirePageUser } from "@/server/http/page-guard";
import { getTicketForViewer } from "@/server/queue/patient-ticket";
import { getRuntime } from "@/server/runtime";
import { TicketLive } from "./ticket-live";
import "./ticket.css";

export const dynamic = "force-dynamic";

/** A patient's own ticket, live: place in line while waiting, the room once called. Anyone else's is the 404 page. */
export default async function PatientTicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(["PATIENT"], `/patient/tickets/${encodeURIComponent(id)}`);
  const ticket = await getTicketForViewer(getRuntime().db, user, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!ticket) notFound();
  return <TicketLive initial={ticket} />;
}
