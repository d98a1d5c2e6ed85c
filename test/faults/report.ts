/** The fault run's report: counts per check and per fault type, evidence, exceptions; JSON + markdown. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { PRODUCTS } from '../../domain/catalog';
import { resolveTemporalCli } from '../../worker/dev-server';
import { CHECKS, type CheckName, type Finding } from './checks';
import { DOCUMENTED_EXCEPTIONS, exceptionFor } from './exceptions';
import { CALLBACK_FAULTS, FAULT_KINDS, type FaultKind } from './options';
import { type RunData } from './runner';

/** The checkout the suite runs from (the report names files relative to it). */
const PROJECT_ROOT = resolve(__dirname, '..', '..');

const projectRoot = resolve(__dirname, '..', '..');

export interface JudgedFinding extends Finding {
  readonly exception?: string;
  /** Fault kinds that touched this recording (its calls, kills during its life, its callbacks). */
  readonly faultsSeen: readonly FaultKind[];
  readonly evidence: Readonly<Record<string, unknown>>;
}

export interface FaultReport {
  readonly suite: 'faults';
  readonly when: string;
  readonly seed: number;
  readonly replay: string;
  readonly passed: boolean;
  readonly sizes: Readonly<Record<string, number | string>>;
  readonly faultsEnabled: readonly FaultKind[];
  readonly phasesMs: Readonly<Record<string, number>>;
  readonly machine: Readonly<Record<string, unknown>>;
  readonly versions: Readonly<Record<string, string>>;
  /** Failing counts (documented exceptions excluded). */
  readonly counts: Readonly<Record<CheckName, number>>;
  readonly exceptions: readonly { id: string; reason: string; documentedIn: string; count: number }[];
  readonly faults: Readonly<
    Record<string, { injected: number; landed: number; recordingsTouched: number; findingsOnTouched: number }>
  >;
  readonly recordings: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly info: Readonly<Record<string, unknown>>;
  readonly findings: readonly JudgedFinding[];
  readonly logTail: readonly string[];
}

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim();
  } catch {
    return 'unavailable';
  }
}

function versions(): Record<string, string> {
  const read = (cmd: string, args: string[]): string => {
    try {
      return execFileSync(cmd, args, { cwd: projectRoot, encoding: 'utf8', timeout: 10_000 }).trim();
    } catch {
      return 'unknown';
    }
  };
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  return {
    node: process.version,
    temporalSdk: pkg.dependencies['@temporalio/worker'] ?? 'unknown',
    temporalCli: read(resolveTemporalCli(undefined, projectRoot), ['--version']).split('\n')[0] ?? 'unknown',
    gitCommit: read('git', ['rev-parse', '--short', 'HEAD']),
    gitDirty: read('git', ['status', '--porcelain']) === '' ? 'no' : 'yes',
  };
}

/** Which fault kinds touched each recording. */
function faultsByRecording(data: RunData): Map<string, Set<FaultKind>> {
  const touched = new Map<string, Set<FaultKind>>();
  const add = (recordId: string, kind: FaultKind): void => {
    const set = touched.get(recordId) ?? new Set<FaultKind>();
    set.add(kind);
    touched.set(recordId, set);
  };
  const callsByRun = new Map(data.runs.map((r) => [r.recordId, data.callsOf(r)]));
  const taskKeys = new Map<string, string>(); // TaskId or CSS stream → recordId
  for (const o of data.observations) {
    for (const t of o.tasks) {
      taskKeys.set(t.taskId, o.recordId);
      if (t.identity.streamName !== undefined) taskKeys.set(t.identity.streamName, o.recordId);
    }
  }
  for (const event of data.events) {
    if (!event.landed) continue;
    if (event.recordId !== undefined) add(event.recordId, event.kind);
    for (const run of data.runs) {
      const calls = callsByRun.get(run.recordId) ?? [];
      const byRule = event.ruleId !== undefined && calls.some((c) => c.faults?.includes(event.ruleId ?? ''));
      const byCall = event.calls?.some((id) => calls.some((c) => c.requestId === id)) ?? false;
      // A kill of a process touches every recording open at the time.
      const open =
        (event.kind === 'worker-kill' || event.kind === 'server-kill' || event.kind.startsWith('worker-kill')) &&
        run.startedAt !== undefined &&
        run.startedAt <= event.at &&
        (run.driveDone ?? Number.MAX_SAFE_INTEGER) + 30_000 >= event.at;
      if (byRule || byCall || open) add(run.recordId, event.kind);
    }
  }
  for (const h of data.stack.proxy.stats.hits) {
    const recordId = h.key === undefined ? undefined : taskKeys.get(h.key);
    if (recordId !== undefined) add(recordId, h.fault);
  }
  for (const splice of data.stack.proxy.stats.splices) {
    const recordId = taskKeys.get(splice.victimTaskId);
    if (recordId !== undefined) add(recordId, 'callback-splice');
  }
  return touched;
}

