import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isAppError } from "@/server/errors";
import { getDisplayBoard } from "@/server/queue/display-board";
import { getRuntime } from "@/server/runtime";
import { DisplayBoard } from "./display-board";
import "./display.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Waiting room · Clinicflow",
  // The key in the address is the display's only credential: keep it out of indexes and referrers.
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/** The waiting-room display: no sign-in, authorised by the location's display key in the address. */
export default async function DisplayPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  const board = await getDisplayBoard(getRuntime().db, key).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!board) notFound();
  return <DisplayBoard displayKey={key} initial={board} />;
}
