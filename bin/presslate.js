#!/usr/bin/env node
// The one place that sets the exit code. lib/ is compiled from src/ by `npm install` (prepare).
let run;
try {
  ({ run } = await import('../lib/cli.js'));
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('lib/cli.js')) {
    process.stderr.write('presslate: lib/cli.js is missing; run `npm install` (or `npm run compile`) first.\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await run(process.argv.slice(2));
