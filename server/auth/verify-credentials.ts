import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { decoyPasswordHash, verifyPassword } from "./password.ts";
import type { SignInLimiter } from "./sign-in-limiter.ts";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("must be an email address").max(254),
  password: z.string().min(1, "is required").max(200),
});

export function rateLimitedError(retryAfterSeconds: number): AppError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError(
    "RATE_LIMITED",
    `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    { retryAfterSeconds },
  );
}

/**
 * Checks an email and password. Refused attempts count against the account and the IP;
 * a blocked account or IP is refused before the password is even looked at.
 */
export async function verifyCredentials(
  db: Db,
  limiter: SignInLimiter,
  input: unknown,
  clientIp: string,
): Promise<SessionUser> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { email, password } = parsed.data;

  const verdict = await limiter.check(email, clientIp);
  if (!verdict.allowed) throw rateLimitedError(verdict.retryAfterSeconds);

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, role: true, displayName: true, passwordHash: true, disabledAt: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  if (!user || !ok || user.disabledAt) {
    await limiter.recordFailure(email, clientIp);
    throw new AppError("UNAUTHENTICATED", "Email or password is incorrect.");
  }
  await limiter.recordSuccess(email);
  return { id: user.id, role: user.role, displayName: user.displayName };
}