function evidenceOf(data: RunData, finding: Finding): Record<string, unknown> {
  const run = data.runs.find((r) => r.recordId === finding.recordId);
  const o = data.observations.find((x) => x.recordId === finding.recordId);
  if (run === undefined || o === undefined) return {};
  const t0 = run.startedAt ?? data.startedAt;
  const rel = (ms: number | undefined): string | undefined =>
    ms === undefined ? undefined : `${((ms - t0) / 1000).toFixed(1)}s`;
  return {
    plan: { ending: run.ending, holdMs: run.holdMs, stopRequested: run.stopRequested, terminated: run.terminated },
    drive: { reachedRecording: run.reachedRecording, note: run.driveNote },
    workflowStatus: o.workflowStatus,
    result:
      o.result === undefined
        ? o.resultError
        : {
            state: o.result.state,
            endReason: o.result.endReason,
            taskId: o.result.taskId,
            taskIds: o.result.taskIds,
            attempts: o.result.attempts,
            failure: o.result.failure,
            detachedReason: o.result.detachedReason,
            warnings: o.result.warnings.map((w) => `${w.code}×${w.count}: ${w.detail}`),
          },
    tasks: o.tasks.map((t) => ({
      taskId: t.taskId,
      status: t.status,
      running: t.running,
      created: rel(t.createdAt),
      ended: rel(t.endedAt),
      endReason: t.endReason,
    })),
    calls: data
      .callsOf(run)
      .map(
        (c) =>
          `${rel(c.wallAt) ?? '?'} ${c.action} → ${c.outcome}${c.httpStatus !== undefined && c.httpStatus !== 200 ? ` (HTTP ${c.httpStatus})` : ''}` +
          `${c.responseDropped === true ? ' [answer dropped]' : ''}${c.faults !== undefined && c.faults.length > 0 ? ` [faults ${c.faults.join(',')}]` : ''}` +
          `${c.taskId !== undefined ? ` task ${c.taskId}` : ''}`,
      ),
    faultEvents: data.events
      .filter((e) => e.landed && e.at >= t0 - 5_000 && e.at <= (run.driveDone ?? e.at) + 30_000)
      .map((e) => `${rel(e.at) ?? '?'} ${e.kind}: ${e.detail}`),
  };
}

