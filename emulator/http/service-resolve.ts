/**
 * Which emulated service a call is for. The official SDK reaches the emulator with its
 * usual endpoint (`trtc.tencentcloudapi.com`) over a loopback agent, so the Host header's
 * first DNS label names the service, exactly as on Tencent Cloud. Clients that use a plain
 * base URL (`http://127.0.0.1:PORT`) are routed by the service in their signature's
 * credential scope (`Credential=<id>/<date>/<service>/tc3_request`) instead.
 */
import { parseTc3Authorization } from './tc3';

/** The service named by the Host label, else by the signature's credential scope; undefined if neither is known. */
export function resolveService(
  host: string | undefined,
  authorization: string | undefined,
  known: ReadonlySet<string>,
): string | undefined {
  const label = (host ?? '').split(':')[0]?.split('.')[0]?.toLowerCase() ?? '';
  if (known.has(label)) return label;
  const parsed = parseTc3Authorization(authorization);
  if (parsed.ok && known.has(parsed.value.service)) return parsed.value.service;
  return undefined;
}
