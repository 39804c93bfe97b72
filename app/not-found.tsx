import Link from "next/link";

export default function NotFound() {
  return (
    <section className="card narrow">
      <h1>Page not found</h1>
      <Link href="/">Back to Clinicflow</Link>
    </section>
  );
}
