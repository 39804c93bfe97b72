/**
 * A short two-note chime when a patient is called, made with the Web Audio API (no audio
 * files). Browsers may refuse sound until someone has touched the page (autoplay policy): the
 * chime is then skipped silently and the first tap or key press turns sound on. Kiosk browsers
 * can allow it from the start (Chromium: --autoplay-policy=no-user-gesture-required).
 */
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (context) return context;
  if (typeof window === "undefined" || typeof window.AudioContext !== "function") return null;
  try {
    context = new window.AudioContext();
  } catch {
    return null;
  }
  const unlock = () => {
    void context?.resume().catch(() => undefined);
    window.removeEventListener("pointerdown", unlock);
    window.removeEventListener("keydown", unlock);
  };
  window.addEventListener("pointerdown", unlock);
  window.addEventListener("keydown", unlock);
  return context;
}

function note(ctx: AudioContext, frequency: number, startsAt: number, seconds: number): void {
  const oscillator = ctx.createOscillator();
  const gain = ctx.createGain();
  oscillator.type = "sine";
  oscillator.frequency.value = frequency;
  // A soft attack and a long fade, so it sounds like a bell rather than a beep.
  gain.gain.setValueAtTime(0.0001, startsAt);
  gain.gain.exponentialRampToValueAtTime(0.3, startsAt + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, startsAt + seconds);
  oscillator.connect(gain).connect(ctx.destination);
  oscillator.start(startsAt);
  oscillator.stop(startsAt + seconds + 0.05);
}

export function playChime(): void {
  const ctx = audio();
  if (!ctx) return;
  if (ctx.state === "running") {
    ring(ctx);
    return;
  }
  // A new context may take a moment to start; a refused one starts only when the page is
  // touched, and then this call is long past: ring only if it starts at once.
  const asked = Date.now();
  ctx.resume().then(
    () => {
      if (Date.now() - asked < 1_000) ring(ctx);
    },
    () => undefined,
  );
}

function ring(ctx: AudioContext): void {
  const now = ctx.currentTime;
  note(ctx, 880, now, 0.6);
  note(ctx, 659.25, now + 0.35, 0.9);
}
