/** An error message, announced to screen readers; nothing when there is none. `small` for one beside a single item (a message, a button). */
export function ErrorNote({ message, small = false }: { message: string | null; small?: boolean }) {
  if (!message) return null;
  return (
    <p className={small ? "error small" : "error"} role="alert">
      {message}
    </p>
  );
}
