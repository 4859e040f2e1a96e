import os from 'node:os';

/** The machine a run was measured on, for docs/performance.md. */
export function describeMachine(): string {
  const cpus = os.cpus();
  return [
    `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
    `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
    `${os.type()} ${os.release()}`,
    `Node ${process.version}`,
    `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`,
  ].join(', ');
}
