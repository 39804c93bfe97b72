import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { currentPageUser } from "@/server/http/page-guard";
import { homePathFor } from "@/server/roles";
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
      <body>
        <header className="site">
          <Link href={user ? homePathFor(user.role) : "/"} className="brand">
            Clinicflow
          </Link>
          <nav aria-label="Account">
            {user ? (
              <>
                {user.role === "ADMIN" && <Link href="/admin">Users</Link>}
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
      </body>
    </html>
  );
}