export function buildReport(data: RunData): FaultReport {
  const touched = faultsByRecording(data);
  const findings: JudgedFinding[] = data.findings.map((f) => {
    const exception = exceptionFor(f);
    return {
      ...f,
      ...(exception !== undefined ? { exception: exception.id } : {}),
      faultsSeen: [...(touched.get(f.recordId) ?? [])].sort(),
      evidence: evidenceOf(data, f),
    };
  });
  const counts = Object.fromEntries(
    CHECKS.map((c) => [c, findings.filter((f) => f.check === c && f.exception === undefined).length]),
  ) as Record<CheckName, number>;
  const failingRecords = new Set(findings.filter((f) => f.exception === undefined).map((f) => f.recordId));
  const faults: FaultReport['faults'] = Object.fromEntries(
    FAULT_KINDS.filter((k) => data.options.faults.includes(k)).map((kind) => {
      const isCallback = (CALLBACK_FAULTS as readonly string[]).includes(kind);
      const injected = isCallback
        ? (data.stack.proxy.stats.injected[kind as (typeof CALLBACK_FAULTS)[number]] ?? 0)
        : data.events.filter((e) => e.kind === kind).length;
      const landed = isCallback ? injected : data.events.filter((e) => e.kind === kind && e.landed).length;
      const records = [...touched.entries()].filter(([, kinds]) => kinds.has(kind)).map(([id]) => id);
      return [
        kind,
        {
          injected,
          landed,
          recordingsTouched: records.length,
          findingsOnTouched: records.filter((id) => failingRecords.has(id)).length,
        },
      ];
    }),
  );
  const recordings = Object.fromEntries(
    PRODUCTS.map((p) => {
      const states: Record<string, number> = {};
      for (const o of data.observations.filter((x) => x.product === p)) {
        const key = o.result?.state ?? o.workflowStatus.toLowerCase();
        states[key] = (states[key] ?? 0) + 1;
      }
      return [p, { driven: data.runs.filter((r) => r.product === p && r.startedAt !== undefined).length, ...states }];
    }),
  );
  const failedWithoutTask = data.observations
    .filter((o) => o.result?.state === 'Failed' && o.tasks.length === 0)
    .map((o) => ({ recordId: o.recordId, failure: o.result?.failure }));
  const declaredRunning = data.observations.filter(
    (o) => o.result?.state === 'Detached' && o.tasks.some((t) => t.running),
  ).length;
  const o = data.options;
  const passed = Object.values(counts).every((n) => n === 0);
  return {
    suite: 'faults',
    when: new Date(data.startedAt).toISOString(),
    seed: o.seed,
    replay: `npm run test:faults -- --seed ${o.seed} --recordings ${o.recordings} --faults ${o.faults.join(',')} --concurrency ${o.concurrency} --workers ${o.workers}`,
    passed,
    sizes: {
      recordings: o.recordings,
      driven: data.runs.filter((r) => r.startedAt !== undefined).length,
      concurrency: o.concurrency,
      workers: o.workers,
      faultsPerRecording: o.faultsPerRecording,
      callbackFaultRate: o.callbackFaultRate,
      scheduledFaults: data.events.length,
      scheduledFaultsLanded: data.events.filter((e) => e.landed).length,
      callbackFaults: Object.values(data.stack.proxy.stats.injected).reduce((a, b) => a + b, 0),
    },
    faultsEnabled: o.faults,
    phasesMs: data.phases,
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      platform: `${process.platform}-${process.arch}`,
      loadavgStart: data.loadStart,
      loadavgEnd: loadAverage(),
    },
    versions: versions(),
    counts,
    exceptions: DOCUMENTED_EXCEPTIONS.map((e) => ({
      id: e.id,
      reason: e.reason,
      documentedIn: e.documentedIn,
      count: findings.filter((f) => f.exception === e.id).length,
    })),
    faults,
    recordings,
    info: {
      failedWithoutTask,
      detachedWithTaskStillRunning: declaredRunning,
      // What became of the tasks of terminated recordings (stopped by the orphan reaper, once it exists).
      terminated: data.observations
        .filter((x) => x.terminated)
        .map((x) => ({
          recordId: x.recordId,
          workflowStatus: x.workflowStatus,
          tasks: x.tasks.map((t) => `${t.taskId} ${t.running ? 'running' : `ended ${t.endReason ?? '?'}`}`),
        })),
      callbacksSeen: data.stack.proxy.stats.seen,
      gatewayAnswersToGenuineCallbacks: data.stack.proxy.stats.genuineAnswers,
      splices: data.stack.proxy.stats.splices.length,
      temporalRestarts: data.stack.server.restarts,
      workersSpawned: data.stack.pool.spawned,
      workerUnexpectedExits: data.stack.pool.unexpectedExits,
      driveNotes: data.runs.filter((r) => r.driveNote !== undefined).map((r) => `${r.recordId}: ${r.driveNote}`),
    },
    findings,
    // Stack traces name files by absolute path: keep them relative to the checkout.
    logTail: data.stack.logs.slice(-40).map((line) => line.replaceAll(`${PROJECT_ROOT}/`, '')),
  };
}

