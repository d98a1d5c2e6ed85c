/**
 * What `npm start` prints once the stack is up: where each piece listens and the exact
 * commands that start, follow and stop a recording (with the emulator: make the room record too).
 */
import { type LocalStack } from './local-stack';
import { SCENARIOS } from './scenarios';

const shellQuote = (json: unknown): string => `'${JSON.stringify(json).replace(/'/g, `'\\''`)}'`;

/** The banner text; the example recording is the trtc-cloud scenario (room 10001). */
export function localBanner(stack: LocalStack): string {
  const { gateway, temporal, emulator, config } = stack;
  const providerRegion = config.provider.kind === 'tencent' ? config.provider.cloud.region : config.provider.region;
  // A new recordId per run: one that already ended (the dev server keeps history) is never restarted.
  const recordId = `my-recording-${Date.now().toString(36)}`;
  const example = SCENARIOS['trtc-cloud'].spec(recordId, 1, Date.now());
  const params = example.params as { SdkAppId: number; RoomId: string };
  const lines = [
    '',
    'Local recording stack is up.',
    `  Temporal   ${temporal.address}  namespace ${config.temporal.namespace}${temporal.devServer?.uiUrl === undefined ? '' : `  (UI ${temporal.devServer.uiUrl})`}`,
    emulator === undefined
      ? `  Provider   Tencent Cloud${providerRegion === undefined ? '' : ` (${providerRegion})`}`
      : `  Provider   emulator ${emulator.url}  (control API ${emulator.url}/_emulator/, e.g. GET /_emulator/tasks)`,
    `  Gateway    ${gateway.url}  (API ${gateway.url}/v1, docs ${gateway.url}/v1/docs, provider callbacks /callbacks/<product>)`,
    '  Workers    running in this process',
    '',
  ];
  if (emulator !== undefined) {
    lines.push(
      'Let an anchor publish in room 10001 (the emulator records only what someone publishes):',
      `  curl -s -X POST ${emulator.url}/_emulator/rooms/join -H 'content-type: application/json' -d ${shellQuote({ sdkAppId: params.SdkAppId, roomId: params.RoomId, userId: 'anchor-1', audio: true, video: true })}`,
    );
  } else {
    lines.push('The example below uses placeholder SdkAppId, UserSig and storage: put your own in.');
  }
  const auth = `-H "authorization: Bearer $TOKEN"`;
  const json = `${auth} -H 'content-type: application/json'`;
  lines.push(
    gateway.localToken === undefined
      ? 'The API needs a bearer token: put one of your GATEWAY_TOKENS (write scope) in TOKEN:'
      : 'The API needs a bearer token; this run made one (write scope; set GATEWAY_TOKENS to choose your own):',
    `  export TOKEN=${gateway.localToken ?? '<a write token from GATEWAY_TOKENS>'}`,
    'Start a recording (asking again with the same recordId returns the same recording):',
    `  curl -s -X POST ${gateway.url}/v1/recordings ${json} -d ${shellQuote(example)}`,
    'Follow it, stop it, read the result:',
    `  curl -s ${gateway.url}/v1/recordings/${recordId} ${auth}`,
    `  curl -s -X POST ${gateway.url}/v1/recordings/${recordId}/stop ${json} -d '{"wait":true}'`,
    `  curl -s ${gateway.url}/v1/recordings/${recordId}/result ${auth}`,
    '',
    'Ctrl-C stops everything (a second Ctrl-C exits at once).',
    '',
  );
  return lines.join('\n');
}
