// Loaded into each provider process the bench's terraform starts (NODE_OPTIONS=--require):
// appends the process's own CPU time (user + system, ms) to $KEYPLANE_BENCH_PROVIDER_CPU_LOG
// when it exits, so the bench can tell the providers' CPU from terraform's.
const { appendFileSync } = require('node:fs');

process.once('exit', () => {
  const log = process.env.KEYPLANE_BENCH_PROVIDER_CPU_LOG;
  if (!log) return;
  const { user, system } = process.cpuUsage();
  appendFileSync(log, `${(user + system) / 1000}\n`);
});
