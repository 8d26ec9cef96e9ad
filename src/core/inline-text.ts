/**
 * The text translators see: inline markup as numbered tags (`<1>…</1>`, `<2/>`), literal text
 * that happens to look like a tag escaped as `&lt;`, soft line breaks as spaces.
 */

/** One inline piece of a segment, as the segmenter found it in the German source. */
export type InlineToken =
  | {
      type: 'text';
      /** The text value, soft line breaks folded to spaces. */
      value: string;
      /** The Markdown as written, container prefixes removed from continuation lines. */
      raw: string;
    }
  | {
      type: 'open';
      id: number;
      /** mdast node type: emphasis, strong, delete, link, linkReference. */
      node: string;
      raw: string;
    }
  | {
      type: 'close';
      id: number;
      node: string;
      raw: string;
      /**
       * For shortcut and collapsed references (`[Foo]`, `[Foo][]`) the link text is the label, so
       * once the text is translated the reference must be written out in full: `][Foo]`.
       */
      rawWhenChanged?: string;
    }
  | {
      type: 'atom';
      id: number;
      node: string;
      raw: string;
      image?: ImageAtom;
      /** Source offsets, for images (their alt may change while the block around them does not). */
      start?: number;
      end?: number;
    };

/** What merge needs to rewrite an image whose alt text or title was translated. */
export interface ImageAtom {
  /** Key of the alt-text segment, when the alt has translatable text. */
  altKey?: string;
  /** Key of the title segment, when the image has a translatable title (inline images only). */
  titleKey?: string;
  alt: string;
  title?: string;
  url: string;
  /** The raw text after the alt's closing bracket, e.g. `(a.jpg "t")` or `[ref]`. */
  tail: string;
  /** Tail to use when the alt changes: shortcut and collapsed references need the label spelled out. */
  tailWhenChanged: string;
  /** Whether it is an inline image (`![a](b)`) whose title can be rewritten. */
  inline: boolean;
}

/** A token of a translation string: text or a tag. */
export type TagToken =
  | { type: 'text'; value: string }
  | { type: 'open' | 'close' | 'atom'; id: number; offset: number };

const TAG_PATTERN = /<(\/?)(\d+)(\/?)>/g;
const LOOKS_LIKE_TAG = /<(?=\/?\d+\/?>)/g;
/** `&lt;`, `&amp;lt;`, `&amp;amp;lt;`… before something shaped like a tag: each level is one escape. */
const ESCAPED_LOOKALIKE = /&((?:amp;)*)lt;(?=\/?\d+\/?>)/g;

/**
 * Text a translator meant as a tag but typed otherwise, in decoded text (where no real tag is
 * left): as character references (`&lt;1&gt;`, from a CAT tool or an HTML-minded editor), with
 * spaces (`< 1 >`, `</ 1>`), or with fullwidth brackets (`＜1＞`, an East Asian input method).
 * Group 1 is `/` of a closing tag, group 2 the number, group 3 `/` of a self-closing one.
 */
export const TAG_LOOKALIKE = /(?:&lt;|&#0*60;|&#x0*3c;|<|\uFF1C)[ \u00A0]?(\/?)[ \u00A0]?(\d{1,4})[ \u00A0]?(\/?)[ \u00A0]?(?:&gt;|&#0*62;|&#x0*3e;|>|\uFF1E)/gi;

/**
 * Escapes literal text so that it cannot be read as a tag: `<1>` becomes `&lt;1>`, and text that
 * already reads `&lt;1>` (or `&amp;lt;1>`…) gains one more `amp;`, so decoding is exact.
 */
export function encodeText(value: string): string {
  return value.replace(ESCAPED_LOOKALIKE, '&amp;$1lt;').replace(LOOKS_LIKE_TAG, '&lt;');
}

/** Inverse of {@link encodeText}: `decodeText(encodeText(s)) === s` for every string. */
export function decodeText(value: string): string {
  return value.replace(ESCAPED_LOOKALIKE, (_, amps: string) => (amps === '' ? '<' : `&${amps.slice(4)}lt;`));
}

/** Serializes tokens to the tagged text translators see. */
export function toTaggedText(tokens: readonly InlineToken[]): string {
  let result = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        result += encodeText(token.value);
        break;
      case 'open':
        result += `<${token.id}>`;
        break;
      case 'close':
        result += `</${token.id}>`;
        break;
      case 'atom':
        result += `<${token.id}/>`;
        break;
    }
  }
  return result;
}

/** Splits a tagged string into text and tags. Never fails: validation is {@link validateTags}. */
export function tokenizeTagged(text: string): TagToken[] {
  const tokens: TagToken[] = [];
  let last = 0;
  for (const match of text.matchAll(TAG_PATTERN)) {
    const offset = match.index;
    if (offset > last) tokens.push({ type: 'text', value: decodeText(text.slice(last, offset)) });
    const closing = match[1] === '/';
    const selfClosing = match[3] === '/';
    const id = Number(match[2]);
    if (closing && selfClosing) tokens.push({ type: 'close', id: -id - 1, offset });
    else tokens.push({ type: closing ? 'close' : selfClosing ? 'atom' : 'open', id, offset });
    last = offset + match[0].length;
  }
  if (last < text.length) tokens.push({ type: 'text', value: decodeText(text.slice(last)) });
  return tokens;
}

