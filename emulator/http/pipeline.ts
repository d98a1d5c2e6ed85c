/**
 * The API 3.0 pipeline for one call, in the provider's order: protocol, service, signature,
 * version, action, region, rate limit, injected faults, parameters, handler, envelope. A call
 * is a POST with a JSON body or a GET with its parameters in the query string (http/query.ts).
 */
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { verifyRequest, type EmulatorKey } from './auth';
import { type EmulatorClock } from '../time/clock';
import { ApiError, commonErrors, errorBody, newRequestId, successBody } from './envelope';
import { type FaultInjector, type FaultPlan } from '../control/faults';
import { type CallRecord, type Journal } from '../control/journal';
import { type ActionHandler } from '../products/module';
import { type ParamsInput } from '../products/validate';
import { type RateLimiter } from './rate-limit';
import { checkRegion, siteOfHost, type RegionRule } from './regions';
import { queryPairs, queryParams, type QueryCommonParameter } from './query';
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

/** What a call says before it is verified: method, path, query, and its common parameters. */
interface Envelope {
  readonly method: string;
  readonly path: string;
  /** The query exactly as sent (the signature covers it byte for byte). */
  readonly rawQuery: string;
  /** A GET's decoded query pairs; empty for POST, whose query carries no parameters. */
  readonly query: readonly [string, string][];
  readonly action: string;
  readonly version: string | undefined;
  readonly region: string | undefined;
  /** Common parameters given twice with different values (header and query, or twice in the query). */
  readonly conflicts: readonly string[];
}

const HEADER_OF: Readonly<Record<QueryCommonParameter, string>> = {
  Action: 'x-tc-action',
  Version: 'x-tc-version',
  Region: 'x-tc-region',
};

/** Reads the envelope; a GET may carry Action, Version and Region in its query (seeds 003, 004). */
function readEnvelope(req: IncomingMessage): Envelope {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  const rawQuery = mark === -1 ? '' : url.slice(mark + 1);
  const method = req.method ?? '';
  const query = method === 'GET' ? queryPairs(rawQuery) : [];
  const conflicts: string[] = [];
  const common = (name: QueryCommonParameter): string | undefined => {
    const sent = header(req, HEADER_OF[name]);
    const given = query.filter(([key]) => key === name).map(([, value]) => value);
    if (new Set([...given, ...(sent !== undefined ? [sent] : [])]).size > 1) conflicts.push(name);
    return sent ?? given[0];
  };
  return {
    method,
    path,
    rawQuery,
    query,
    action: common('Action') ?? '',
    version: common('Version'),
    region: common('Region'),
    conflicts,
  };
}

/** Answers one API call. Never throws: every failure becomes the provider's envelope. */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  deps: ApiDeps,
): Promise<void> {
  const requestId = newRequestId();
  const traceId = header(req, 'x-tc-traceid');
  const envelope = readEnvelope(req);
  const action = envelope.action;
  const service = resolveService(header(req, 'host'), header(req, 'authorization'), new Set(deps.services.keys()));
  const call = deps.journal.open({
    requestId,
    service: service ?? '',
    action,
    method: envelope.method,
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
    const handler = admit(req, body, deps, service, envelope);
    plan = deps.faults.plan(service ?? '', action);
    if (plan) {
      call.faults = [...plan.ruleIds];
      if (await applyFaults(plan, call, res, deps)) return;
    }
    const fields = handler({ ...readParams(req, body, envelope), region: envelope.region, call });
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
  envelope: Envelope,
): ActionHandler {
  const { method, action } = envelope;
  if (method !== 'POST' && method !== 'GET') {
    throw new ApiError(
      'UnsupportedProtocol',
      'The emulator accepts API 3.0 calls as POST with a JSON body or GET with a query string.',
    );
  }
  const [conflict] = envelope.conflicts;
  if (conflict !== undefined) {
    throw new ApiError(
      'InvalidParameter',
      `The common parameter \`${conflict}\` is given twice with different values.`,
    );
  }
  if (action === '') throw commonErrors.missing('X-TC-Action');
  if (service === undefined) {
    throw new ApiError(
      'InvalidAction',
      'The service could not be determined from the Host header or the credential scope.',
    );
  }
  // GET: the canonical query string is the query as sent, the payload hash that of the empty body.
  verifyRequest(
    { method, path: envelope.path, query: envelope.rawQuery, headers: req.headers, body },
    { keys: deps.keys, service, nowMs: deps.signatureClock.now(), maxSkewSeconds: deps.maxSkewSeconds },
  );
  const entry = deps.services.get(service);
  const version = envelope.version;
  if (version === undefined || version === '') throw commonErrors.missing('X-TC-Version');
  if (entry === undefined || entry.version !== version) throw commonErrors.noSuchVersion(version);
  const handler = entry.actions.get(action);
  if (handler === undefined) throw commonErrors.invalidAction(action);
  checkRegion(deps.regionRules, { service, action, region: envelope.region, site: siteOfHost(header(req, 'host')) });
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

/** The action's parameters: a POST's JSON body, a GET's query (API 3.0: Content-Type form-urlencoded, empty body). */
function readParams(req: IncomingMessage, body: Buffer, envelope: Envelope): ParamsInput {
  const contentType = header(req, 'content-type') ?? '';
  if (envelope.method === 'GET') {
    if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
      throw new ApiError(
        'InvalidParameter',
        'Content-Type of a GET request must be application/x-www-form-urlencoded.',
      );
    }
    if (body.length > 0) {
      throw new ApiError(
        'InvalidParameter',
        'A GET request carries its parameters in the query; the body must be empty.',
      );
    }
    return { params: queryParams(envelope.query), encoding: 'query' };
  }
  return { params: parseJsonBody(contentType, body), encoding: 'json' };
}

function parseJsonBody(contentType: string, body: Buffer): Record<string, unknown> {
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
