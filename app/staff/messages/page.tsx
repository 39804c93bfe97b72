import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";

export const dynamic = "force-dynamic";

/** /staff/messages with no conversation open. */
export default async function MessagesPage() {
  await requirePageUser(STAFF_ROLES, "/staff/messages");
  return (
    <section className="card">
      <h2>Pick a conversation</h2>
      <p className="muted">Choose a conversation on the left, or start one with “New message”. Visit threads open from the reception queue.</p>
    </section>
  );
}
