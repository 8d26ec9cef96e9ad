/**
 * The core promise as a stateful property: over random editing histories — the German edited,
 * re-spaced, split, merged, moved, deleted, restored, reverted; translators writing, reviewing and
 * reworking entries in the locale file with a text editor; extract run now and then — nothing a
 * person wrote is lost, extract is idempotent and deterministic, and only reviewed text is
 * published. Most histories run through the pure core (analyzeRelease + extractLocale, the way the
 * CLI calls them); a few through the CLI on a temporary project, which adds the io layer
 * (incremental extract, the fast reader, the cache, the replay of an unchanged run).
 *
 * What "a translation a person wrote" is (README, "For translators"): every text a translator put
 * under `<lng>:` and did not replace themselves. Extract may move it — to `previous-<lng>` while the
 * entry is stale, under `obsolete` when its segment is removed — but it must stay in the file.
 * A text the translator replaced in `<lng>:` may go, except while it is still the entry's published
 * `previous-<lng>`: README lets extract drop that once the entry is reviewed again. Comments
 * translators add must stay too.
 *
 * Invariants after every extract: (1) that ledger; (2) a second extract changes no byte, and the
 * io layer's shortcut (fast reader + isLocaleCurrent) never skips a file extract would change;
 * (3) the file reads back, with the fast reader agreeing with the full one, entries are the
 * release's segments with its German, statuses valid, a reviewed translation whose German did not
 * change (or only changed block kind) stays reviewed; (4) the same history writes the same bytes;
 * (5) a reviewed entry's translation was approved for its German, the publish gate lets through
 * only approved text, and translation memory pre-fills only approved text. Through the CLI: extract
 * writes what the core computes, and builds publish exactly what the gate says.
 *
 * Hunting: PROP_RUNS, PROP_CLI_RUNS, PROP_LEN (history length), PROP_SEED, PROP_STATS=1 (what the
 * histories reached) — e.g. `PROP_RUNS=5000 npx vitest run test/kept-translations.property.test.ts`.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { analyzeRelease, type ReleaseAnalysis } from '../src/core/analyze-release.js';
import { parseConfig } from '../src/core/config.js';
import { extractLocale } from '../src/core/extract-locale.js';
import { isLocaleCurrent } from '../src/core/locale-current.js';
import { readLocaleFile, STATUSES, yamlDoubleQuoted, type LocaleEntry, type LocaleFile } from '../src/core/locale-file.js';
import { readLocaleFileFast } from '../src/core/locale-file-fast.js';
import { assessLanguage } from '../src/core/publish-gate.js';
import { keyRulesOutText, normalizeForKey } from '../src/core/segment.js';
import { buildTranslationMemory, lookupMemory } from '../src/core/translation-memory.js';
import { makeProject, REPO, runCli } from './helpers/project.js';

const CONFIG_TEXT = 'site:\n  url: https://example.org/press/\ntargetLanguages: [en]\n';
const config = parseConfig(CONFIG_TEXT).config!;
const ID = '2020-06-25-test';
const RELEASE_FILE = `releases/${ID}.md`;
const LOCALE = `locales/en/${ID}.yaml`;
const EXPECTED = { release: ID, language: 'en', sourceLanguage: 'de' };
const STATS = process.env.PROP_STATS ? new Map<string, number>() : undefined;
const NOW = Date.parse('2026-01-01T00:00:00Z');

// ---------------------------------------------------------------------------------------------
// The release

const WORDS = ['Partner', 'trafen', 'sich', 'in', 'Braunschweig', 'heute', 'Projekt', 'neue', 'Förderung', 'für', 'Unternehmen', 'Region', 'wir', 'feiern', 'Straße', 'Hafen'];
type Mark = 'em' | 'strong' | 'link' | 'code';
type Token = string | { mark: Mark; words: string[] };
type Kind = 'p' | 'li' | 'h';
interface Block {
  kind: Kind;
  /** The first token is always a word, so every block is a segment. */
  tokens: Token[];
  /** White space variant: 0 single spaces, 1 a doubled space, 2 a line break (a space in headings). */
  ws: number;
  /** A quoted word at the end: 0 none, 1 "straight", 2 „typographic“. */
  quote: number;
}
interface Release {
  title: string[];
  summary: string[] | null;
  blocks: Block[];
}

function inline(block: Block): string {
  const parts = block.tokens.map((token) => {
    if (typeof token === 'string') return token;
    const words = token.words.join(' ');
    if (token.mark === 'em') return `*${words}*`;
    if (token.mark === 'strong') return `**${words}**`;
    if (token.mark === 'link') return `[${words}](https://x.example/)`;
    return `\`${words}\``;
  });
  if (block.quote === 1) parts.push('"Hafen"');
  if (block.quote === 2) parts.push('„Hafen“');
  const first = block.ws === 1 || (block.ws === 2 && block.kind === 'h') ? '  ' : block.ws === 2 ? (block.kind === 'li' ? '\n  ' : '\n') : ' ';
  return parts.length === 1 ? parts[0]! : `${parts[0]}${first}${parts.slice(1).join(' ')}`;
}