/**
 * A tagged string with its text in Unicode normalization form C and its tags as they are. The
 * text alone is normalized: composed across a tag, `</1>` followed by U+0338 (combining long
 * solidus overlay) would become `</1≯` and lose the tag.
 */
export function normalizeTagged(tagged: string): string {
  let result = '';
  let last = 0;
  for (const match of tagged.matchAll(TAG_PATTERN)) {
    result += tagged.slice(last, match.index).normalize('NFC') + match[0];
    last = match.index + match[0].length;
  }
  return result + tagged.slice(last).normalize('NFC');
}

/** White space and tags, nothing else. */
const TAGS_ALONE = /^(?:\s|<\/?\d+\/?>)*$/;

/**
 * Whether a tagged string has any text besides its tags and white space: `<1></1>` has none. One
 * linear test (the publish gate asks it of every entry of every build).
 */
export function hasText(tagged: string): boolean {
  return !TAGS_ALONE.test(tagged);
}

/** The plain words of a tagged string: tags removed, for word counts and similarity. */
export function plainText(tagged: string): string {
  return decodeText(tagged.replace(TAG_PATTERN, ' ')).replace(/\s+/g, ' ').trim();
}

function sameTagSequence(source: string, translation: string): boolean {
  const hasTag = (text: string): boolean => text.includes('<');
  if (!hasTag(source) && !hasTag(translation)) return true;
  const a = source.match(TAG_PATTERN);
  const b = translation.match(TAG_PATTERN);
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((tag, index) => tag === b[index]);
}

/** A problem with the tags of a translation. */
export interface TagProblem {
  code: 'TAG_MISSING' | 'TAG_EXTRA' | 'TAG_MISNESTED';
  message: string;
  hint: string;
}

/** The first {@link TAG_LOOKALIKE} of each tag number in the text of a tagged translation. */
function tagLookalikes(translation: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const token of tokenizeTagged(translation)) {
    if (token.type !== 'text') continue;
    for (const match of token.value.matchAll(TAG_LOOKALIKE)) {
      const id = Number(match[2]);
      if (!found.has(id)) found.set(id, match[0]);
    }
  }
  return found;
}

/**
 * Checks that a translation has exactly the source's tags, each once, of the same kind (paired or
 * self-closing), properly nested and inside the same parent tag as in the source. Translators
 * may move and reorder tags; they may not drop, add or mis-nest them.
 */
