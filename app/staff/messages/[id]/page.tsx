import { ConversationView } from "@/app/_components/messaging/conversation-view";
import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";

export const dynamic = "force-dynamic";

/** One conversation, live (the list stays on the left: layout.tsx). */
export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageUser(STAFF_ROLES, `/staff/messages/${id}`);
  return <ConversationView key={id} conversationId={id} />;
}
