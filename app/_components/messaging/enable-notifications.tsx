"use client";

import { useMessaging } from "./messaging-provider";

/** Offers browser notifications for mentions; asks the browser only when clicked. */
export function EnableNotifications() {
  const { alerts } = useMessaging();
  if (alerts.notifications === "unsupported" || alerts.notifications === "granted") return null;
  if (alerts.notifications === "denied") return <p className="muted small">Notifications are blocked for this site in your browser settings.</p>;
  return (
    <div className="notice enable-notifications">
      <p>Get a notification when someone mentions you while Clinicflow is in the background.</p>
      <button type="button" className="secondary" onClick={() => void alerts.enableNotifications()}>
        Enable notifications
      </button>
    </div>
  );
}
