/** Per-call cost of our client (serialize, sign, send, parse) over a bare undici request to the same loopback server. */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { TencentCloudClient, serializeJsonBody, signRequest } from '../cloud';
import { SAMPLE_PAYLOAD } from './signing';
import { type LatencySummary, round, summarize } from './stats';

export interface OverheadResult {
  readonly ours: LatencySummary;
  readonly bareUndici: LatencySummary;
  /** ours ÷ bare, by mean and by median latency: 1.0 means no overhead. */
  readonly ratioMean: number;
  readonly ratioP50: number;
  /** Difference of the medians: what our client adds to one call. */
  readonly overheadUsPerCall: number;
}

const elapsedUs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1_000;

/** A loopback server that reads each request body whole and answers `answer` as JSON. */
async function startAnsweringServer(answer: unknown): Promise<{ readonly url: string; close(): Promise<void> }> {
  const reply = Buffer.from(JSON.stringify(answer), 'utf8');
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': reply.length });
      response.end(reply);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** `rounds` × `callsPerRound` sequential calls each, alternating the two clients per round. */
export async function benchCallOverhead(rounds: number, callsPerRound: number): Promise<OverheadResult> {
  const answer = { Response: { TaskId: 'task-bench', RequestId: 'req-bench' } };
  const server = await startAnsweringServer(answer);
  const credentials = { secretId: 'AKIDbenchmark000000', secretKey: 'benchmark-secret' };
  const ours = new TencentCloudClient({
    credentials,
    endpoint: { kind: 'custom', baseUrl: server.url },
    region: 'ap-guangzhou',
  });
  const bare = new Agent();
  const body = Buffer.from(serializeJsonBody(SAMPLE_PAYLOAD), 'utf8');
  const request = { service: 'trtc', action: 'CreateCloudRecording', version: '2019-07-22', payload: SAMPLE_PAYLOAD };
  // The bare client sends the same bytes (headers signed once, up front), so the server's work is identical.
  const headers = signRequest({
    ...request,
    host: new URL(server.url).host,
    region: 'ap-guangzhou',
    timestamp: Math.floor(Date.now() / 1000),
    body,
    credentials,
  });
  const callOurs = async (): Promise<void> => {
    await ours.call(request);
  };
  const callBare = async (): Promise<void> => {
    const response = await bare.request({ origin: server.url, path: '/', method: 'POST', body, headers });
    JSON.parse(await response.body.text());
  };
  const samples = { ours: [] as number[], bare: [] as number[] };
  try {
    for (let i = 0; i < 200; i += 1) {
      await callOurs();
      await callBare();
    }
    for (let r = 0; r < rounds; r += 1) {
      const order = [
        ['ours', callOurs],
        ['bare', callBare],
      ] as const;
      for (const [name, call] of r % 2 === 0 ? order : [...order].reverse()) {
        for (let i = 0; i < callsPerRound; i += 1) {
          const start = process.hrtime.bigint();
          await call();
          samples[name].push(elapsedUs(start));
        }
      }
    }
  } finally {
    await Promise.all([ours.close(), bare.close()]);
    await server.close();
  }
  const o = summarize(samples.ours);
  const b = summarize(samples.bare);
  return {
    ours: o,
    bareUndici: b,
    ratioMean: round(o.meanUs / b.meanUs, 2),
    ratioP50: round(o.p50Us / b.p50Us, 2),
    overheadUsPerCall: round(o.p50Us - b.p50Us),
  };
}
