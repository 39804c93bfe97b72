import { typingLine } from "@/app/_lib/messaging/typing";

/** "Dana is typing…", announced politely; the line keeps its height so the page does not jump. */
export function TypingLine({ names }: { names: string[] }) {
  return (
    <p className="typing-line muted small" aria-live="polite" data-testid="typing">
      {typingLine(names) ?? ""}
    </p>
  );
}
