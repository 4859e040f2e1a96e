import { readFileSync } from 'node:fs';

/** Clock ticks a second, as procfs counts them (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; null where
 * procfs is not there. On a shared two-core machine the load generator and the server take
 * turns on the cores, so throughput alone mixes their costs: the server's own CPU time per
 * request is the measure that belongs to the server.
 */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start past the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
