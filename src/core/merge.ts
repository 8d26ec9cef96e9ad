import type { ReleaseAnalysis } from './analyze-release.js';
import type { ImageAtom, InlineToken, TagToken } from './inline-text.js';
import { tokenizeTagged, validateTags } from './inline-text.js';
import { escapeMarkdownText } from './markdown-escape.js';
import type { Occurrence, Segment } from './segment.js';
import { mergeFrontMatter } from './merge-front-matter.js';

/** Looks up the text to use for a segment; undefined means "keep the German". */
export type TranslationLookup = (segment: Segment) => string | undefined;

export interface MergeOptions {
  /**
   * Rebuild every segment from its tags even when the translation equals the German. Merge
   * normally leaves such text byte for byte as written; tests use this to exercise the rebuild path.
   */
  rebuildUnchanged?: boolean;
}

/**
 * Splices translations into the German source at the segments' positions, so that everything
 * that is not translated (list markers, reference definitions, tables' layout, code blocks) stays
 * byte for byte as the German file has it. Front matter values are replaced in the YAML document,
 * which keeps its comments and order. Callers validate tags first ({@link validateTags}); a
 * translation whose tags do not fit is skipped here (the German stays) rather than corrupting output.
 */
export function mergeRelease(analysis: ReleaseAnalysis, lookup: TranslationLookup, options: MergeOptions = {}): string {
  const bySegmentKey = new Map(analysis.segments.map((segment) => [segment.key, segment]));
  const text = (key: string | undefined): string | undefined => {
    if (!key) return undefined;
    const segment = bySegmentKey.get(key);
    if (!segment) return undefined;
    const value = lookup(segment);
    if (value === undefined) return undefined;
    if (!options.rebuildUnchanged && value === segment.source) return undefined;
    return value;
  };
  const edits: Edit[] = [];
  for (const segment of analysis.segments) {
    if (segment.kind === 'meta' || segment.kind === 'alt' || segment.kind === 'title') continue;
    const translation = lookup(segment);
    const changed = translation !== undefined && (options.rebuildUnchanged || translation !== segment.source);
    const usable = changed && validateTags(segment.source, translation).length === 0;
    for (const occurrence of segment.occurrences) {
      if (usable) {
        edits.push({ start: occurrence.start, end: occurrence.end, text: renderOccurrence(occurrence, tokenizeTagged(translation), text) });
      } else {
        edits.push(...imageEdits(occurrence, text));
      }
    }
  }
  // Images in blocks that are not segments of their own (a paragraph holding only an image).
  for (const occurrence of analysis.imageBlocks) edits.push(...imageEdits(occurrence, text));
  let body = applyEdits(analysis.text, dedupe(edits));
  body = mergeFrontMatter(analysis, body, lookup, options);
  return body;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(source: string, edits: Edit[]): string {
  if (edits.length === 0) return source;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let result = '';
  let last = 0;
  for (const edit of sorted) {
    if (edit.start < last) continue;
    result += source.slice(last, edit.start) + edit.text;
    last = edit.end;
  }
  return result + source.slice(last);
}

function dedupe(edits: Edit[]): Edit[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const id = `${edit.start}:${edit.end}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Renders one occurrence from a translation's tokens, reusing the German's raw markup per tag. */
export function renderOccurrence(
  occurrence: Occurrence,
  translation: TagToken[],
  text: (key: string | undefined) => string | undefined,
): string {
  const byId = new Map<number, { open?: InlineToken; close?: InlineToken; atom?: InlineToken }>();
  // Text the German has is written back as the German wrote it (its escapes, its line breaks), but
  // only where it sits in the same surroundings: the same text at the start of a line or before a
  // link could mean something else.
  const rawByValue = new Map<string, string>();
  let sourceSoFar = '';
  occurrence.tokens.forEach((token, index) => {
    if (token.type === 'text') {
      const nextRaw = occurrence.tokens[index + 1]?.raw ?? '';
      const place = placeKey(sourceSoFar, index === occurrence.tokens.length - 1, nextRaw);
      if (!rawByValue.has(place + token.value)) rawByValue.set(place + token.value, token.raw);
    } else {
      const entry = byId.get(token.id) ?? {};
      entry[token.type] = token;
      byId.set(token.id, entry);
    }
    sourceSoFar += token.raw;
  });
  const pieces = settleEmphasis(translation, byId);
  const starred = intrawordUnderscores(pieces, byId);
  const parts: string[] = [];
  const autolinks: { part: number; atom: InlineToken }[] = [];
  let out = '';
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index]!;
    const next = pieces[index + 1];
    let part: string;
    if (piece.type === 'text') {
      const nextRaw = next && next.type !== 'text' ? rawFor(next) : '';
      const atEnd = index === pieces.length - 1;
      let raw = rawByValue.get(placeKey(out, atEnd, nextRaw) + piece.value);
      // A literal `*`, `_` or `~` the German wrote bare beside an emphasis delimiter joins its run
      // (`*` + `*5.9*` is the run `**`), which the German's flanking allowed but the translation's
      // may not (a run of 2 and a closing 1 that can also open do not match): written escaped.
      if (raw !== undefined && (touchesRun(out, raw) || touchesRun(raw, nextRaw))) raw = undefined;
      if (raw !== undefined) {
        part = occurrence.prefix === '' ? raw : escapeLazyUnderlines(raw);
      } else {
        part = escapeMarkdownText(piece.value, {
          atLineStart: out === '' ? 'segment' : out.endsWith('\n') ? 'line' : false,
          atEnd,
          beforeBracket: nextRaw.startsWith('[') || nextRaw.startsWith('('),
          afterBracket: out.endsWith(']'),
          context: occurrence.context,
        });
      }
    } else {
      part = rawFor(piece);
      if (starred.has(piece.id)) part = part.replace(/_/g, '*');
      const atom = piece.type === 'atom' ? byId.get(piece.id)?.atom : undefined;
      if (atom && isLiteralAutolink(atom)) autolinks.push({ part: parts.length, atom });
      // Inline HTML at the start of a line in the paragraph — after a hard break, or after a German
      // line break whose line was indented — would start an HTML block (see HTML_BLOCK_START).
      // Indented by four spaces the line continues the paragraph, whose lines lose their indentation.
      if (out.endsWith('\n') && HTML_BLOCK_START.test(part)) part = `    ${part}`;
    }
    parts.push(part);
    out += part;
  }
  // A URL GFM found in plain text ends at white space: translated text glued to it would become
  // part of the address (`www.example.org` + `’s`). Where the characters touching it differ from
  // the German's, it is written as an explicit link, which renders the same and ends at `)`.
  if (autolinks.length > 0) {
    const sourceRaw = occurrence.tokens.map((t) => t.raw);
    for (const { part, atom } of autolinks) {
      const at = occurrence.tokens.indexOf(atom);
      const touching = (before: string[], after: string[]): string => `${/(?<!\S)\S*$/.exec(before.join(''))![0]}\u0000${/^\S*/.exec(after.join(''))![0]}`;
      if (touching(parts.slice(0, part), parts.slice(part + 1)) !== touching(sourceRaw.slice(0, at), sourceRaw.slice(at + 1))) {
        parts[part] = explicitLink(atom.raw, occurrence.context);
        // A `!` just before the `[` would make the link an image (`wow![www.x.org](…)`).
        const before = parts.slice(0, part).findLastIndex((p) => p !== '');
        if (before >= 0 && /(?:^|[^\\])(?:\\\\)*!$/.test(parts[before]!)) parts[before] = `${parts[before]!.slice(0, -1)}\\!`;
      }
    }
    out = parts.join('');
  }
  if (flankDelimiters(pieces, parts, byId)) out = parts.join('');
  if (separateTouchingMarkup(pieces, parts, byId)) out = parts.join('');
  return out.replace(/\n/g, `\n${occurrence.prefix}`);

  function rawFor(piece: TagToken): string {
    if (piece.type === 'text') return '';
    const entry = byId.get(piece.id);
    if (piece.type === 'atom') {
      const atom = entry?.atom;
      if (atom?.type !== 'atom') return '';
      return atom.image ? renderImage(atom.raw, atom.image, text, occurrence.context) : atom.raw;
    }
    if (piece.type === 'open') return entry?.open?.raw ?? '';
    const close = entry?.close;
    if (close?.type !== 'close') return '';
    // A shortcut or collapsed reference (`[Foo]`, `[Foo][]`) finds its definition by its text: once
    // the text between its tags differs from the German, the label must be written out.
    const relabel = close.rawWhenChanged !== undefined && inside(occurrence.tokens, piece.id) !== inside(pieces, piece.id);
    return relabel ? close.rawWhenChanged! : close.raw;
  }
}

/**
 * How micromark classifies the character beside an emphasis delimiter (classifyCharacter): by
 * its UTF-16 code unit. A character outside the Basic Multilingual Plane — an emoji, 🌈 — is
 * therefore a word character, whatever its category, because its surrogates are neither white
 * space nor punctuation; so are marks and format characters (a combining accent, a soft hyphen,
 * a zero-width joiner). Taken for punctuation, `🌈*„x“*` looked as if it flanked, and for nothing
 * at all, `🌈_x_` as if it were no intraword emphasis: both were published without the emphasis.
 * The start or end of the text counts as white space.
 */
function delimiterNeighbour(unit: string | undefined): 'space' | 'punctuation' | 'word' {
  if (unit === undefined || unit === '' || /\s/.test(unit)) return 'space';
  return /[\p{P}\p{S}]/u.test(unit) ? 'punctuation' : 'word';
}

/**
 * An emphasis delimiter works only where it "flanks" its text: `**Note.**Text` is no strong
 * emphasis, because the closing `**` stands between punctuation and a letter (and `word**«x»**`
 * fails at the opening one). A translation may glue words to an emphasis tag that the German
 * separated with a space; the letter outside is then written as a character reference
 * (`**Note.**&#84;ext`), which reads as the same letter but counts as punctuation for flanking.
 * Returns whether a part was changed.
 */
function flankDelimiters(
  pieces: TagToken[],
  parts: string[],
  byId: Map<number, { open?: InlineToken; close?: InlineToken; atom?: InlineToken }>,
): boolean {
  let changed = false;
  const delimited = (piece: TagToken | undefined): boolean => piece !== undefined && (piece.type === 'open' || piece.type === 'close') && delimitedById(byId, piece.id);
  const lastChar = (index: number): string | undefined => {
    for (let at = index; at >= 0; at--) if (parts[at] !== '') return [...parts[at]!].at(-1);
    return undefined;
  };
  const firstChar = (index: number): string | undefined => {
    for (let at = index; at < parts.length; at++) if (parts[at] !== '') return String.fromCodePoint(parts[at]!.codePointAt(0)!);
    return undefined;
  };
  // The code units that touch the delimiter: the last one of a character before it, the first after.
  const isWord = (char: string | undefined, side: 'before' | 'after'): char is string =>
    char !== undefined && delimiterNeighbour(side === 'before' ? char.at(-1) : char[0]) === 'word';
  const isPunctuation = (char: string | undefined, side: 'before' | 'after'): boolean =>
    char !== undefined && delimiterNeighbour(side === 'before' ? char.at(-1) : char[0]) === 'punctuation';
  const reference = (char: string): string => `&#${char.codePointAt(0)};`;
  pieces.forEach((piece, index) => {
    if (!delimited(piece)) return;
    if (piece.type === 'close') {
      const after = firstChar(index + 1);
      if (pieces[index + 1]?.type === 'text' && isPunctuation(lastChar(index - 1), 'before') && isWord(after, 'after') && parts[index + 1]!.startsWith(after)) {
        parts[index + 1] = reference(after) + parts[index + 1]!.slice(after.length);
        changed = true;
      }
    } else {
      const before = lastChar(index - 1);
      if (pieces[index - 1]?.type === 'text' && isPunctuation(firstChar(index + 1), 'after') && isWord(before, 'before') && parts[index - 1]!.endsWith(before)) {
        parts[index - 1] = parts[index - 1]!.slice(0, -before.length) + reference(before);
        changed = true;
      }
    }
  });
  return changed;
}

/**
 * Markup a translation puts side by side where the German had text between (`<1>a</1><2>b</2>`)
 * must not run together:
 *  - a shortcut reference (`[Flyer]`, `![Logo]`) finds its definition only when no `[` or `(`
 *    follows: a link, image or footnote call right behind it made it a full reference
 *    (`[Flyer][FAQ][]` linked "Flyer" to FAQ's address) or an inline link. Its label is then
 *    written out (`[Flyer][Flyer]`). Text after it is escaped instead (`afterBracket`);
 *  - delimiters of the same character make one run: `*a**b*` is one emphasis with `**` in it,
 *    `` `a``b` `` one code span, `~~a~~~~b~~` no strikethrough at all. An empty HTML comment
 *    between them (`*a*<!---->*b*`) keeps them apart; it shows in no page, and the sanitizer
 *    removes it from HTML.
 * Returns whether a part was changed.
 */
function separateTouchingMarkup(
  pieces: TagToken[],
  parts: string[],
  byId: Map<number, { open?: InlineToken; close?: InlineToken; atom?: InlineToken }>,
): boolean {
  let changed = false;
  for (let index = 1; index < pieces.length; index++) {
    const [before, piece] = [pieces[index - 1]!, pieces[index]!];
    if (before.type === 'text' || piece.type === 'text' || parts[index - 1] === '' || parts[index] === '') continue;
    const entry = byId.get(before.id);
    if (/^[[(]/.test(parts[index]!)) {
      const close = before.type === 'close' ? entry?.close : undefined;
      const atom = before.type === 'atom' ? entry?.atom : undefined;
      let spelled: string | undefined;
      if (close?.type === 'close' && close.rawWhenChanged !== undefined && close.raw === ']' && parts[index - 1] === ']') spelled = close.rawWhenChanged;
      else if (atom?.type === 'atom' && atom.image && atom.image.tail === '' && parts[index - 1] === atom.raw) spelled = atom.raw + atom.image.tailWhenChanged;
      if (spelled !== undefined) {
        parts[index - 1] = spelled;
        changed = true;
      }
    }
    // Side by side, not nested: `***a** b*` opens two emphases in one run, as the German does.
    const last = parts[index - 1]!.at(-1)!;
    if (before.type !== 'open' && piece.type !== 'close' && '*_~`'.includes(last) && parts[index]!.startsWith(last)) {
      parts[index - 1] += '<!---->';
      changed = true;
    }
  }
  return changed;
}

/** Whether `before` ends and `after` starts with the same emphasis character, unescaped. */
function touchesRun(before: string, after: string): boolean {
  const last = before.at(-1);
  return last !== undefined && '*_~'.includes(last) && after.startsWith(last) && !/(?:^|[^\\])(?:\\\\)*\\.$/.test(before);
}

/** What lies between the tags of pair `id`: its text and the tags inside, as one comparable string. */
function inside(tokens: readonly (InlineToken | TagToken)[], id: number): string {
  let result: string | undefined;
  for (const token of tokens) {
    if (token.type === 'open' && token.id === id) result = '';
    else if (token.type === 'close' && token.id === id) break;
    else if (result !== undefined) result += token.type === 'text' ? token.value : `<${token.type}:${token.id}>`;
  }
  return result ?? '';
}

/** Where a piece of text sits, as far as its escaping depends on it: line start, segment end, before a link. */
function placeKey(before: string, atEnd: boolean, nextRaw: string): string {
  const lineStart = before === '' ? 's' : before.endsWith('\n') ? 'l' : '-';
  const bracket = nextRaw.startsWith('[') || nextRaw.startsWith('(') ? 'b' : '-';
  return `${lineStart}${atEnd ? 'e' : '-'}${bracket}${before.endsWith(']') ? 'a' : '-'}\u0000`;
}

/**
 * Inside a block quote or list item a paragraph may continue on a "lazy" line without the `> ` or
 * indentation. Merge writes every line with the full prefix, and a lazy line of only `=` or `-`
 * would then underline the paragraph into a heading (`> foo` / `> ===`): such lines get an escape.
 */
function escapeLazyUnderlines(raw: string): string {
  return raw.replace(/(\n[ \t]*)([=-])(?=[=-]*[ \t]*(?:\n|$))/g, '$1\\$2');
}

/**
 * The start of an HTML block that may interrupt a paragraph (CommonMark's kinds 1 to 6): `<pre`,
 * `<script`, `<style`, `<textarea`, a comment, `<?`, `<!X`, `<![CDATA[`, or a block-level tag
 * (`<div>`, `<h3>`, `</p>`, …). Written at the start of a line, such inline HTML of the German
 * (`<span>x</span>` and `<div>y</div>` on one line, `<div>` on an indented line) ended the
 * paragraph: the rest of the line became raw HTML outside it, and a hard break before it a
 * literal backslash.
 */
const HTML_BLOCK_START =
  /^(?:<(?:pre|script|style|textarea)(?:[ \t>]|$)|<!--|<\?|<![A-Za-z]|<!\[CDATA\[|<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t>]|\/>|$))/i;

/** A URL or e-mail address that GFM linked in plain text (not `<…>` and not `[…](…)`). */
function isLiteralAutolink(token: InlineToken): boolean {
  return token.type === 'atom' && token.node === 'link' && !/^[<[]/.test(token.raw);
}

/** The explicit form of a literal autolink: the same link text and target, delimited by brackets. */
function explicitLink(raw: string, context: Occurrence['context']): string {
  const url = /^www\./i.test(raw) ? `http://${raw}` : /^[a-z][a-z\d+.-]*:/i.test(raw) ? raw : `mailto:${raw}`;
  const label = escapeMarkdownText(raw, { atLineStart: false, atEnd: false, beforeBracket: false, context });
  return `[${label}](<${url.replace(/[\\<>&]/g, '\\$&')}>)`;
}

/**
 * `_` emphasis does not work inside a word (`Wort_teil_`), `*` does; a translation may glue an
 * emphasis tag to a word where the German did not, so such tags switch to `*`. Not where a `*`
 * delimiter of another tag touches it inside: the two would become one run (`_*Wort*_` as
 * `**Wort**`, strong emphasis); the `_` stays and flankDelimiters writes the glued letter as a
 * character reference, which a `_` may stand beside.
 */
function intrawordUnderscores(
  pieces: TagToken[],
  byId: Map<number, { open?: InlineToken; close?: InlineToken; atom?: InlineToken }>,
): Set<number> {
  const result = new Set<number>();
  pieces.forEach((piece, index) => {
    if (piece.type === 'text') return;
    const token = piece.type === 'open' ? byId.get(piece.id)?.open : piece.type === 'close' ? byId.get(piece.id)?.close : undefined;
    if (!token || !/^_+$/.test(token.raw)) return;
    const neighbour = piece.type === 'open' ? pieces[index - 1] : pieces[index + 1];
    if (neighbour?.type !== 'text') return;
    // The code unit beside the delimiter, as micromark sees it (see delimiterNeighbour).
    const unit = piece.type === 'open' ? neighbour.value.at(-1) : neighbour.value[0];
    if (delimiterNeighbour(unit) === 'word') result.add(piece.id);
  });
  for (const id of [...result]) {
    const open = pieces.findIndex((p) => p.type === 'open' && p.id === id);
    const close = pieces.findIndex((p) => p.type === 'close' && p.id === id);
    const starAt = (piece: TagToken | undefined, end: 'first' | 'last'): boolean => {
      if (!piece || piece.type === 'text') return false;
      const entry = byId.get(piece.id);
      const raw = (piece.type === 'open' ? entry?.open : piece.type === 'close' ? entry?.close : entry?.atom)?.raw ?? '';
      return (piece.type === 'open' || piece.type === 'close') && (end === 'first' ? raw.startsWith('*') : raw.endsWith('*'));
    };
    if (starAt(pieces[open + 1], 'first') || starAt(pieces[close - 1], 'last')) result.delete(id);
  }
  return result;
}

/**
 * Emphasis needs its delimiters next to text: `* foo*` is not emphasis. Spaces a translator left
 * just inside an emphasis tag are moved outside it — out of every emphasis tag they touch: moved
 * out of the inner one of `<1><2> foo</2> bar</1>`, they sit just inside the outer one.
 */
function moveSpacesOutOfEmphasis(
  tokens: TagToken[],
  byId: Map<number, { open?: InlineToken; close?: InlineToken; atom?: InlineToken }>,
): TagToken[] {
  let result = tokens;
  for (;;) {
    const moved = moveSpacesOneLevel(result, byId);
    if (moved.length === result.length && moved.every((token, index) => sameToken(token, result[index]!))) return moved;
    result = moved;
  }
}

/** Spaces moved out of emphasis tags and empty emphasis dropped, until neither changes anything. */
function settleEmphasis(
  tokens: TagToken[],
  byId: Map<number, { open?: InlineToken; close?: InlineToken; atom?: InlineToken }>,
): TagToken[] {
  let result = moveSpacesOutOfEmphasis(tokens, byId);
  for (;;) {
    const dropped = dropEmptyEmphasis(result, byId);
    // Dropped, `<1>x<2> </2></1>` leaves a space just inside `<1>`: moved out in the next round.
    if (dropped.length === result.length) return result;
    result = moveSpacesOutOfEmphasis(dropped, byId);
  }
}

/**
 * Emphasis, strong emphasis or strikethrough with nothing in it (`<1></1>`, or only spaces, which
 * moveSpacesOutOfEmphasis has moved out) is written as nothing: its delimiters alone (`**`, `~~~~`)
 * are no markup and were published as text. translateTree drops the empty node alike.
 */
function dropEmptyEmphasis(
  tokens: TagToken[],
  byId: Map<number, { open?: InlineToken; close?: InlineToken; atom?: InlineToken }>,
): TagToken[] {
  const isDelimited = (id: number): boolean => delimitedById(byId, id);
  let result = tokens;
  for (;;) {
    const at = result.findIndex((token, index) => token.type === 'open' && isDelimited(token.id) && result[index + 1]?.type === 'close' && (result[index + 1] as { id: number }).id === token.id);
    if (at < 0) return result;
    result = mergeAdjacentText([...result.slice(0, at), ...result.slice(at + 2)].map((t) => ({ ...t })));
  }
}

/** Whether tag `id` stands for emphasis, strong emphasis or strikethrough (written with delimiters). */
function delimitedById(byId: Map<number, { open?: InlineToken; close?: InlineToken; atom?: InlineToken }>, id: number): boolean {
  const node = byId.get(id)?.open;
  return node?.type === 'open' && (node.node === 'emphasis' || node.node === 'strong' || node.node === 'delete');
}

function sameToken(a: TagToken, b: TagToken): boolean {
  return a.type === b.type && (a.type === 'text' ? a.value === (b as typeof a).value : a.id === (b as typeof a).id);
}

function moveSpacesOneLevel(
  tokens: TagToken[],
  byId: Map<number, { open?: InlineToken; close?: InlineToken; atom?: InlineToken }>,
): TagToken[] {
  const isDelimited = (id: number): boolean => delimitedById(byId, id);
  const result: TagToken[] = tokens.map((t) => ({ ...t }));
  for (let i = 0; i < result.length; i++) {
    const token = result[i]!;
    const next = result[i + 1];
    if (token.type === 'open' && isDelimited(token.id) && next?.type === 'text') {
      const spaces = /^\s+/.exec(next.value)?.[0];
      if (spaces) {
        next.value = next.value.slice(spaces.length);
        result.splice(i, 0, { type: 'text', value: spaces });
        i++;
      }
    }
    if (token.type === 'text' && next?.type === 'close' && isDelimited(next.id)) {
      const spaces = /(?<!\s)\s+$/.exec(token.value)?.[0]; // linear: tried where a run starts
      if (spaces) {
        token.value = token.value.slice(0, -spaces.length);
        result.splice(i + 2, 0, { type: 'text', value: spaces });
      }
    }
  }
  return mergeAdjacentText(result.filter((t) => t.type !== 'text' || t.value !== ''));
}

function mergeAdjacentText(tokens: TagToken[]): TagToken[] {
  const result: TagToken[] = [];
  for (const token of tokens) {
    const last = result.at(-1);
    if (token.type === 'text' && last?.type === 'text') last.value += token.value;
    else result.push(token);
  }
  return result;
}

/**
 * An image with translated alt text or title: the alt is rewritten, the rest is kept as written.
 * In a table cell a `|` of the new text is escaped, as everywhere in a cell: unescaped it would end
 * the cell in the middle of the image.
 */
function renderImage(raw: string, image: ImageAtom, text: (key: string | undefined) => string | undefined, context: Occurrence['context']): string {
  const alt = text(image.altKey);
  const title = image.inline ? text(image.titleKey) : undefined;
  if (alt === undefined && title === undefined) return raw;
  const altRaw = alt === undefined ? raw.slice(2, raw.length - image.tail.length - 1) : escapeAlt(alt, context);
  let tail = alt === undefined ? image.tail : image.tailWhenChanged;
  if (title !== undefined) {
    const destination = /[\s()<>]/.test(image.url) || image.url === '' ? `<${image.url.replace(/[<>]/g, encodeURIComponent)}>` : image.url;
    // A title is read with character references and backslash escapes: `&amp;` typed by the
    // translator is escaped like text; a line break (which ends a table row, or as a blank line
    // the paragraph) becomes a space, as everywhere in a translation.
    const escaped = title
      .replace(/(?<![ \t])(?:[ \t]*(?:\r\n|\r|\n))+[ \t]*|(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*[ \t]*/g, ' ')
      .replace(/["\\]/g, '\\$&')
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
    tail = `(${destination} "${context === 'cell' ? escaped.replace(/\|/g, '\\|') : escaped}")`;
  }
  return `![${altRaw}]${tail}`;
}

function escapeAlt(alt: string, context: Occurrence['context']): string {
  return escapeMarkdownText(alt, { atLineStart: false as const, atEnd: false, beforeBracket: false, context: context === 'cell' ? 'cell' : 'block' }).replace(/\n/g, ' ');
}

function imageEdits(occurrence: Occurrence, text: (key: string | undefined) => string | undefined): Edit[] {
  const edits: Edit[] = [];
  for (const token of occurrence.tokens) {
    if (token.type !== 'atom' || !token.image || token.start === undefined || token.end === undefined) continue;
    if (text(token.image.altKey) === undefined && text(token.image.titleKey) === undefined) continue;
    const rendered = renderImage(token.raw, token.image, text, occurrence.context).replace(/\n/g, `\n${occurrence.prefix}`);
    edits.push({ start: token.start, end: token.end, text: rendered });
  }
  return edits;
}
