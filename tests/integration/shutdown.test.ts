import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slowPost } from "../helpers/slow-request.ts";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createUser } from "../helpers/factories.ts";
import { connectClient, nextEvent } from "../helpers/gateway.ts";
import { signInOverHttp } from "../helpers/session.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

/** SIGTERM: stop accepting, move sockets away, finish the request in flight, close, exit 0. */
let t: TestDatabase;
let app: AppProcess;

beforeAll(async () => {
  t = await createTestDatabase("shutdown");
  app = await startAppProcess({ databaseUrl: t.url });
}, 90_000);

afterAll(async () => {
  await app?.stop("SIGKILL");
  await t?.drop();
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

describe("graceful shutdown", () => {
  it("drains on SIGTERM and exits 0", async () => {
    const user = await createUser(t.db, "RECEPTIONIST");
    const { cookie } = await signInOverHttp(app.url, user.email, user.password);
    const socket = await connectClient(app.url, cookie!);
    const draining = nextEvent(socket, "server:draining");
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));

    const registration = JSON.stringify({ email: "in.flight@example.test", password: "a long enough password", firstName: "In", lastName: "Flight", dateOfBirth: "1980-02-02" });
    const inFlight = slowPost(app.port, "/api/patients/register", registration);
    await new Promise((r) => setTimeout(r, 200));

    const exitCode = app.stop("SIGTERM");

    // Sockets are told, then their transport closes: a client would reconnect elsewhere.
    expect(await draining).toEqual({ reconnectAfterMs: expect.any(Number) });
    expect(await disconnected).toBe("transport close");
    socket.close();

    // New connections are refused while the request in flight still completes.
    await new Promise((r) => setTimeout(r, 200));
    expect(await canConnect(app.port)).toBe(false);
    inFlight.finish();
    const response = await inFlight.response;
    expect(response).toMatch(/^HTTP\/1\.1 201/);
    expect(await t.db.user.count({ where: { email: "in.flight@example.test" } })).toBe(1);

    expect(await exitCode).toBe(0);
    const logs = app.logs.join("\n");
    expect(logs).toContain('"msg":"drained"');
    expect(logs).toContain('"msg":"bye"');
  });
});
