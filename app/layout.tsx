import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { currentPageUser } from "@/server/http/page-guard";
import { homePathFor, isStaff, type SessionUser } from "@/server/roles";
import { MessagingProvider } from "./_components/messaging/messaging-provider";
import { NavMessagesLink } from "./_components/messaging/nav-messages-link";
import { SignOutButton } from "./_components/sign-out-button";
import "./globals.css";

export const metadata: Metadata = {
  title: "Clinicflow",
  description: "Live reception queues, online booking and staff messaging for clinics.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentPageUser();
  return (
    <html lang="en">
      <SiteBody user={user}>
        <header className="site">
          <Link href={user ? homePathFor(user.role) : "/"} className="brand">
            Clinicflow
          </Link>
          <nav aria-label="Account">
            {user ? (
              <>
                {user.role === "PATIENT" && <Link href="/book">Book</Link>}
                {user.role === "PATIENT" && <Link href="/patient/appointments">My appointments</Link>}
                {user.role === "PATIENT" && <Link href="/patient/waitlist">Waitlist</Link>}
                {(user.role === "ADMIN" || user.role === "RECEPTIONIST") && <Link href="/staff/book">Book</Link>}
                {isStaff(user.role) && <Link href="/staff/queue">Queue</Link>}
                {isStaff(user.role) && <NavMessagesLink />}
                {user.role === "CLINICIAN" && <Link href="/staff/queue/mine">My room</Link>}
                {isStaff(user.role) && <Link href="/staff/day">Day view</Link>}
                {isStaff(user.role) && <Link href="/staff/waitlist">Waitlist</Link>}
                {isStaff(user.role) && <Link href="/staff/patients">Patients</Link>}
                {isStaff(user.role) && <Link href="/staff/schedules">Schedules</Link>}
                {user.role === "ADMIN" && <Link href="/admin">Users</Link>}
                {user.role === "ADMIN" && <Link href="/admin/audit">Audit log</Link>}
                <span className="muted" data-testid="signed-in-as">
                  {user.displayName} · {user.role.toLowerCase()}
                </span>
                <SignOutButton />
              </>
            ) : (
              <>
                <Link href="/sign-in">Sign in</Link>
                <Link href="/register">Register</Link>
              </>
            )}
          </nav>
        </header>
        <main>{children}</main>
      </SiteBody>
    </html>
  );
}

/** Staff pages live inside messaging (one connection, unread counts, alerts) across navigation. */
function SiteBody({ user, children }: { user: SessionUser | null; children: ReactNode }) {
  if (!user || !isStaff(user.role)) return <body>{children}</body>;
  return (
    <body>
      <MessagingProvider key={user.id} me={{ id: user.id, role: user.role, displayName: user.displayName }}>
        {children}
      </MessagingProvider>
    </body>
  );
}
