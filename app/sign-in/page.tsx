import Link from "next/link";
import { redirect } from "next/navigation";
import { currentPageUser } from "@/server/http/page-guard";
import { homePathFor } from "@/server/roles";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const user = await currentPageUser();
  if (user) redirect(homePathFor(user.role));
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths: never bounce a user to another site after signing in.
  const safeCallback = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      <SignInForm callbackUrl={safeCallback} initialError={error ?? null} />
      <p className="muted">
        New patient? <Link href="/register">Create an account</Link>
      </p>
    </section>
  );
}
