#!/usr/bin/env node
// The one place that sets the exit code. lib/ is compiled from src/ by `npm install` (prepare);
// lib/load.cjs runs the CLI's bundle with V8's code cache (src/loader/load-bundle.ts).
// CommonJS (bin/package.json): Node starts an ES module entry through its ES module loader, some
// 3 ms more per command than this.
'use strict';

const COMMANDS = new Set(['extract', 'status', 'build', 'watch', 'check', 'pretranslate', 'export', 'import', 'new']);
let cli;
try {
  const { loadBundle } = require('../lib/load.cjs');
  // Each command runs other code: each has its own code cache.
  cli = loadBundle('cli', COMMANDS.has(process.argv[2]) ? process.argv[2] : 'other');
} catch (error) {
  if (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ENOENT') {
    process.stderr.write('presslate: lib/ is missing or incomplete; run `npm install` (or `npm run compile`) first.\n');
    process.exit(2);
  }
  throw error;
}
cli.exports.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  cli.saveCodeCache();
  // The command is done and its output written (stdout and stderr have nothing queued): exiting
  // now spares Node's teardown of the heap, some 15 ms of a command that worked on one release.
  // With output still queued (an asynchronous pipe, as on Windows) Node exits when it is written.
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
});
