import { readFileSync } from "node:fs";

// Where a phase's CPU went, by process: the server, the database, and this bench process (the
// load generator, and the naive receiver when it runs here). Throughput on this 2-core machine is
// bounded by their sum, so a ratio moves only when one of them does (docs/benchmarks.md, issue 18).
// Linux only: read from /proc; elsewhere the figures are null.

// utime + stime in clock ticks: USER_HZ, 100 per second on x86-64 and arm64 Linux.
const TICKS_PER_MS = 100 / 1000;

function cpuMsOf(pid: number): number | null {
  try {
    // Fields after the command name, which may itself hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_MS;
  } catch {
    return null;
  }
}

const benchCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export type CpuSplit = Record<string, number | null>;

/**
 * Starts counting the CPU of `pids` (by name) and of this process; `perEvent(n)` gives each one's
 * milliseconds per event since then.
 */
export function countCpu(pids: Record<string, number | undefined>): { perEvent: (events: number) => CpuSplit } {
  const start = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid ? cpuMsOf(pid) : null]));
  const benchStart = benchCpuMs();
  return {
    perEvent(events) {
      const split: CpuSplit = {};
      for (const [name, pid] of Object.entries(pids)) {
        const before = start[name];
        const after = pid ? cpuMsOf(pid) : null;
        split[name] = before === null || before === undefined || after === null ? null : +((after - before) / events).toFixed(2);
      }
      split.bench = +((benchCpuMs() - benchStart) / events).toFixed(2);
      return split;
    },
  };
}
