/**
 * An http.Agent that connects every request to the emulator, whatever the URL's host. With
 * it, the official SDK keeps its real endpoint (`trtc.tencentcloudapi.com`), so it signs and
 * sends the same Host it would in production, while the bytes go to 127.0.0.1:<port>.
 * Use: `profile.httpProfile = { endpoint: 'trtc.tencentcloudapi.com', protocol: 'http://', agent }`.
 */
import http, { type ClientRequestArgs } from 'node:http';
import net from 'node:net';
import { type Duplex } from 'node:stream';

class LoopbackAgent extends http.Agent {
  constructor(
    private readonly port: number,
    private readonly host: string,
  ) {
    super({ keepAlive: true });
  }

  // Returning the socket is enough: Node's Agent hands a returned socket to the request
  // itself (and ignores the callback), and connection errors surface on the request.
  override createConnection(_options: ClientRequestArgs): Duplex {
    return net.connect(this.port, this.host);
  }
}

/** An agent for `127.0.0.1:<port>` (or `host`); call `destroy()` when done to close kept-alive sockets. */
export function loopbackAgent(port: number, host = '127.0.0.1'): http.Agent {
  return new LoopbackAgent(port, host);
}
