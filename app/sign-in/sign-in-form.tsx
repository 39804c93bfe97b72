"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { FormFooter } from "@/app/_components/form-footer";
import { useState, type FormEvent } from "react";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Email or password is incorrect.",
  RATE_LIMITED: "Too many failed sign-in attempts. Please wait a few minutes before trying again.",
};

/** next-auth redirects here with `?error=<code>` when JavaScript did not handle the sign-in. */
export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ? (MESSAGES[initialError] ?? "Sign-in failed. Please try again.") : null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setBusy(false);
    setError(MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Please try again.");
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="username" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      <FormFooter error={error} busy={busy} label="Sign in" busyLabel="Signing in…" />
    </form>
  );
}