function renderRelease(release: Release): string {
  const front = [`title: ${JSON.stringify(release.title.join(' '))}`, 'date: 2020-06-25'];
  if (release.summary) front.push(`summary: ${JSON.stringify(release.summary.join(' '))}`);
  const body = release.blocks.map((block) => (block.kind === 'h' ? `## ${inline(block)}` : block.kind === 'li' ? `- ${inline(block)}` : inline(block)));
  return `---\n${front.join('\n')}\n---\n\n${body.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Operations

type Op =
  | { op: 'editWord'; i: number; at: number; word: string }
  | { op: 'rewrite'; i: number; tokens: Token[] }
  | { op: 'space'; i: number; ws: number }
  | { op: 'typography'; i: number }
  | { op: 'insert'; i: number; block: Block }
  | { op: 'delete'; i: number }
  | { op: 'restore'; j: number; i: number }
  | { op: 'move'; i: number; to: number }
  | { op: 'split'; i: number; at: number }
  | { op: 'merge'; i: number }
  | { op: 'kind'; i: number; kind: Kind }
  | { op: 'duplicate'; i: number; to: number }
  | { op: 'title'; words: string[] }
  | { op: 'summary'; words: string[] | null }
  | { op: 'revert'; back: number }
  | { op: 'translate'; pick: number; obsolete: boolean; status: 'new' | 'translated' | 'reviewed' | null; style: Style; extra: number }
  | { op: 'translateAll'; status: 'new' | 'translated' | 'reviewed'; style: Style }
  | { op: 'rework'; pick: number; status: 'translated' | 'reviewed' | null; style: Style }
  | { op: 'eol'; crlf: boolean }
  | { op: 'reviewAll' }
  | { op: 'clear'; pick: number }
  | { op: 'status'; pick: number; status: 'new' | 'translated' | 'reviewed' }
  | { op: 'comment'; pick: number; before: boolean }
  | { op: 'editDe'; pick: number; from: number; word: string | null }
  | { op: 'extract'; twice: boolean }
  /** Through the CLI only: a build (its cache, incremental state) must publish what the gate says. */
  | { op: 'build' };
type Style = 'plain' | 'double' | 'single' | 'folded';

const word = fc.constantFrom(...WORDS);
const words = fc.array(word, { minLength: 1, maxLength: 3 });
const token: fc.Arbitrary<Token> = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 1, arbitrary: fc.record({ mark: fc.constantFrom<Mark>('em', 'strong', 'link', 'code'), words }) },
);
const tokens = fc.tuple(word, fc.array(token, { minLength: 1, maxLength: 6 })).map(([first, rest]) => [first, ...rest]);
const kind = fc.constantFrom<Kind>('p', 'p', 'li', 'h');
const block: fc.Arbitrary<Block> = fc.record({ kind, tokens, ws: fc.constant(0), quote: fc.constantFrom(0, 0, 1, 2) });
const index = fc.nat({ max: 20 });
const style = fc.constantFrom<Style>('plain', 'plain', 'double', 'single', 'folded');

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>): fc.WeightedArbitrary<T> => ({ weight, arbitrary });
const germanOp: fc.Arbitrary<Op> = fc.oneof(
  w(4, fc.record({ op: fc.constant('editWord' as const), i: index, at: index, word })),
  w(1, fc.record({ op: fc.constant('rewrite' as const), i: index, tokens })),
  w(2, fc.record({ op: fc.constant('space' as const), i: index, ws: fc.constantFrom(0, 1, 2) })),
  w(2, fc.record({ op: fc.constant('typography' as const), i: index })),
  w(1, fc.record({ op: fc.constant('insert' as const), i: index, block })),
  w(2, fc.record({ op: fc.constant('delete' as const), i: index })),
  w(2, fc.record({ op: fc.constant('restore' as const), j: index, i: index })),
  w(1, fc.record({ op: fc.constant('move' as const), i: index, to: index })),
  w(1, fc.record({ op: fc.constant('split' as const), i: index, at: index })),
  w(1, fc.record({ op: fc.constant('merge' as const), i: index })),
  w(1, fc.record({ op: fc.constant('kind' as const), i: index, kind })),
  w(1, fc.record({ op: fc.constant('duplicate' as const), i: index, to: index })),
  w(1, fc.record({ op: fc.constant('title' as const), words })),
  w(1, fc.record({ op: fc.constant('summary' as const), words: fc.option(words, { nil: null }) })),
  w(3, fc.record({ op: fc.constant('revert' as const), back: index })),
);
const translatorOp: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('translate' as const),
      pick: index,
      obsolete: fc.boolean(),
      status: fc.constantFrom('new' as const, 'translated' as const, 'reviewed' as const, null),
      style,
      extra: fc.nat({ max: 5 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('translateAll' as const), status: fc.constantFrom('new' as const, 'translated' as const, 'reviewed' as const, 'reviewed' as const), style }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('rework' as const), pick: index, status: fc.constantFrom('translated' as const, 'reviewed' as const, null), style }) },
  // A translator empties a translation to start again (status new).
  { weight: 2, arbitrary: fc.record({ op: fc.constant('clear' as const), pick: index }) },
  // A reviewer goes through the file: every translated entry becomes reviewed.
  { weight: 2, arbitrary: fc.constant<Op>({ op: 'reviewAll' }) },
  // The file saved by an editor that writes Windows line endings (or back).
  { weight: 1, arbitrary: fc.record({ op: fc.constant('eol' as const), crlf: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('status' as const), pick: index, status: fc.constantFrom('new' as const, 'translated' as const, 'reviewed' as const, 'reviewed' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('comment' as const), pick: index, before: fc.boolean() }) },
  // A `de:` "fixed" in the locale file: a word changed, or the German of a segment of the release copied.
  { weight: 2, arbitrary: fc.record({ op: fc.constant('editDe' as const), pick: index, from: index, word: fc.oneof(fc.constant(null), fc.constant(null), word) }) },
);
const extractOp: fc.Arbitrary<Op> = fc.record({ op: fc.constant('extract' as const), twice: fc.boolean() });
const anyOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: germanOp },
  { weight: 5, arbitrary: translatorOp },
  { weight: 4, arbitrary: extractOp },
  { weight: 1, arbitrary: fc.constant<Op>({ op: 'build' }) },
);

const initialRelease: fc.Arbitrary<Release> = fc.record({
  title: words,
  summary: fc.option(words, { nil: null }),
  blocks: fc.array(block, { minLength: 1, maxLength: 5 }),
});

// ---------------------------------------------------------------------------------------------
// The world a history runs in

const clone = <T>(value: T): T => structuredClone(value);
const wrap = (n: number, length: number): number => (length === 0 ? 0 : n % length);

class World {
  release: Release;
  /** Every German the release has had, for `revert`. */
  history: Release[] = [];
  deleted: Block[] = [];
  /** The locale file, as on disk. */
  text: string | undefined;
  /** Translations translators wrote and did not replace themselves. */
  ledger = new Set<string>();
  /** Comments translators added. */
  comments = new Set<string>();
  /** Body entries whose `de:` a translator edited, with the German their key stands for. */
  editedDe = new Map<string, string>();
  /** Per translation, the German (normalized) a reviewer approved it for. */
  reviewedFor = new Map<string, Set<string>>();
  /** The locale file after each extract, for the determinism check. */
  written: (string | undefined)[] = [];
  counter = 0;

  constructor(release: Release) {
    this.release = clone(release);
    this.history.push(clone(release));
  }

  german(op: Op): void {
    const blocks = this.release.blocks;
    const n = blocks.length;
    const at = (i: number): Block | undefined => blocks[wrap(i, n)];
    switch (op.op) {
      case 'editWord': {
        const target = at(op.i);
        if (!target) return;
        const positions: [number, number | undefined][] = [];
        target.tokens.forEach((t, ti) => (typeof t === 'string' ? positions.push([ti, undefined]) : t.words.forEach((_, wi) => positions.push([ti, wi]))));
        const [ti, wi] = positions[wrap(op.at, positions.length)]!;
        const t = target.tokens[ti]!;
        if (wi === undefined) target.tokens[ti] = op.word;
        else if (typeof t !== 'string') t.words[wi] = op.word;
        break;
      }
      case 'rewrite':
        if (at(op.i)) at(op.i)!.tokens = clone(op.tokens);
        break;
      case 'space':
        if (at(op.i)) at(op.i)!.ws = op.ws;
        break;
      case 'typography': {
        const target = at(op.i);
        if (target) target.quote = target.quote === 0 ? 1 : 3 - target.quote;
        break;
      }
      case 'insert':
        blocks.splice(wrap(op.i, n + 1), 0, clone(op.block));
        break;
      case 'delete':
        if (n > 1) this.deleted.push(...blocks.splice(wrap(op.i, n), 1));
        break;
      case 'restore':
        if (this.deleted.length > 0) blocks.splice(wrap(op.i, n + 1), 0, clone(this.deleted[wrap(op.j, this.deleted.length)]!));
        break;
      case 'move': {
        if (n < 2) return;
        const [moved] = blocks.splice(wrap(op.i, n), 1);
        blocks.splice(wrap(op.to, n), 0, moved!);
        break;
      }
      case 'split': {
        const target = at(op.i);
        if (!target || target.tokens.length < 2) return;
        // Split before a word, so that both halves start with one.
        const cuts = target.tokens.map((t, ti) => (ti > 0 && typeof t === 'string' ? ti : -1)).filter((ti) => ti > 0);
        if (cuts.length === 0) return;
        const cut = cuts[wrap(op.at, cuts.length)]!;
        const second: Block = { ...clone(target), tokens: target.tokens.slice(cut), quote: target.quote };
        target.tokens = target.tokens.slice(0, cut);
        target.quote = 0;
        blocks.splice(wrap(op.i, n) + 1, 0, second);
        break;
      }
      case 'merge': {
        if (n < 2) return;
        const i = wrap(op.i, n - 1);
        const [first, second] = [blocks[i]!, blocks[i + 1]!];
        first.tokens = [...first.tokens, ...(first.quote ? [first.quote === 1 ? '"Hafen"' : '„Hafen“'] : []), ...second.tokens];
        first.quote = second.quote;
        blocks.splice(i + 1, 1);
        break;
      }
      case 'kind':
        if (at(op.i)) at(op.i)!.kind = op.kind;
        break;
      case 'duplicate':
        if (at(op.i)) blocks.splice(wrap(op.to, n + 1), 0, clone(at(op.i)!));
        break;
      case 'title':
        this.release.title = [...op.words];
        break;
      case 'summary':
        this.release.summary = op.words && [...op.words];
        break;
      case 'revert':
        this.release = clone(this.history[wrap(op.back, this.history.length)]!);
        break;
      default:
        throw new Error(`not a German edit: ${op.op}`);
    }
    this.history.push(clone(this.release));
  }

  analysis(): ReleaseAnalysis {
    const text = renderRelease(this.release);
    let analysis = analyses.get(text);
    if (!analysis) {
      const analyzed = analyzeRelease(RELEASE_FILE, text, config);
      expect(analyzed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      analysis = analyzed.analysis!;
      if (analyses.size >= 16) analyses.delete(analyses.keys().next().value!);
      analyses.set(text, analysis);
    }
    return analysis;
  }

  /** The locale file as the full reader reads it (the file must always read). */
  locale(text = this.text): LocaleFile {
    const read = readLocale(text!);
    expect(read.diagnostics).toEqual([]);
    return read.locale!;
  }

  translator(op: Op): void {
    if (this.text === undefined) return;
    // Edits are made on lines; the file keeps the line endings it has (an 'eol' op changes them).
    const crlf = op.op === 'eol' ? op.crlf : this.text.includes('\r\n');
    const text = this.text.replaceAll('\r\n', '\n');
    const meant = new Map<string, string>();
    const locale = this.locale();
    const entries = [...locale.entries.values()];
    const obsolete = [...locale.obsolete.values()];
    let edited: string | undefined;
    switch (op.op) {
      case 'translate': {
        const pool = op.obsolete && obsolete.length > 0 ? obsolete : entries;
        const entry = pool[wrap(op.pick, pool.length)];
        if (!entry) return;
        const section = pool === obsolete ? 'obsolete' : 'segments';
        const translation = this.newTranslation(entry.source, op.extra);
        edited = setFieldLines(text, section, entry.key, 'en', translation, op.style);
        if (op.status) edited = setFieldLines(edited, section, entry.key, 'status', op.status, 'plain');
        this.replaced(entry, translation);
        meant.set(entry.key, translation);
        if ((op.status ?? entry.status) === 'reviewed') this.reviewed(translation, entry.source, entry.key);
        break;
      }
      case 'translateAll': {
        // The translator works through the file: every entry without a translation.
        edited = text;
        for (const entry of entries) {
          if (entry.translation.trim() !== '') continue;
          const translation = this.newTranslation(entry.source, entry.line);
          edited = setFieldLines(edited, 'segments', entry.key, 'en', translation, op.style);
          edited = setFieldLines(edited, 'segments', entry.key, 'status', op.status, 'plain');
          this.replaced(entry, translation);
          meant.set(entry.key, translation);
          if (op.status === 'reviewed') this.reviewed(translation, entry.source, entry.key);
        }
        break;
      }
      case 'rework': {
        const stale = entries.filter((e) => e.status === 'stale');
        const entry = stale[wrap(op.pick, stale.length)];
        if (!entry) return;
        const translation = this.newTranslation(entry.source, 0);
        edited = setFieldLines(text, 'segments', entry.key, 'en', translation, op.style);
        // Without a status: rewritten, but left stale for now.
        if (op.status) edited = setFieldLines(edited, 'segments', entry.key, 'status', op.status, 'plain');
        this.replaced(entry, translation);
        meant.set(entry.key, translation);
        if (op.status === 'reviewed') this.reviewed(translation, entry.source, entry.key);
        break;
      }
      case 'status': {
        const entry = entries[wrap(op.pick, entries.length)];
        // A reviewer approves a translation that is there; an empty one is another test's matter.
        if (!entry || (op.status !== 'new' && entry.translation.trim() === '')) return;
        edited = setFieldLines(text, 'segments', entry.key, 'status', op.status, 'plain');
        if (op.status === 'reviewed') this.reviewed(entry.translation, entry.source, entry.key);
        break;
      }
      case 'editDe': {
        const segments = this.analysis().segments;
        const keys = new Set(segments.map((segment) => segment.key));
        // Without a word, mostly the same edit as the release's: an entry whose German changed in the
        // release gets the German of the segment in its place. Not for front matter entries: keyed by
        // their field, they cannot tell the release's German from a `de:` edited to it (README:
        // "extract cannot tell an edited `de:` there from a changed release"), so the same edit in
        // both places leaves such an entry as it was — a known limit.
        const changed = entries.filter((e) => !keys.has(e.key) && !e.key.startsWith('meta.'));
        const mirror = op.word === null && op.from % 2 === 0 && changed.length > 0;
        const entry = mirror ? changed[wrap(op.pick, changed.length)] : entries[wrap(op.pick, entries.length)];
        if (!entry || (op.word === null && entry.key.startsWith('meta.'))) return;
        const copied = (mirror && segments[entries.indexOf(entry)]) || segments[wrap(op.from, segments.length)]!;
        const german = op.word === null ? copied.source : entry.source.replace(/\p{L}+/u, op.word);
        if (german === entry.source) return;
        edited = setFieldLines(text, 'segments', entry.key, 'de', german, 'double');
        // What the entry's translation belongs to is still the German it had.
        // (A body entry's key is made from its German, so the German it stands for never changes.)
        if (!this.editedDe.has(entry.key) && !entry.key.startsWith('meta.')) this.editedDe.set(entry.key, entry.source);
        break;
      }
      case 'comment': {
        const all = [...entries.map((e) => ['segments', e] as const), ...obsolete.map((e) => ['obsolete', e] as const)];
        const picked = all[wrap(op.pick, all.length)];
        if (!picked) return;
        const comment = `note ${++this.counter}`;
        edited = addComment(text, picked[0], picked[1].key, comment, op.before);
        this.comments.add(comment);
        break;
      }
      case 'eol':
        edited = text;
        break;
      case 'clear': {
        // Mostly a stale entry, whose translator starts the new German from scratch.
        const stale = entries.filter((e) => e.status === 'stale');
        const pool = op.pick % 3 !== 0 && stale.length > 0 ? stale : entries;
        const entry = pool[wrap(op.pick, pool.length)];
        if (!entry || entry.translation === '') return;
        edited = setFieldLines(text, 'segments', entry.key, 'en', '', 'double');
        edited = setFieldLines(edited, 'segments', entry.key, 'status', 'new', 'plain');
        this.replaced(entry, '');
        this.ledger.delete('');
        meant.set(entry.key, '');
        break;
      }
      case 'reviewAll':
        edited = text;
        for (const entry of entries) {
          if (entry.status !== 'translated' || entry.translation.trim() === '') continue;
          edited = setFieldLines(edited, 'segments', entry.key, 'status', 'reviewed', 'plain');
          this.reviewed(entry.translation, entry.source, entry.key);
        }
        break;
      default:
        throw new Error(`not a translator's action: ${op.op}`);
    }
    if (crlf) edited = edited!.replaceAll('\n', '\r\n');
    // The edit is what a person meant: the file reads back with it.
    const read = this.locale(edited);
    for (const [key, translation] of meant) expect((read.entries.get(key) ?? read.obsolete.get(key))?.translation).toBe(translation);
    this.text = edited;
  }

  /** A translation of `german` that keeps its tags, unique in the history, sometimes with characters YAML cares about. */
  newTranslation(german: string, extra: number): string {
    const id = ++this.counter;
    const tags = german.match(/<\/?\d+\/?>/g) ?? [];
    const body = tags.map((tag, i) => `${tag}w${i}`).join(' ');
    const tails = ['', ': note', ' #hash', ' "quoted"', " it's", ' – done'];
    return `EN${id} ${body}${tails[extra % tails.length]}`.replace(/\s+$/, '');
  }

  replaced(entry: LocaleEntry, translation: string): void {
    // The replaced text may go — unless it is also the entry's published `previous-<lng>`, which
    // the translator did not touch: that stays until the entry is reviewed again (see extract()).
    if (entry.translation !== entry.previousTranslation) this.ledger.delete(entry.translation);
    this.ledger.add(translation);
  }

  reviewed(translation: string, german: string, key?: string): void {
    let germans = this.reviewedFor.get(translation);
    if (!germans) this.reviewedFor.set(translation, (germans = new Set()));
    germans.add(normalizeForKey(german));
    const original = key === undefined ? undefined : this.editedDe.get(key);
    if (original !== undefined) germans.add(normalizeForKey(original));
  }

  /** One extract on the core, checking every invariant; returns what it wrote. */
  extract(): void {
    const analysis = this.analysis();
    const existing = this.text === undefined ? undefined : { file: LOCALE, text: this.text };
    const before = this.text === undefined ? undefined : this.locale();
    // README: "The next `npm run extract` removes the `previous…` lines of reviewed entries".
    for (const entry of before?.entries.values() ?? []) {
      if (entry.status === 'reviewed' && entry.previousTranslation !== undefined && entry.previousTranslation !== entry.translation) this.ledger.delete(entry.previousTranslation);
    }
    if (existing) {
      expectReadersAgree(existing.text);
      // The io layer skips extract for a file the fast reader finds current: extract must agree.
      const fast = readLocaleFileFast(existing.text, EXPECTED);
      if (fast && isLocaleCurrent(analysis, fast)) expect(runExtract(analysis, existing.text).text).toBeUndefined();
    }
    const result = runExtract(analysis, existing?.text);
    if (STATS) for (const change of result.changes) STATS.set(change.kind, (STATS.get(change.kind) ?? 0) + 1);
    if (STATS && before) for (const e of [...before.entries.values()]) STATS.set(`before:${e.status}${e.previousTranslation ? '+prev' : ''}`, (STATS.get(`before:${e.status}${e.previousTranslation ? '+prev' : ''}`) ?? 0) + 1);
    // Warnings only for a `de:` edited in the file, and only then.
    // Warnings only for an entry whose `de:` was edited in the file (its key rules that German out),
    // also one kept under `obsolete` and restored now.
    const edited = (key: string | undefined): boolean => {
      const entry = key === undefined ? undefined : (before?.entries.get(key) ?? before?.obsolete.get(key));
      return entry !== undefined && keyRulesOutText(entry.key, entry.source);
    };
    expect(result.diagnostics.filter((d) => d.code !== 'LOCALE_SOURCE_EDITED' || !edited(d.key))).toEqual([]);
    const after = result.text ?? this.text!;
    this.written.push(result.text);
    this.check(analysis, before, after);
    // Translation memory fills in only reviewed translations (README: "the segment is filled in with
    // the reviewed translation").
    const filled = this.locale(after);
    for (const change of result.changes) {
      if (change.kind !== 'prefilled') continue;
      const translation = filled.entries.get(change.key)!.translation;
      expect(this.reviewedFor.has(translation), `${change.key} was pre-filled with ${JSON.stringify(translation)}, which no reviewer approved`).toBe(true);
    }
    // Idempotent: a second run changes no byte.
    const again = runExtract(analysis, after);
    expect(again.text === undefined ? undefined : { before: after, again: again.text, changes: again.changes }, 'a second extract changed the file').toBeUndefined();
    expect(again.diagnostics).toEqual([]);
    this.text = after;
  }

  check(analysis: ReleaseAnalysis, before: LocaleFile | undefined, after: string): void {
    expectReadersAgree(after);
    const locale = this.locale(after);
    // 3. Entries are the release's segments, in order, with its German; statuses valid.
    expect([...locale.entries.keys()]).toEqual(analysis.segments.map((s) => s.key));
    for (const segment of analysis.segments) expect(locale.entries.get(segment.key)!.source).toBe(segment.source);
    for (const entry of [...locale.entries.values(), ...locale.obsolete.values()]) {
      expect(STATUSES).toContain(entry.status);
      if (entry.previousStatus !== undefined) expect(STATUSES).toContain(entry.previousStatus);
    }
    // 1. Nothing a translator wrote is lost.
    const kept = new Set<string>();
    for (const entry of [...locale.entries.values(), ...locale.obsolete.values()]) {
      kept.add(entry.translation);
      if (entry.previousTranslation !== undefined) kept.add(entry.previousTranslation);
    }
    for (const translation of this.ledger) expect(kept, `lost translation ${JSON.stringify(translation)}`).toContain(translation);
    for (const comment of this.comments) expect(after, `lost comment ${comment}`).toContain(`# ${comment}`);
    // 3. A reviewed translation whose German did not change stays reviewed.
    if (before) {
      const segments = new Map(analysis.segments.map((s) => [s.key, s]));
      const stays = [...before.entries.values(), ...[...before.obsolete.values()].filter((e) => !before.entries.has(e.key))];
      for (const entry of stays) {
        const segment = segments.get(entry.key);
        if (entry.status !== 'reviewed' || !segment || normalizeForKey(segment.source) !== normalizeForKey(entry.source)) continue;
        const now = locale.entries.get(entry.key)!;
        expect({ key: entry.key, status: now.status, translation: now.translation }).toEqual({ key: entry.key, status: 'reviewed', translation: entry.translation });
      }
      // The same for a block that only changed kind (README: "identical text moved to another kind
      // keeps its status"), where that is unambiguous: one entry gone with this German, one new
      // segment with it.
      const gone = [...before.entries.values()].filter((e) => !segments.has(e.key) && !e.key.startsWith('meta.') && !keyRulesOutText(e.key, e.source));
      const known = (key: string): boolean => before.entries.has(key) || before.obsolete.has(key);
      for (const entry of gone) {
        if (entry.status !== 'reviewed' || gone.filter((e) => e.source === entry.source).length !== 1) continue;
        const moved = analysis.segments.filter((s) => s.source === entry.source && !known(s.key));
        if (moved.length !== 1) continue;
        const now = locale.entries.get(moved[0]!.key)!;
        expect({ from: entry.key, status: now.status, translation: now.translation }).toEqual({ from: entry.key, status: 'reviewed', translation: entry.translation });
      }
    }
    // 5. Only reviewed text reaches the build: a reviewed entry's translation was approved for its
    // German; what an outdated segment publishes was approved for some earlier German.
    for (const entry of locale.entries.values()) {
      if (entry.status !== 'reviewed') continue;
      expect(this.reviewedFor.get(entry.translation) ?? new Set(), `${entry.key} is reviewed, but ${JSON.stringify(entry.translation)} was never approved for ${JSON.stringify(entry.source)}`).toContain(
        normalizeForKey(entry.source),
      );
    }
    const state = assessLanguage(analysis, locale, 'en', LOCALE, config, NOW);
    for (const [key, text] of state.translations) {
      const entry = locale.entries.get(key)!;
      expect(this.reviewedFor.has(text), `${key} publishes ${JSON.stringify(text)}, which no reviewer approved`).toBe(true);
      if (entry.status !== 'reviewed') expect(entry.previousStatus).toBe('reviewed');
    }
  }

  apply(op: Op): void {
    if (op.op === 'build') return;
    if (op.op === 'extract') {
      this.extract();
      if (op.twice) this.extract();
    } else if (['translate', 'translateAll', 'rework', 'status', 'comment', 'editDe', 'eol', 'reviewAll', 'clear'].includes(op.op)) this.translator(op);
    else this.german(op);
  }
}

