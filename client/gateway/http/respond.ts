/** JSON responses for the gateway: one place that sets status, type and length. */
import { type ServerResponse } from 'node:http';

/** Writes `body` as JSON; `close` asks the client to drop the connection (e.g. after an unread body). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  close = false,
): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
    ...headers,
  });
  response.end(text);
}
