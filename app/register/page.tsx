import Link from "next/link";
import { RegisterForm } from "./register-form";

export default function RegisterPage() {
  return (
    <section className="card narrow">
      <h1>Create your patient account</h1>
      <p className="muted">Book appointments online, check in from your phone and see your place in line.</p>
      <RegisterForm />
      <p className="muted">
        Already registered? <Link href="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}
