/** Fault injection: which calls get latency, an error code, an HTTP 5xx, a hang or a dropped response. */
import { z } from 'zod';

/** One rule; every effect it names applies when it fires. Unset `service`/`action` = all calls. */
export const faultRuleSchema = z.strictObject({
  id: z.string().min(1).optional(),
  service: z.enum(['trtc', 'tiw', 'live', 'trro']).optional(),
  action: z.string().min(1).optional(),
  /** Chance the rule fires on a matching call (the "error rate"); 1 = always. */
  rate: z.number().min(0).max(1).default(1),
  /** Fires at most this many times, then is removed. */
  times: z.int().min(1).optional(),
  /** Real milliseconds added before the call is handled. */
  latencyMs: z.int().min(0).max(600_000).optional(),
  /** Answer with this business error (HTTP 200, `Response.Error`) instead of acting. */
  errorCode: z
    .string()
    .regex(/^[A-Za-z]+(\.[A-Za-z0-9]+)*$/, 'a Tencent error code such as InternalError')
    .optional(),
  errorMessage: z.string().optional(),
  /** Answer with this HTTP status and no API envelope, without acting. */
  httpStatus: z.int().min(500).max(599).optional(),
  /** Never answer; the socket stays open until the client gives up (or the emulator stops). */
  hang: z.boolean().optional(),
  /** Act, then destroy the socket: the task exists but the caller sees a connection reset. */
  dropResponse: z.boolean().optional(),
});
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { readonly id: string };

/** What to do with one call, merged from every rule that fired. */
export interface FaultPlan {
  readonly ruleIds: readonly string[];
  readonly latencyMs: number;
  readonly hang: boolean;
  readonly httpStatus?: number;
  readonly error?: { readonly code: string; readonly message: string };
  readonly dropResponse: boolean;
}

/** Rules plus a seeded random source, so a given seed reproduces the same failures. */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  /** Validates and adds a rule; returns it with its id. */
  add(input: FaultRuleInput): FaultRule {
    const parsed = faultRuleSchema.parse(input);
    const rule: FaultRule = { ...parsed, id: parsed.id ?? `fault-${this.nextId++}` };
    this.rules = [...this.rules.filter((r) => r.id !== rule.id), rule];
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Decides the faults for one call and consumes `times` of the rules that fired. */
  plan(service: string, action: string): FaultPlan | undefined {
    const fired = this.rules.filter(
      (r) =>
        (r.service === undefined || r.service === service) &&
        (r.action === undefined || r.action === action) &&
        (r.rate >= 1 || this.random() < r.rate),
    );
    if (fired.length === 0) return undefined;
    for (const rule of fired) {
      if (rule.times === undefined) continue;
      if (rule.times <= 1) this.remove(rule.id);
      else this.rules = this.rules.map((r) => (r.id === rule.id ? { ...r, times: (rule.times ?? 1) - 1 } : r));
    }
    const withError = fired.find((r) => r.errorCode !== undefined);
    const withStatus = fired.find((r) => r.httpStatus !== undefined);
    return {
      ruleIds: fired.map((r) => r.id),
      latencyMs: fired.reduce((sum, r) => sum + (r.latencyMs ?? 0), 0),
      hang: fired.some((r) => r.hang === true),
      ...(withStatus?.httpStatus !== undefined ? { httpStatus: withStatus.httpStatus } : {}),
      ...(withError?.errorCode !== undefined
        ? { error: { code: withError.errorCode, message: withError.errorMessage ?? 'Injected fault.' } }
        : {}),
      dropResponse: fired.some((r) => r.dropResponse === true),
    };
  }
}

/** Small, fast, seedable PRNG (uniform in [0, 1)). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
