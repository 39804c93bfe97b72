import Link from "next/link";
import { redirect } from "next/navigation";
import { currentPageUser } from "@/server/http/page-guard";
import { homePathFor } from "@/server/roles";

export default async function HomePage() {
  const user = await currentPageUser();
  if (user) redirect(homePathFor(user.role));
  return (
    <section className="card">
      <h1>Clinicflow</h1>
      <p>Live reception queues, online booking and staff messaging for your clinic.</p>
      <p>
        <Link href="/sign-in">Sign in</Link> · New patient? <Link href="/register">Create an account</Link>
      </p>
    </section>
  );
}
