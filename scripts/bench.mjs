#!/usr/bin/env node
// `npm run bench`: times Presslate on a generated archive, against the floor of parsing the same
// German sources with remark, measured in the same run on the same machine.
//
//   npm run bench                      N = 1,000 releases, 3 runs
//   npm run bench -- --n 10000         N = 10,000
//   npm run bench -- --runs 5 --seed 2 --keep
//
// Every Presslate step runs as a child process (`node bin/presslate.js …`, process start
// included); wall time is measured here, peak RSS (all threads) by /usr/bin/time when it exists,
// else by a preloaded reporter (scripts/bench-rss.cjs). The floor runs in a child process too:
// unified + remark-parse + remark-frontmatter + remark-gfm on every source, single-threaded, and
// the same plus remark-stringify. The table gives each median and its ratio to the floor.
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus, nodeOptionsOf, presslateBin, TARGET_LANGUAGES } from './generate-corpus.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[2] === '--floor') {
  await measureFloor(process.argv[3], Number(process.argv[4] ?? 3));
  process.exit(0);
}
if (process.argv[2] === '--floor-part') {
  await measureFloor(process.argv[3], Number(process.argv[4] ?? 3), { index: Number(process.argv[5]), of: Number(process.argv[6]) });
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean' },
    corpus: { type: 'string' },
  },
});
const n = Number(values.n);
const runs = Number(values.runs);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('bench: --n and --runs take positive whole numbers\n');
  process.exit(2);
}
const bin = presslateBin();
const corpus = resolve(values.corpus ?? join(REPO, 'bench-corpus', `n${n}`));
const log = (line) => process.stderr.write(`${line}\n`);
const timeBinary = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const loadBefore = loadavg()[0];

/**
 * What the bench would delete before a measurement (a corpus of an earlier bench, the cache and
 * dist/ of the run before) is moved here instead, and deleted when the bench ends. The first cold
 * runs of a fresh CI clone follow no deletion, and deleting first is not neutral: on ext4 without a
 * journal (this VM's disk), the kernel's inode allocator skips every inode freed in the last 60 s
 * (`recently_deleted` in fs/ext4/ialloc.c), rescanning them for each new file, so 11,000 files of
 * dist/ created straight after removing the last 13,000 took 2–3 s more system time (3.8–5.9 s
 * against 1.7–2.7 s) and 1–2 s more wall time here ("Creating files right after deleting many" in
 * README.md). Same file system as the corpus, for rename.
 */
const trash = join(dirname(corpus), `.${basename(corpus)}.trash-${process.pid}`);
let discarded = 0;
const discard = (path) => {
  if (!existsSync(path)) return;
  try {
    mkdirSync(trash, { recursive: true });
    renameSync(path, join(trash, String(discarded++)));
  } catch {
    // Not movable there (the corpus is a mount point, say): deleted, as before.
    rmSync(path, { recursive: true, force: true });
  }
};
process.on('exit', () => rmSync(trash, { recursive: true, force: true }));

