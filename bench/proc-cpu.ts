/** CPU-seconds of a process and its descendants, from /proc/<pid>/stat (Linux). */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, in seconds. */
  readonly cpuSeconds: number;
}

/** Parses one /proc/<pid>/stat line; the command name may hold spaces and parentheses. */
export function parseProcStat(line: string): ProcStat {
  const close = line.lastIndexOf(')');
  const pid = Number(line.slice(0, line.indexOf(' ')));
  // Fields after the name: state(3) ppid(4) … utime(14) stime(15).
  const rest = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const field = (n: number): number => Number(rest[n - 3]);
  return { pid, ppid: field(4), cpuSeconds: (field(14) + field(15)) / TICKS_PER_SECOND };
}

function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      stats.push(parseProcStat(readFileSync(`/proc/${name}/stat`, 'utf8')));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return stats;
}

/** CPU-seconds used so far by `pid` and every live descendant (the dev server CLI may fork). */
export function treeCpuSeconds(pid: number): number {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const self = stats.find((s) => s.pid === pid);
  let total = 0;
  const stack = self === undefined ? [] : [self];
  while (stack.length > 0) {
    const s = stack.pop() as ProcStat;
    total += s.cpuSeconds;
    stack.push(...(children.get(s.pid) ?? []));
  }
  return Math.round(total * 100) / 100;
}