/** readLocaleFile and analyzeRelease, remembered for the last few texts (the test reads each state several times). */
const reads = new Map<string, ReturnType<typeof readLocaleFile>>();
const analyses = new Map<string, ReleaseAnalysis>();
function readLocale(text: string): ReturnType<typeof readLocaleFile> {
  let read = reads.get(text);
  if (!read) {
    read = readLocaleFile(text, LOCALE, EXPECTED);
    if (reads.size >= 8) reads.delete(reads.keys().next().value!);
    reads.set(text, read);
  }
  return read;
}

function runExtract(analysis: ReleaseAnalysis, text: string | undefined): ReturnType<typeof extractLocale> {
  const existing = text === undefined ? undefined : { file: LOCALE, text };
  // Translation memory as the CLI builds it (when extract asks): from the language's locale files (here, this one).
  let memory: ReturnType<typeof buildTranslationMemory> | undefined;
  const lookup = (source: string): ReturnType<typeof lookupMemory> => {
    const locale = text === undefined ? undefined : readLocale(text).locale;
    memory ??= buildTranslationMemory('en', locale ? [locale] : []);
    return lookupMemory(memory, source, { similarity: config.memory.similarity });
  };
  return extractLocale(analysis, 'en', 'de', existing, { memory: (segment) => lookup(segment.source) });
}