log(`bench: generating ${n} releases (seed ${values.seed}) in ${corpus} …`);
const started = performance.now();
mkdirSync(dirname(corpus), { recursive: true });
discard(corpus);
const { bytes } = generateCorpus({ n, seed: Number(values.seed), out: corpus, log });
log(`bench: corpus ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// Pristine copies of what the edit scenario changes, to restore between runs.
const pristine = mkdtempSync(join(tmpdir(), 'presslate-bench-'));
cpSync(join(corpus, 'releases'), join(pristine, 'releases'), { recursive: true });
cpSync(join(corpus, 'locales'), join(pristine, 'locales'), { recursive: true });
const releaseNames = readdirSync(join(corpus, 'releases')).sort();

/**
 * Node 20 reads the file NODE_EXTRA_CA_CERTS names at every start, before any JavaScript runs,
 * and builds its root certificate store for it (node.cc, InitializeOncePerProcess): with a system
 * bundle of some 150 certificates, 0.04 of the 0.12 s `node -e 0` takes on the development VM,
 * which sets it for every process. Presslate makes no TLS connection; the bench runs every command
 * in the environment it is given, as the npm scripts do, and reports node's start without the
 * variable too, so the share of each row that is the environment's is visible.
 */
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
const withoutExtraCaCerts = () => {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
};
const samples = { start: [], startBare: [], extractCold: [], buildCold: [], unchanged: [], edited: [], editedAgain: [], titled: [] };
const rss = { extractCold: [], buildCold: [], unchanged: [], edited: [], editedAgain: [], titled: [] };
const now = '2030-01-01T00:00:00Z';
/**
 * The time between a round's report and the next measured save, a writer's pace rather than a
 * script's: the save then meets a watch that has finished its round and waits for events, as a
 * person's next save does.
 */
const SAVE_PAUSE_MS = 500;

for (let run = 0; run < runs; run++) {
  log(`bench: run ${run + 1}/${runs}`);
  discard(join(corpus, '.presslate-cache'));
  discard(join(corpus, 'dist'));
  samples.start.push(measure(process.execPath, ['-e', '0']).seconds);
  if (extraCaCerts) samples.startBare.push(measure(process.execPath, ['-e', '0'], withoutExtraCaCerts()).seconds);
  const extractCold = presslate(['extract']);
  const buildCold = presslate(['build', '--now', now]);
  record('extractCold', extractCold);
  record('buildCold', buildCold);
  // A second pass settles files the cold runs saw as just written (the cache re-hashes files
  // modified within the last seconds once, like git's racy-clean check): CI's case is this one.
  presslate(['extract']);
  presslate(['build', '--now', now]);
  const unchangedExtract = presslate(['extract']);
  const unchangedBuild = presslate(['build', '--now', now]);
  record('unchanged', combine(unchangedExtract, unchangedBuild));
  const name = releaseNames[Math.floor(((run + 0.5) / runs) * releaseNames.length)];
  editOneParagraph(join(corpus, 'releases', name));
  const editedExtract = presslate(['extract']);
  const editedBuild = presslate(['build', '--now', now]);
  record('edited', combine(editedExtract, editedBuild));
  // The way people work: another release edited straight after that build (whose writes left
  // dist/ and the locale files with times of "now").
  const other = releaseNames[(releaseNames.indexOf(name) + Math.floor(releaseNames.length / 3)) % releaseNames.length];
  editOneParagraph(join(corpus, 'releases', other));
  const againExtract = presslate(['extract']);
  const againBuild = presslate(['build', '--now', now]);
  record('editedAgain', combine(againExtract, againBuild));
  // A title edited: every page of the release, and the language's index and feeds, which show it.
  const titled = releaseNames[(releaseNames.indexOf(name) + Math.floor((2 * releaseNames.length) / 3)) % releaseNames.length];
  editTitle(join(corpus, 'releases', titled));
  const titledExtract = presslate(['extract']);
  const titledBuild = presslate(['build', '--now', now]);
  record('titled', combine(titledExtract, titledBuild));
  // Restore the releases and their locale files for the next run.
  for (const edited of [name, other, titled]) restoreRelease(edited);
}

log('bench: `presslate watch` (one warm process) …');
const watched = await measureWatch();

log('bench: floor (remark parse, parse + stringify) …');
const floor = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--floor', corpus, String(runs)], { encoding: 'utf8' }));
log('bench: the same work on every core …');
const parallelFloor = await measureParallelFloor();
const loadAfter = loadavg()[0];

const floorSeconds = median(floor.parseStringify);
const mb = (kb) => (kb / 1024).toFixed(0);
const row = (label, seconds, kb) => `| ${label} | ${seconds.toFixed(2)} s | ${(seconds / floorSeconds).toFixed(2)}× | ${kb === undefined ? '–' : `${mb(kb)} MB`} |`;
const coldTotal = median(samples.extractCold.map((s, i) => s + samples.buildCold[i]));
const lines = [
  `Presslate benchmark: ${n} releases (${(bytes / 1e6).toFixed(1)} MB of German), ${TARGET_LANGUAGES.length} target languages, ${runs} run(s), medians.`,
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after.`,
  '',
  '| step | wall time | × floor | peak RSS |',
  '| --- | ---: | ---: | ---: |',
  row('floor: remark parse (1 thread, in one process)', median(floor.parse), floor.maxRss),
  row('floor: remark parse + stringify', floorSeconds, floor.maxRss),
  row(`for comparison: parse + stringify on ${parallelFloor.processes} cores (a share of the sources in each of ${parallelFloor.processes} processes at once)`, parallelFloor.seconds),
  row('node start (`node -e 0`)', median(samples.start)),
  ...(extraCaCerts ? [row('node start without NODE_EXTRA_CA_CERTS (see below)', median(samples.startBare))] : []),
  row('cold `extract`', median(samples.extractCold), median(rss.extractCold)),
  row('cold `build` (after it)', median(samples.buildCold), median(rss.buildCold)),
  row('cold `extract` + `build`', coldTotal, Math.max(median(rss.extractCold), median(rss.buildCold))),
  row('`extract` + `build`, nothing changed', median(samples.unchanged), median(rss.unchanged)),
  row('`extract` + `build`, one paragraph edited', median(samples.edited), median(rss.edited)),
  row('`extract` + `build`, another release edited straight after', median(samples.editedAgain), median(rss.editedAgain)),
  row('`extract` + `build`, a title edited (the index and feeds show it)', median(samples.titled), median(rss.titled)),
  row('`watch`: one paragraph edited → locale files and dist/ updated', median(watched.edited), watched.kb),
  row('`watch`: a release saved unchanged', median(watched.unchanged), watched.kb),
  row('`watch`: a title edited', median(watched.titled), watched.kb),
  '',
  `Command: \`${commandLine()}\`. Peak RSS by ${timeBinary ? '/usr/bin/time' : 'process.resourceUsage()'} (all threads); wall time includes process start.`,
  ...(extraCaCerts
    ? [
        `NODE_EXTRA_CA_CERTS is set (${extraCaCerts}): Node 20 reads that certificate file at every start, before any JavaScript runs, so every command here pays ${(median(samples.start) - median(samples.startBare)).toFixed(2)} s for it (each extract + build row twice). Presslate makes no TLS connection; the rows are measured in this environment, as the npm scripts run.`,
      ]
    : []),
];
process.stdout.write(`${lines.join('\n')}\n`);
writeFileSync(join(corpus, 'bench-result.json'), JSON.stringify({ n, runs, bytes, samples, rss, watched, floor, parallelFloor, loadBefore, loadAfter }, null, 2));
rmSync(pristine, { recursive: true, force: true });
if (!values.keep) rmSync(corpus, { recursive: true, force: true });

