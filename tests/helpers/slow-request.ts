import net from "node:net";

/**
 * A POST whose headers and first half of the body are sent now and the rest when asked: a
 * request that is in flight for as long as a test needs (e.g. across a SIGTERM).
 */
export function slowPost(port: number, path: string, body: string, headers: Record<string, string> = {}): { finish: () => void; response: Promise<string> } {
  const socket = net.connect(port, "127.0.0.1");
  const half = Math.floor(body.length / 2);
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, half)}`,
  );
  let received = "";
  const response = new Promise<string>((resolve, reject) => {
    socket.on("data", (chunk) => (received += chunk.toString()));
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
  });
  // write, not end: a half-closed client socket would make the server hang up before answering.
  return { finish: () => void socket.write(body.slice(half)), response };
}
