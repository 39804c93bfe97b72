import type { ReactNode } from "react";
import { ConversationList } from "@/app/_components/messaging/conversation-list";
import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";
import "../../_components/booking/booking.css";

export const dynamic = "force-dynamic";

/** Staff messaging: the conversations on the left stay while one is opened on the right. */
export default async function MessagesLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser(STAFF_ROLES, "/staff/messages");
  return (
    <div className="messages-page">
      <ConversationList canCreateChannel={user.role === "ADMIN"} />
      <div className="conversation-pane">{children}</div>
    </div>
  );
}
