// Injected into the CommonJS bundles by scripts/compile.mjs as what `import.meta.url` is in the
// sources (workers.ts finds lib/worker.cjs from it): the bundle's own file, from __filename.
export const __presslateModuleUrl = require('node:url').pathToFileURL(__filename).href;