/** The fast reader (build, status, the io layer's shortcut) reads what the full reader reads, or declines. */
function expectReadersAgree(text: string): void {
  const fast = readLocaleFileFast(text, EXPECTED);
  if (!fast) return;
  const full = readLocale(text);
  const plain = (locale: LocaleFile | undefined): unknown => locale && { ...locale, entries: [...locale.entries], obsolete: [...locale.obsolete] };
  expect(plain(fast)).toEqual(plain(full.locale));
}

// ---------------------------------------------------------------------------------------------
// A translator's text editor: line edits of the file as extract lays it out

/** Lines [start, end) of the entry `key` in `section`. */
function entryLines(lines: string[], section: string, key: string): { start: number; end: number } {
  const header = lines.findIndex((line) => line === `${section}:`);
  if (header < 0) throw new Error(`no ${section}: section`);
  for (let i = header + 1; i < lines.length && !/^[^\s#]/.test(lines[i]!); i++) {
    if (lines[i] !== `  ${key}:`) continue;
    let end = i + 1;
    while (end < lines.length && (lines[end]!.trim() === '' || /^ {3}/.test(lines[end]!))) end++;
    while (end > i + 1 && lines[end - 1]!.trim() === '') end--;
    return { start: i, end };
  }
  throw new Error(`no entry ${key} in ${section}`);
}

function valueLines(field: string, value: string, style: Style): string[] {
  const plainSafe = /^[A-Za-zÄÖÜäöüß][^:#"'\n]*$/.test(value) && !/\s$/.test(value);
  if (style === 'folded' && !/^\s/.test(value)) return [`    ${field}: >-`, `      ${value}`];
  if (style === 'single' && !/[\n]/.test(value)) return [`    ${field}: '${value.replaceAll("'", "''")}'`];
  if (style === 'plain' && plainSafe) return [`    ${field}: ${value}`];
  return [`    ${field}: ${yamlDoubleQuoted(value)}`];
}

/** The text with `field` of the entry set to `value` (the field's lines replaced, or added at the entry's end). */
function setFieldLines(text: string, section: string, key: string, field: string, value: string, style: Style): string {
  const lines = text.split('\n');
  const { start, end } = entryLines(lines, section, key);
  const replacement = valueLines(field, value, style);
  for (let i = start + 1; i < end; i++) {
    if (!lines[i]!.startsWith(`    ${field}:`)) continue;
    let last = i + 1;
    while (last < end && (lines[last]!.trim() === '' || /^ {5}/.test(lines[last]!))) last++;
    lines.splice(i, last - i, ...replacement);
    return lines.join('\n');
  }
  lines.splice(end, 0, ...replacement);
  return lines.join('\n');
}

function addComment(text: string, section: string, key: string, comment: string, before: boolean): string {
  const lines = text.split('\n');
  const { start, end } = entryLines(lines, section, key);
  if (before) lines.splice(start, 0, `  # ${comment}`);
  else lines.splice(end, 0, `    # ${comment}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

function runHistory(release: Release, ops: Op[]): World {
  const world = new World(release);
  for (const op of ops) world.apply(op);
  world.apply({ op: 'extract', twice: false });
  return world;
}

describe('nothing a person wrote is lost (stateful property)', () => {
  test('over random histories of German edits, translator edits and extract runs', () => {
    fc.assert(
      fc.property(initialRelease, fc.array(anyOp, { maxLength: Number(process.env.PROP_LEN ?? 40) }), (release, ops) => {
        const world = runHistory(release, [{ op: 'extract', twice: false }, ...ops]);
        // 4. Determinism: the same history writes the same bytes (read and analysed afresh).
        reads.clear();
        analyses.clear();
        expect(runHistory(release, [{ op: 'extract', twice: false }, ...ops]).written).toEqual(world.written);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 100), seed: process.env.PROP_SEED ? Number(process.env.PROP_SEED) : undefined },
    );
    if (STATS) console.log([...STATS].sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
  }, 600_000);
});

describe('what the property found (each a minimal history, as plain files)', () => {
  const release = (body: string): ReleaseAnalysis => analyzeRelease(RELEASE_FILE, `---\ntitle: Titel\ndate: 2020-06-25\n---\n\n${body}\n`, config).analysis!;
  const TITLE = '  meta.title:\n    de: Titel\n    en: Title\n    status: reviewed\n';
  const file = (segments: string, obsolete = ' {}\n'): string => `release: ${ID}\nlanguage: en\nsegments:\n${TITLE}${segments}obsolete:${obsolete}`;
  const extract = (analysis: ReleaseAnalysis, text: string): ReturnType<typeof extractLocale> => extractLocale(analysis, 'en', 'de', { file: LOCALE, text });
  const keyOf = (analysis: ReleaseAnalysis, index: number): string => analysis.segments[index]!.key;

  test('a comment a translator wrote in an untranslated entry stays when its paragraph is removed: the entry goes to `obsolete` with it', () => {
    const old = release('Partner trafen sich.\n\nHeute feiern wir.');
    const now = release('Heute feiern wir.');
    const [p1, p2] = [keyOf(old, 1), keyOf(old, 2)];
    const text = file(`  ${p1}:\n    de: Partner trafen sich.\n    en:\n    status: new\n    # ask the press office about this one\n  ${p2}:\n    de: Heute feiern wir.\n    en:\n    status: new\n`);
    const result = extract(now, text);
    expect(result.text).toBe(
      file(`  ${p2}:\n    de: Heute feiern wir.\n    en:\n    status: new\n`, `\n  ${p1}:\n    de: Partner trafen sich.\n    en:\n    status: new\n    # ask the press office about this one\n`),
    );
    expect(extract(now, result.text!).text).toBeUndefined();
    // Without a comment an untranslated entry still simply goes.
    expect(extract(now, text.replace('    # ask the press office about this one\n', '')).text).toBe(file(`  ${p2}:\n    de: Heute feiern wir.\n    en:\n    status: new\n`));
  });

  test('a translation reviewed for edited German does not become current when the German goes back to the one the entry had while untranslated', () => {
    // Untranslated "Partner trafen sich." was edited to "Partner trafen sich heute." (extract kept the
    // first German as `previous`), translated and reviewed for the edited German; then the edit was reverted.
    const now = release('Partner trafen sich.');
    const edited = release('Partner trafen sich heute.');
    const text = file(`  ${keyOf(edited, 1)}:\n    de: Partner trafen sich heute.\n    previous: Partner trafen sich.\n    en: Partners met today.\n    status: reviewed\n`);
    const result = extract(now, text);
    expect(result.text).toBe(
      file(
        `  ${keyOf(now, 1)}:\n    de: Partner trafen sich.\n    previous: Partner trafen sich heute.\n    en: Partners met today.\n    status: stale\n    previous-status: reviewed\n    previous-en: Partners met today.\n`,
      ),
    );
    expect(extract(now, result.text!).text).toBeUndefined();
  });

  test('a paragraph that became a heading, and one restored from `obsolete`, have their `previous…` fields tidied at once, so a second extract changes nothing', () => {
    const paragraph = release('Region *Partner*');
    const heading = release('## Region *Partner*');
    const entry = '    de: Region <1>Partner</1>\n    previous: Partner <1>Partner</1>\n    en: Region <1>partner</1>\n    status: reviewed\n';
    const tidied = '    de: Region <1>Partner</1>\n    en: Region <1>partner</1>\n    status: reviewed\n';
    const renamed = extract(heading, file(`  ${keyOf(paragraph, 1)}:\n${entry}`));
    expect(renamed.text).toBe(file(`  ${keyOf(heading, 1)}:\n${tidied}`));
    expect(extract(heading, renamed.text!).text).toBeUndefined();
    const restored = extract(paragraph, file('', `\n  ${keyOf(paragraph, 1)}:\n${entry}`));
    expect(restored.text).toBe(file(`  ${keyOf(paragraph, 1)}:\n${tidied}`));
    expect(extract(paragraph, restored.text!).text).toBeUndefined();
  });

  test('a typo fixed both in the release and in the entry\'s `de:` still makes the entry stale (it was taken for a block that moved, and stayed reviewed)', () => {
    const old = release('Partner trafen sich in Braunschweg.');
    const now = release('Partner trafen sich in Braunschweig.');
    const text = file(`  ${keyOf(old, 1)}:\n    de: Partner trafen sich in Braunschweig.\n    en: Partners met in Brunswick.\n    status: reviewed\n`);
    const result = extract(now, text);
    // The German the translation was made for is unknown (the key says only that it was not this one): no `previous`.
    expect(result.text).toBe(
      file(`  ${keyOf(now, 1)}:\n    de: Partner trafen sich in Braunschweig.\n    en: Partners met in Brunswick.\n    status: stale\n    previous-status: reviewed\n    previous-en: Partners met in Brunswick.\n`),
    );
    expect(result.changes).toEqual([{ kind: 'stale', key: keyOf(now, 1) }]);
    expect(extract(now, result.text!).text).toBeUndefined();
  });

  test('a paragraph with the German of a stale entry is pre-filled with its reviewed translation, not with a rework nobody reviewed', () => {
    const paragraph: Block = { kind: 'p', tokens: ['Partner', 'trafen', 'sich'], ws: 0, quote: 0 };
    const world = runHistory({ title: ['Titel'], summary: null, blocks: [paragraph] }, [
      { op: 'extract', twice: false },
      { op: 'translateAll', status: 'reviewed', style: 'plain' }, // EN1, EN2
      { op: 'extract', twice: false },
      { op: 'editWord', i: 0, at: 2, word: 'heute' },
      { op: 'extract', twice: false }, // stale, previous-en EN2
      { op: 'rework', pick: 0, status: null, style: 'plain' }, // EN3, not reviewed
      { op: 'insert', i: 1, block: paragraph },
    ]);
    const added = world.locale().entries.get(world.analysis().segments[2]!.key)!;
    expect([added.translation.split(' ')[0], added.status]).toEqual(['EN2', 'translated']);
  });

  test('a stale entry emptied to be translated again keeps its published translation (`previous-<lng>`) under `obsolete` when its paragraph is removed', () => {
    const paragraph: Block = { kind: 'p', tokens: ['Partner', 'trafen', 'sich'], ws: 0, quote: 0 };
    const other: Block = { kind: 'p', tokens: ['Heute', 'feiern', 'wir'], ws: 0, quote: 0 };
    const world = runHistory({ title: ['Titel'], summary: null, blocks: [paragraph, other] }, [
      { op: 'extract', twice: false },
      { op: 'translateAll', status: 'reviewed', style: 'plain' }, // EN1 (title), EN2, EN3
      { op: 'extract', twice: false },
      { op: 'editWord', i: 0, at: 2, word: 'heute' },
      { op: 'extract', twice: false }, // stale: previous-en EN2
      { op: 'clear', pick: 1 }, // en emptied, status new
      { op: 'delete', i: 0 },
    ]); // ends with an extract
    const [removed] = [...world.locale().obsolete.values()];
    expect([removed?.translation, removed?.previousTranslation?.split(' ')[0]]).toEqual(['', 'EN2']);
  });

  test('a reviewed paragraph restored from `obsolete` with only its white space changed stays reviewed', () => {
    const now = release('Partner trafen sich.');
    const result = extract(now, file('', `\n  ${keyOf(now, 1)}:\n    de: Partner  trafen sich.\n    en: Partners met.\n    status: reviewed\n`));
    expect(result.text).toBe(file(`  ${keyOf(now, 1)}:\n    de: Partner trafen sich.\n    en: Partners met.\n    status: reviewed\n`));
  });
});

