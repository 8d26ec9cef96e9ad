// Preloaded by scripts/bench.mjs where /usr/bin/time is missing: writes the process's peak
// resident set size (KB, all threads) to $PRESSLATE_BENCH_RSS when it exits.
const { writeFileSync } = require('node:fs');
const file = process.env.PRESSLATE_BENCH_RSS;
if (file) process.on('exit', () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
