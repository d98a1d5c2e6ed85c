/**
 * The API 3.0 pipeline for one call, in the provider's order: protocol, service, signature,
 * version, action, region, rate limit, injected faults, body, handler, envelope.
 */
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { verifyRequest, type EmulatorKey } from './auth';
import { type EmulatorClock } from '../time/clock';
import { ApiError, commonErrors, errorBody, newRequestId, successBody } from './envelope';
import { type FaultInjector, type FaultPlan } from '../control/faults';
import { type CallRecord, type Journal } from '../control/journal';
import { type ActionHandler } from '../products/module';
import { type RateLimiter } from './rate-limit';
import { checkRegion, siteOfHost, type RegionRule } from './regions';
import { resolveService } from './service-resolve';
import { type SignatureClock } from '../time/signature-clock';

export interface ApiDeps {
  readonly clock: EmulatorClock;
  /** The server time signatures are checked against (wall time by default, see time/signature-clock.ts). */
  readonly signatureClock: SignatureClock;
  readonly keys: ReadonlyMap<string, EmulatorKey>;
  readonly maxSkewSeconds: number;
  /** service → version → action → handler. */
  readonly services: ReadonlyMap<
    string,
    { readonly version: string; readonly actions: ReadonlyMap<string, ActionHandler> }
  >;
  readonly regionRules: Readonly<Record<string, RegionRule>>;
  readonly rateLimiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly journal: Journal;
  /** Keeps hung responses so stop() can end them. */
  readonly hanging: Set<ServerResponse>;
  readonly log: (line: string) => void;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, status: number, body: string, traceId: string | undefined): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    ...(traceId !== undefined ? { 'X-TC-TraceId': traceId } : {}),
  });
  res.end(body);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers one API call. Never throws: every failure becomes the provider's envelope. */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  deps: ApiDeps,
): Promise<void> {
  const requestId = newRequestId();
  const traceId = header(req, 'x-tc-traceid');
  const action = header(req, 'x-tc-action') ?? '';
  const service = resolveService(header(req, 'host'), header(req, 'authorization'), new Set(deps.services.keys()));
  const call = deps.journal.open({
    requestId,
    service: service ?? '',
    action,
    at: deps.clock.now(),
    wallAt: Date.now(),
  });
  let plan: FaultPlan | undefined;
  const fail = (error: ApiError): void => {
    call.outcome = error.code;
    // "Act, then drop": the answer is lost whatever it was.
    if (plan?.dropResponse) {
      call.responseDropped = true;
      req.socket.destroy();
      return;
    }
    send(res, 200, errorBody(error.code, error.message, requestId), traceId);
  };
  try {
    const handler = admit(req, body, deps, service, action);
    plan = deps.faults.plan(service ?? '', action);
    if (plan) {
      call.faults = [...plan.ruleIds];
      if (await applyFaults(plan, call, res, deps)) return;
    }
    const params = parseBody(req, body);
    const fields = handler({ params, region: header(req, 'x-tc-region'), call });
    call.outcome = 'ok';
    if (plan?.dropResponse) {
      call.responseDropped = true;
      req.socket.destroy();
      return;
    }
    send(res, 200, successBody(fields, requestId), traceId);
  } catch (error) {
    if (error instanceof ApiError) return fail(error);
    deps.log(`emulator: internal error in ${service ?? '?'}.${action}: ${String(error)}`);
    fail(new ApiError('InternalError', 'An internal error occurred.'));
  }
}

/** Protocol, service, signature, version, action, region and rate limit; returns the handler. */
function admit(
  req: IncomingMessage,
  body: Buffer,
  deps: ApiDeps,
  service: string | undefined,
  action: string,
): ActionHandler {
  if (req.method !== 'POST') {
    throw new ApiError('UnsupportedProtocol', 'The emulator accepts API 3.0 calls as POST with a JSON body.');
  }
  if (action === '') throw commonErrors.missing('X-TC-Action');
  if (service === undefined) {
    throw new ApiError(
      'InvalidAction',
      'The service could not be determined from the Host header or the credential scope.',
    );
  }
  const [path = '/', query = ''] = (req.url ?? '/').split('?');
  verifyRequest(
    { method: 'POST', path, query, headers: req.headers, body },
    { keys: deps.keys, service, nowMs: deps.signatureClock.now(), maxSkewSeconds: deps.maxSkewSeconds },
  );
  const entry = deps.services.get(service);
  const version = header(req, 'x-tc-version');
  if (version === undefined || version === '') throw commonErrors.missing('X-TC-Version');
  if (entry === undefined || entry.version !== version) throw commonErrors.noSuchVersion(version);
  const handler = entry.actions.get(action);
  if (handler === undefined) throw commonErrors.invalidAction(action);
  checkRegion(deps.regionRules, {
    service,
    action,
    region: header(req, 'x-tc-region'),
    site: siteOfHost(header(req, 'host')),
  });
  const admitted = deps.rateLimiter.admit(service, action);
  if (!admitted.ok) throw commonErrors.rateLimited(action, admitted.limit);
  return handler;
}

/** Applies pre-action faults; true when the call is fully answered (or abandoned) here. */
async function applyFaults(plan: FaultPlan, call: CallRecord, res: ServerResponse, deps: ApiDeps): Promise<boolean> {
  if (plan.latencyMs > 0) await sleep(plan.latencyMs);
  if (plan.hang) {
    call.outcome = 'hang';
    deps.hanging.add(res);
    res.on('close', () => deps.hanging.delete(res));
    return true;
  }
  if (plan.httpStatus !== undefined) {
    call.outcome = `http-${plan.httpStatus}`;
    call.httpStatus = plan.httpStatus;
    res.writeHead(plan.httpStatus, { 'Content-Type': 'text/plain' });
    res.end('Injected server error');
    return true;
  }
  if (plan.error) throw new ApiError(plan.error.code, plan.error.message);
  return false;
}

function parseBody(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const contentType = header(req, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    throw new ApiError('InvalidParameter', 'Content-Type must be application/json.');
  }
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError('InvalidParameter', 'The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError('InvalidParameter', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}
