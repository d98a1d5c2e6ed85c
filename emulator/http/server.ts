/** The emulator's HTTP server: reads bodies, routes `/_emulator/` to control and everything else to the API. */
import http, { type ServerResponse } from 'node:http';
import { type Socket } from 'node:net';
import { handleApiCall, type ApiDeps } from './pipeline';
import { type EmulatorControl } from '../control/emulator-control';
import { CONTROL_PREFIX, handleControl } from '../control/http-routes';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface EmulatorServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/** Starts listening; resolves once bound. */
export async function listen(
  host: string,
  port: number,
  deps: Omit<ApiDeps, 'hanging'>,
  control: EmulatorControl,
): Promise<EmulatorServer> {
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const apiDeps: ApiDeps = { ...deps, hanging };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const work = (req.url ?? '/').startsWith(CONTROL_PREFIX)
        ? handleControl(req, res, body, control)
        : handleApiCall(req, res, body, apiDeps);
      work.catch((error: unknown) => {
        deps.log(`emulator: unhandled error: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    port: boundPort,
    host,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
