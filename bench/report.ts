/** Writes benchmark results as JSON and markdown under bench/results/. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { OverheadResult } from './call-overhead';
import type { SigningResult } from './signing';

export interface BenchReport {
  readonly when: string;
  readonly machine: { readonly node: string; readonly platform: string; readonly cpu: string; readonly cores: number };
  readonly signing: SigningResult;
  readonly callOverhead: OverheadResult;
}

export function machineInfo(): BenchReport['machine'] {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
  };
}

const n = (value: number): string => value.toLocaleString('en-US');

export function toMarkdown(report: BenchReport): string {
  const { signing: s, callOverhead: c, machine: m } = report;
  return [
    '# cloud/ benchmark',
    '',
    `${report.when} · Node ${m.node} · ${m.platform} · ${m.cpu} × ${m.cores}. Numbers, not pass/fail.`,
    '',
    `## TC3 signing (${s.bodyBytes}-byte body, same bytes for both; median of ${s.rounds} rounds)`,
    '',
    '| signer | ops/s | slowest–fastest round |',
    '|---|---:|---:|',
    `| ours \`signRequest\` (full header set) | ${n(s.oursOpsPerSec)} | ${n(s.oursRange[0])}–${n(s.oursRange[1])} |`,
    `| SDK \`Sign.sign3\` (Authorization only) | ${n(s.sdkOpsPerSec)} | ${n(s.sdkRange[0])}–${n(s.sdkRange[1])} |`,
    `| ratio ours ÷ SDK | ${s.ratio} | |`,
    '',
    `## Per-call cost on a loopback server (${c.ours.calls} sequential calls each)`,
    '',
    '| client | mean µs | p50 µs | p99 µs |',
    '|---|---:|---:|---:|',
    `| ours \`TencentCloudClient.call\` (serialize, sign, send, zod parse) | ${c.ours.meanUs} | ${c.ours.p50Us} | ${c.ours.p99Us} |`,
    `| bare undici \`request\` + \`JSON.parse\`, same pre-signed bytes | ${c.bareUndici.meanUs} | ${c.bareUndici.p50Us} | ${c.bareUndici.p99Us} |`,
    `| ratio ours ÷ bare | ${c.ratioMean} | ${c.ratioP50} | |`,
    '',
    `Overhead per call (difference of medians): ${c.overheadUsPerCall} µs. Client and server share one process and`,
    'the machine is shared, so tails (p99) mostly measure scheduling noise.',
    '',
  ].join('\n');
}

/** Writes `latest.json` and `latest.md` into `dir`. */
export function writeReport(dir: string, report: BenchReport): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'latest.md'), toMarkdown(report));
}

/** The machine's load right now (`/proc/loadavg`), or why it is unknown: the machine is shared. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim();
  } catch {
    return 'unknown (no /proc/loadavg)';
  }
}

/** One suite's report: what ran, where, with which versions and options, and how loaded the machine was. */
export interface SuiteReport<R> {
  readonly suite: string;
  readonly when: string;
  readonly machine: BenchReport['machine'];
  readonly versions: Readonly<Record<string, string>>;
  readonly loadavg: { readonly before: string; readonly after: string };
  readonly result: R;
}

/** Writes `<date>-<suite>.json` and `<date>-<suite>.md` into `dir`; returns the markdown. */
export function writeSuiteReport<R>(dir: string, report: SuiteReport<R>, body: readonly string[]): string {
  const m = report.machine;
  const markdown = [
    `# ${report.suite} benchmark`,
    '',
    `${report.when} · Node ${m.node} · ${m.platform} · ${m.cpu} × ${m.cores}. Numbers, not pass/fail.`,
    '',
    `Versions: ${Object.entries(report.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    `/proc/loadavg before: \`${report.loadavg.before}\`; after: \`${report.loadavg.after}\` (the machine is shared).`,
    '',
    ...body,
  ].join('\n');
  const base = join(dir, `${report.when.slice(0, 10)}-${report.suite}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdown);
  return markdown;
}