/** The same histories through the CLI on a temporary project: the io layer must write what the core computes. */
async function runCliHistory(release: Release, ops: Op[], bom = false): Promise<void> {
  const world = new World(release);
  const common = (lng: string): string => readFileSync(join(REPO, 'locales', lng, 'common.yaml'), 'utf8');
  const project = await makeProject({
    'presslate.config.yaml': CONFIG_TEXT,
    [RELEASE_FILE]: renderRelease(world.release),
    'locales/de/common.yaml': common('de'),
    'locales/en/common.yaml': common('en'),
  });
  const onDisk = { release: renderRelease(world.release), locale: undefined as string | undefined, bom: false };
  /** Files are saved as an editor saves them: only when they changed (the locale file with a byte order mark, in some editors). */
  const save = async (): Promise<void> => {
    const german = renderRelease(world.release);
    if (german !== onDisk.release) await writeFile(join(project.root, RELEASE_FILE), (onDisk.release = german));
    if (world.text !== onDisk.locale && world.text !== undefined) {
      await writeFile(join(project.root, LOCALE), `${bom ? '\uFEFF' : ''}${(onDisk.locale = world.text)}`);
      onDisk.bom = bom;
    }
  };
  const cliExtract = async (): Promise<void> => {
    await save();
    const run = await runCli(project.root, ['extract']);
    expect(run.code, run.stderr).toBe(0);
    const raw = await readFile(join(project.root, LOCALE), 'utf8');
    expect(raw.startsWith('\uFEFF'), 'extract keeps a byte order mark, and adds none').toBe(onDisk.bom);
    const written = raw.replace(/^\uFEFF/, '');
    world.extract(); // the core's answer, with every invariant checked on it
    expect(written).toBe(world.text);
    onDisk.locale = written;
    const again = await runCli(project.root, ['extract']);
    expect(again.stdout).toContain('all locale files up to date');
    expect(await readFile(join(project.root, LOCALE), 'utf8')).toBe(raw);
  };
  // 5. What a build publishes in English is reviewed text: the page is there exactly when the gate
  // says, and shows exactly the translations it lets through (numbered EN1, EN2, …), each one a
  // reviewer approved. The build reads the locale file as it is, extracted or not.
  const cliBuild = async (): Promise<void> => {
    await save();
    const build = await runCli(project.root, ['build']);
    if (world.text === undefined) return;
    const read = readLocaleFile(world.text, LOCALE, EXPECTED);
    const state = assessLanguage(world.analysis(), read.locale, 'en', LOCALE, config, NOW, world.text);
    if (!read.locale || state.diagnostics.some((d) => d.severity === 'error')) return;
    expect(build.code, build.stderr).toBe(0);
    const page = await readFile(join(project.root, 'dist/en', `${ID}.md`), 'utf8').catch(() => undefined);
    expect(page !== undefined, 'an English page exactly when the publish gate lets the release through').toBe(state.publishes);
    if (STATS) STATS.set(`build:${state.publishes ? (state.outdated ? 'outdated' : 'published') : 'held'}`, (STATS.get(`build:${state.publishes ? (state.outdated ? 'outdated' : 'published') : 'held'}`) ?? 0) + 1);
    const ids = (text: string): string[] => [...new Set(text.match(/EN\d+/g) ?? [])].sort();
    expect(ids(page ?? '')).toEqual(ids([...state.translations.values()].join(' ')));
    const approved = new Set([...world.reviewedFor.keys()].map((text) => text.split(' ')[0]));
    for (const id of ids(page ?? '')) expect(approved, `the English page shows ${id}, which no reviewer approved`).toContain(id);
  };
  try {
    for (const op of [{ op: 'extract', twice: false } as Op, ...ops, { op: 'extract', twice: false } as Op]) {
      if (op.op === 'build') await cliBuild();
      else if (op.op !== 'extract') world.apply(op);
      else {
        await cliExtract();
        if (op.twice) await cliExtract();
      }
    }
    await cliBuild();
  } finally {
    await project.dispose();
  }
}

const CATCH_UP: Op[] = [
  { op: 'extract', twice: false },
  { op: 'translateAll', status: 'reviewed', style: 'plain' },
  { op: 'reviewAll' },
  { op: 'build' },
  { op: 'extract', twice: false },
  { op: 'build' },
];

describe('nothing a person wrote is lost, through the CLI', () => {
  test('over random histories, extract writes what the core computes, and a second run writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(initialRelease, fc.array(anyOp, { maxLength: 20 }), fc.boolean(), fc.boolean(), (release, ops, catchUp, bom) =>
        // Half the histories end with the translators catching up, so that builds publish too.
        runCliHistory(release, catchUp ? [...ops, ...CATCH_UP] : ops, bom),
      ),
      { numRuns: Number(process.env.PROP_CLI_RUNS ?? 8), seed: process.env.PROP_SEED ? Number(process.env.PROP_SEED) : undefined },
    );
    if (STATS) console.log([...STATS].sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
  }, 600_000);
});
