"use client";

import Link from "next/link";
import { useMessaging } from "./messaging-provider";

/** "Messages" in the staff navigation, with the live number of unread messages. */
export function NavMessagesLink() {
  const { totalUnread } = useMessaging();
  return (
    <Link href="/staff/messages" className="nav-messages" aria-label={totalUnread > 0 ? `Messages, ${totalUnread} unread` : undefined}>
      Messages
      {totalUnread > 0 && (
        <span className="unread-badge" data-testid="nav-unread" aria-hidden="true">
          {totalUnread > 99 ? "99+" : totalUnread}
        </span>
      )}
    </Link>
  );
}