export function validateTags(source: string, translation: string): TagProblem[] {
  // The usual case, checked in a fraction of the time: the translation has the German's tags in
  // the German's order (or both have none), so its structure is the German's, which is valid.
  if (sameTagSequence(source, translation)) return [];
  const expected = tagStructure(tokenizeTagged(source));
  const problems: TagProblem[] = [];
  const seen = new Map<number, 'open' | 'atom'>();
  const closed = new Set<number>();
  const writtenAsPair = new Set<number>();
  const stack: number[] = [];
  for (const token of tokenizeTagged(translation)) {
    if (token.type === 'text') continue;
    if (token.id < 0) {
      problems.push({
        code: 'TAG_EXTRA',
        message: `has a malformed tag </${-token.id - 1}/>`,
        hint: 'write a paired tag as <n>…</n> or a self-closing one as <n/>',
      });
      continue;
    }
    const kind = expected.kinds.get(token.id);
    const name = token.type === 'atom' ? `<${token.id}/>` : token.type === 'open' ? `<${token.id}>` : `</${token.id}>`;
    if (kind === undefined) {
      problems.push({
        code: 'TAG_EXTRA',
        message: `has the tag ${name}, which the German does not have`,
        hint: `remove ${name}; the German has ${describeTags(expected.kinds)}`,
      });
      continue;
    }
    if (token.type === 'atom') {
      if (kind !== 'atom') {
        problems.push({
          code: 'TAG_MISNESTED',
          message: `writes <${token.id}/> but the German has a pair <${token.id}>…</${token.id}>`,
          hint: `put the translated words between <${token.id}> and </${token.id}>`,
        });
      } else if (seen.has(token.id)) {
        problems.push({ code: 'TAG_EXTRA', message: `has <${token.id}/> twice`, hint: `keep one <${token.id}/>` });
      } else {
        checkParent(token.id);
      }
      seen.set(token.id, 'atom');
      continue;
    }
    if (kind === 'atom') {
      if (token.type === 'close') {
        // `<2>…</2>` for a self-closing tag was reported at `<2>` already.
        if (writtenAsPair.has(token.id)) continue;
        problems.push({
          code: 'TAG_EXTRA',
          message: `has </${token.id}>, but <${token.id}/> closes itself`,
          hint: `remove </${token.id}>`,
        });
      } else {
        problems.push({
          code: 'TAG_MISNESTED',
          message: `writes <${token.id}> but the German has the self-closing <${token.id}/>`,
          hint: `write <${token.id}/> (it stands for something that is not text: code, a line break, an image)`,
        });
        seen.set(token.id, 'atom');
        writtenAsPair.add(token.id);
      }
      continue;
    }
    if (token.type === 'open') {
      if (seen.has(token.id)) {
        problems.push({ code: 'TAG_EXTRA', message: `opens <${token.id}> twice`, hint: `keep one <${token.id}>…</${token.id}>` });
        continue;
      }
      checkParent(token.id);
      seen.set(token.id, 'open');
      stack.push(token.id);
      continue;
    }
    // A closing tag.
    if (!seen.has(token.id)) {
      problems.push({
        code: 'TAG_MISNESTED',
        message: `closes </${token.id}> before opening <${token.id}>`,
        hint: `put <${token.id}> before </${token.id}>`,
      });
      continue;
    }
    if (closed.has(token.id)) {
      problems.push({ code: 'TAG_EXTRA', message: `closes </${token.id}> twice`, hint: `keep one </${token.id}>` });
      continue;
    }
    closed.add(token.id);
    const top = stack.at(-1);
    if (top !== token.id) {
      problems.push({
        code: 'TAG_MISNESTED',
        message: `closes </${token.id}> while <${top}> is still open`,
        hint: `close </${top}> first: tags must nest like <1><2>…</2></1>`,
      });
      const index = stack.lastIndexOf(token.id);
      if (index >= 0) stack.splice(index, 1);
    } else {
      stack.pop();
    }
  }
  let lookalikes: Map<number, string> | undefined;
  for (const [id, kind] of expected.kinds) {
    if (!seen.has(id)) {
      const name = kind === 'atom' ? `<${id}/>` : `<${id}>…</${id}>`;
      // Typed as `&lt;1&gt;` or `< 1 >`, the tag is text: "lacks the tag" alone sent the
      // translator looking for a tag that seemed to be there.
      lookalikes ??= tagLookalikes(translation);
      const typed = lookalikes.get(id);
      problems.push({
        code: 'TAG_MISSING',
        message: `lacks the tag ${name}`,
        hint:
          typed === undefined
            ? `the German has ${name} around or at "${expected.samples.get(id) ?? ''}"; put it at the matching place`
            : `"${typed}" in the translation is text, not the tag: type the tag as ${kind === 'atom' ? `<${id}/>` : `<${id}> and </${id}>`}, with < and > and no spaces`,
      });
    } else if (kind === 'open' && !closed.has(id)) {
      problems.push({ code: 'TAG_MISSING', message: `never closes <${id}>`, hint: `add </${id}> after the words it marks` });
    }
  }
  return problems;

  function checkParent(id: number): void {
    const parent = stack.at(-1);
    const wanted = expected.parents.get(id);
    if (parent !== wanted) {
      problems.push({
        code: 'TAG_MISNESTED',
        message:
          wanted === undefined
            ? `puts tag ${id} inside <${parent}>, but in the German it is not inside any tag`
            : `puts tag ${id} ${parent === undefined ? 'outside all tags' : `inside <${parent}>`}, but in the German it is inside <${wanted}>`,
        hint: wanted === undefined ? `move tag ${id} out of <${parent}>…</${parent}>` : `keep tag ${id} between <${wanted}> and </${wanted}>`,
      });
    }
  }
}

interface TagStructure {
  kinds: Map<number, 'open' | 'atom'>;
  parents: Map<number, number | undefined>;
  samples: Map<number, string>;
}

function tagStructure(tokens: TagToken[]): TagStructure {
  const kinds = new Map<number, 'open' | 'atom'>();
  const parents = new Map<number, number | undefined>();
  const samples = new Map<number, string>();
  const stack: number[] = [];
  let previousText = '';
  for (const token of tokens) {
    if (token.type === 'text') {
      const top = stack.at(-1);
      if (top !== undefined && !samples.get(top)) samples.set(top, token.value.trim().slice(0, 40));
      previousText = token.value;
      continue;
    }
    if (token.type === 'close') {
      stack.pop();
      continue;
    }
    kinds.set(token.id, token.type === 'atom' ? 'atom' : 'open');
    parents.set(token.id, stack.at(-1));
    if (token.type === 'atom') samples.set(token.id, previousText.trim().split(/\s+/).slice(-3).join(' '));
    else stack.push(token.id);
  }
  return { kinds, parents, samples };
}

function describeTags(kinds: Map<number, 'open' | 'atom'>): string {
  if (kinds.size === 0) return 'no tags';
  return [...kinds].map(([id, kind]) => (kind === 'atom' ? `<${id}/>` : `<${id}>…</${id}>`)).join(', ');
}
