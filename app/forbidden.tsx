import Link from "next/link";

export default function Forbidden() {
  return (
    <section className="card narrow">
      <h1>Not for your role</h1>
      <p>Your account cannot open this page.</p>
      <Link href="/">Go to your home page</Link>
    </section>
  );
}
