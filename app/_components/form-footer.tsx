/** The end of every form: the error (announced to screen readers) and the submit button. */
export function FormFooter({ error, busy, label, busyLabel }: { error: string | null; busy: boolean; label: string; busyLabel?: string }) {
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="submit" disabled={busy}>
          {busy && busyLabel ? busyLabel : label}
        </button>
      </p>
    </>
  );
}