/**
 * The floor's work spread over every core: one process per core, each parsing and stringifying its
 * share of the sources, all at once; per pass, the slowest process's time (medians over passes).
 * Not a target, a yardstick: what two cores give remark's work on this machine. Parsing allocates
 * heavily, and two processes at once contend for memory bandwidth and caches (and for V8's
 * garbage-collection threads), so this is well above half the single-process floor here.
 */
async function measureParallelFloor() {
  const processes = Math.max(1, availableParallelism());
  const outputs = await Promise.all(
    Array.from({ length: processes }, (_, index) =>
      new Promise((resolve, reject) => {
        execFile(process.execPath, [fileURLToPath(import.meta.url), '--floor-part', corpus, String(runs), String(index), String(processes)], { encoding: 'utf8' }, (error, stdout) =>
          error ? reject(error) : resolve(JSON.parse(stdout)),
        );
      }),
    ),
  );
  const passes = outputs[0].parseStringify.map((_, pass) => Math.max(...outputs.map((output) => output.parseStringify[pass])));
  return { processes, seconds: median(passes), passes };
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function commandLine() {
  const flags = [n === 1000 ? '' : `--n ${n}`, runs === 3 ? '' : `--runs ${runs}`, values.seed === '1' ? '' : `--seed ${values.seed}`].filter(Boolean);
  return flags.length > 0 ? `npm run bench -- ${flags.join(' ')}` : 'npm run bench';
}

function record(name, sample) {
  samples[name].push(sample.seconds);
  rss[name].push(sample.kb);
}

function combine(a, b) {
  return { seconds: a.seconds + b.seconds, kb: Math.max(a.kb, b.kb) };
}

/** Runs `presslate <args> --root <corpus>`; fails the bench on a non-zero exit. */
function presslate(args) {
  const sample = measure(process.execPath, [...nodeOptionsOf(args[0]), bin, ...args, '--root', corpus]);
  if (sample.status !== 0) {
    process.stderr.write(sample.stderr);
    throw new Error(`presslate ${args.join(' ')} exited with ${sample.status}`);
  }
  return sample;
}

/**
 * `presslate watch --json` on the corpus, as a writer uses it: a paragraph saved, and the time
 * from the save until the watch reports the round done (locale files and dist/ written; the
 * watch's 40 ms settle time included); and a release saved unchanged (only its times change). Each
 * scenario runs `runs` times on a different release, which is restored (and the round for that
 * awaited) before the next; each measured save comes SAVE_PAUSE_MS after the round before it.
 * Peak RSS from /proc (Linux), else none.
 */
async function measureWatch() {
  const child = spawn(process.execPath, [...nodeOptionsOf('watch'), bin, 'watch', '--json', '--now', now, '--root', corpus], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rounds = [];
  let buffer = '';
  let wake = () => {};
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      rounds.push({ at: performance.now(), ...JSON.parse(buffer.slice(0, end)) });
      buffer = buffer.slice(end + 1);
    }
    wake();
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const roundFor = async (seen, file) => {
    for (;;) {
      const found = rounds.slice(seen).find((round) => round.trigger.includes(file));
      if (found) {
        if (found.extract.code !== 0 || found.build?.code !== 0) throw new Error(`watch: a round for ${file} failed: ${JSON.stringify(found)}`);
        return found;
      }
      if (child.exitCode !== null) throw new Error(`presslate watch exited with ${child.exitCode}`);
      await new Promise((resolve) => {
        wake = resolve;
        setTimeout(resolve, 1000);
      });
    }
  };
  const result = { edited: [], unchanged: [], titled: [], kb: undefined };
  try {
    await watchScenarios(rounds, roundFor, result, child);
  } finally {
    // Also when a round failed: the watch must not outlive the bench.
    child.kill('SIGINT');
    await exited;
  }
  return result;
}

async function watchScenarios(rounds, roundFor, result, child) {
  // The first round (extract + build with nothing to do) before any edit.
  while (rounds.length === 0) {
    if (child.exitCode !== null) throw new Error(`presslate watch exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // One save before the measured ones, not measured: a writer saves many times in one watch
  // session, and the first save after the start runs the edit path's code for the first time
  // (about 0.3 s more at 1,000 releases). The table gives the saves after it.
  const warmUp = releaseNames[Math.floor(0.05 * releaseNames.length)];
  let seen = rounds.length;
  editOneParagraph(join(corpus, 'releases', warmUp));
  await roundFor(seen, `releases/${warmUp}`);
  seen = rounds.length;
  restoreRelease(warmUp);
  await roundFor(seen, `releases/${warmUp}`);
  for (let run = 0; run < runs; run++) {
    const name = releaseNames[Math.floor(((run + 0.25) / runs) * releaseNames.length)];
    const file = `releases/${name}`;
    await pause(SAVE_PAUSE_MS);
    seen = rounds.length;
    let start = performance.now();
    editOneParagraph(join(corpus, file));
    let round = await roundFor(seen, file);
    result.edited.push((round.at - start) / 1000);
    const other = `releases/${releaseNames[(releaseNames.indexOf(name) + 7) % releaseNames.length]}`;
    await pause(SAVE_PAUSE_MS);
    seen = rounds.length;
    start = performance.now();
    const later = new Date(Date.now() + 1000);
    utimesSync(join(corpus, other), later, later);
    round = await roundFor(seen, other);
    result.unchanged.push((round.at - start) / 1000);
    // Back to the pristine release and locale files; wait for the round that reads them.
    seen = rounds.length;
    restoreRelease(name);
    await roundFor(seen, file);
    // A title edited: the release's pages and its language's index and feeds.
    const titled = releaseNames[(releaseNames.indexOf(name) + 13) % releaseNames.length];
    await pause(SAVE_PAUSE_MS);
    seen = rounds.length;
    start = performance.now();
    editTitle(join(corpus, 'releases', titled));
    round = await roundFor(seen, `releases/${titled}`);
    result.titled.push((round.at - start) / 1000);
    seen = rounds.length;
    restoreRelease(titled);
    await roundFor(seen, `releases/${titled}`);
  }
  try {
    result.kb = Number(/VmHWM:\s*(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) || undefined;
  } catch {
    // Not Linux: no figure.
  }
}

function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Puts back the pristine text of a release and of its locale files. */
function restoreRelease(name) {
  cpSync(join(pristine, 'releases', name), join(corpus, 'releases', name));
  for (const lng of TARGET_LANGUAGES) {
    const locale = join('locales', lng, name.replace(/\.md$/, '.yaml'));
    cpSync(join(pristine, locale), join(corpus, locale));
  }
}

/** Wall time of a child process and its peak resident set (KB); `env` replaces the environment. */
function measure(command, args, env = process.env) {
  const rssFile = join(tmpdir(), `presslate-bench-rss-${process.pid}`);
  const start = performance.now();
  const child = timeBinary
    ? spawnSync(timeBinary, ['-f', '%M', '-o', rssFile, command, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env })
    : spawnSync(command, ['--require', join(REPO, 'scripts/bench-rss.cjs'), ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        env: { ...env, PRESSLATE_BENCH_RSS: rssFile },
      });
  const seconds = (performance.now() - start) / 1000;
  let kb = 0;
  try {
    kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
    rmSync(rssFile, { force: true });
  } catch {
    // No figure: the child died before reporting.
  }
  return { seconds, kb, status: child.status, stderr: child.stderr };
}

/** Changes the words of the longest paragraph of a release (a real edit, not a touch). */
function editOneParagraph(path) {
  const text = readFileSync(path, 'utf8');
  const paragraphs = text.split('\n\n');
  // The longest paragraph of the body: the first block is the front matter, which is no paragraph
  // (an edit there changes the title or summary, which every index and feed of the language shows).
  let longest = -1;
  paragraphs.forEach((paragraph, index) => {
    if (index > 0 && !/^[#>|!\-\d]/.test(paragraph) && (longest < 0 || paragraph.length > paragraphs[longest].length)) longest = index;
  });
  paragraphs[longest] = paragraphs[longest].replace(/\.(\s|$)/, ', wie die Veranstalter am Abend mitteilten.$1');
  writeFileSync(path, paragraphs.join('\n\n'));
}

/** Changes a release's title (its front matter), which its language's index and feeds show. */
function editTitle(path) {
  const text = readFileSync(path, 'utf8');
  const edited = text.replace(/^title: (["']?)/m, 'title: $1Neu: ');
  if (edited === text) throw new Error(`bench: no title line in ${path}`);
  writeFileSync(path, edited);
}

/**
 * The floor, in this (child) process: median of `runs` passes over every source — or, with
 * `part`, over every `part.of`-th source from the `part.index`-th (see measureParallelFloor).
 */
async function measureFloor(root, passes, part) {
  const [{ unified }, { default: remarkParse }, { default: remarkFrontmatter }, { default: remarkGfm }, { default: remarkStringify }] = await Promise.all([
    import('unified'),
    import('remark-parse'),
    import('remark-frontmatter'),
    import('remark-gfm'),
    import('remark-stringify'),
  ]);
  const folder = join(root, 'releases');
  const texts = readdirSync(folder)
    .sort()
    .filter((_, index) => !part || index % part.of === part.index)
    .map((name) => readFileSync(join(folder, name), 'utf8'));
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkStringify);
  const parse = [];
  const parseStringify = [];
  for (let pass = 0; pass < passes; pass++) {
    let start = performance.now();
    for (const text of texts) processor.parse(text);
    parse.push((performance.now() - start) / 1000);
    start = performance.now();
    for (const text of texts) processor.stringify(processor.parse(text));
    parseStringify.push((performance.now() - start) / 1000);
  }
  process.stdout.write(JSON.stringify({ parse, parseStringify, maxRss: process.resourceUsage().maxRSS }));
}