/** The gateway's 4xx answers to callbacks the provider really sent (not the proxy's forgeries). */
function genuineRefusals(r: FaultReport): string[] {
  const answers = r.info['gatewayAnswersToGenuineCallbacks'] as Record<string, number>;
  const refused = Object.entries(answers).filter(([k]) => /^\S+ 4\d\d/.test(k));
  if (refused.length === 0) return ['None.'];
  return table(
    ['product, status, reason', 'answers'],
    refused.map(([k, n]) => [k, n]),
  );
}

const table = (head: string[], rows: (string | number)[][]): string[] => [
  `| ${head.join(' | ')} |`,
  `|${head.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];

export function toMarkdown(r: FaultReport): string {
  const lines = [
    `# Fault run ${r.when} — ${r.passed ? 'PASSED' : 'FAILED'}`,
    '',
    `Seed **${r.seed}** (replay: \`${r.replay}\`). ${String(r.sizes['driven'])} recordings driven, ` +
      `${String(r.sizes['scheduledFaults'])} scheduled faults (${String(r.sizes['scheduledFaultsLanded'])} landed), ` +
      `${String(r.sizes['callbackFaults'])} callback faults. Took ${Math.round((r.phasesMs['totalMs'] ?? 0) / 1000)} s ` +
      `(set-up ${Math.round((r.phasesMs['setUpMs'] ?? 0) / 1000)} s, drive ${Math.round((r.phasesMs['driveMs'] ?? 0) / 1000)} s, settle ${Math.round((r.phasesMs['settleMs'] ?? 0) / 1000)} s).`,
    '',
    `Machine: ${String(r.machine['cores'])} × ${String(r.machine['cpu'])}; /proc/loadavg at start \`${String(r.machine['loadavgStart'])}\`, at end \`${String(r.machine['loadavgEnd'])}\`. ` +
      `Node ${r.versions['node'] ?? '?'}, Temporal SDK ${r.versions['temporalSdk'] ?? '?'}, ${r.versions['temporalCli'] ?? '?'}, commit ${r.versions['gitCommit'] ?? '?'}${r.versions['gitDirty'] === 'yes' ? ' (dirty)' : ''}.`,
    '',
    '## Counts (fail the run when not 0)',
    '',
    ...table(
      ['check', 'count'],
      CHECKS.map((c) => [c, r.counts[c]]),
    ),
    '',
    '## Documented exceptions (counted, do not fail the run)',
    '',
    ...table(
      ['exception', 'count', 'why', 'documented in'],
      r.exceptions.map((e) => [e.id, e.count, e.reason, e.documentedIn]),
    ),
    '',
    '## Per fault type',
    '',
    ...table(
      ['fault', 'injected', 'landed', 'recordings touched', 'of those with a failing finding'],
      Object.entries(r.faults).map(([k, v]) => [k, v.injected, v.landed, v.recordingsTouched, v.findingsOnTouched]),
    ),
    '',
    '## Genuine callbacks the gateway refused (reported, not a failing count)',
    '',
    ...genuineRefusals(r),
    '',
    '## Recordings by product and end state',
    '',
    ...table(
      ['product', 'states'],
      Object.entries(r.recordings).map(([p, states]) => [
        p,
        Object.entries(states)
          .map(([k, n]) => `${k} ${n}`)
          .join(', '),
      ]),
    ),
    '',
    '## Other figures',
    '',
    '```json',
    JSON.stringify(r.info, null, 2),
    '```',
    '',
    '## Findings',
    '',
  ];
  if (r.findings.length === 0) lines.push('None.');
  for (const f of r.findings) {
    lines.push(
      `### ${f.check}${f.exception !== undefined ? ` (exception ${f.exception})` : ''}: ${f.recordId} (${f.product})`,
      '',
      `${f.detail}. Faults that touched it: ${f.faultsSeen.join(', ') || 'none seen'}.`,
      '',
      '```json',
      JSON.stringify(f.evidence, null, 2),
      '```',
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `<when>-<label>-seed<seed>.json` and `.md` into `dir`; returns the paths. */
export function writeReport(dir: string, label: string, report: FaultReport): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const base = `${report.when.replace(/[:.]/g, '-')}-${label}-seed${report.seed}`;
  const json = join(dir, `${base}.json`);
  const md = join(dir, `${base}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, toMarkdown(report));
  return { json, md };
}
