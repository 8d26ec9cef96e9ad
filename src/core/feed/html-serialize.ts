import type { Element, Nodes, Properties, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { stringify as commas } from 'comma-separated-tokens';
import { find, html, type Info } from 'property-information';
import { stringify as spaces } from 'space-separated-tokens';

/**
 * hast-util-to-html with its default options (`allowDangerousHtml` aside), byte for byte but for
 * a NUL in an attribute value (NUL_REFERENCE), for the trees the build serializes: every release
 * body in every language, and every page around it.
 *
 * Why our own: hast-util-to-html handles every option and both HTML and SVG, and pays for that on
 * every node — a fresh options object and a regular-expression replace with a callback for every
 * text and attribute value (even when nothing needs escaping), a schema lookup for every
 * attribute. A cold build at 1,000 releases serializes 5,000 bodies and 5,000 pages: that was
 * 0.6 s of each rendering thread's 6.8 s. This writer escapes only where a character needs it and
 * looks each property up once per process.
 *
 * It covers what those trees hold — root, doctype, elements of the HTML namespace, text and raw —
 * and hands any other tree to hast-util-to-html itself: a comment, `<template>`, `<svg>` or
 * `<math>` (another namespace or content model), an attribute name that would need escaping.
 * test/html-serialize.test.ts holds the two to the same bytes on generated trees.
 */
export function serializeHtml(tree: Root | Element, options: { allowDangerousHtml?: boolean } = {}): string {
  const raw = options.allowDangerousHtml === true;
  const out: string[] = [];
  return write(tree, undefined, raw, out) ? out.join('') : toHtml(tree, options).replace(NUL_REFERENCE, '');
}

/**
 * One difference from hast-util-to-html, on purpose: a NUL in an attribute value (a translated
 * alt text or a footnote label can hold one) is left out, where the library writes `&#x0;`, which
 * HTML parsers report as an error and read as U+FFFD. In text the library leaves NUL as it is and
 * outputSafe removes it from the page, so `&#x0;` in its output can only come from an attribute
 * (a typed "&#x0;" is written "&#x26;#x0;").
 */
const NUL_REFERENCE = /&#x0;/g;

// The void elements of html-void-elements, the list hast-util-to-html uses.
const VOIDS = new Set([
  'area', 'base', 'basefont', 'bgsound', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'image', 'img', 'input',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

/** Tags this writer leaves to hast-util-to-html (another namespace, or content outside `children`). */
const NOT_HERE = new Set(['svg', 'math', 'template']);

/** Characters hast-util-to-html escapes in text and in double-quoted attribute values (no parse errors, no dangerous characters). */
const TEXT_UNSAFE = /[&<]/;
const TEXT_UNSAFE_ALL = /[&<]/g;
const ATTRIBUTE_UNSAFE = /[\0"&'`]/;
const ATTRIBUTE_UNSAFE_ALL = /[\0"&'`]/g;
/** Characters that make hast-util-to-html escape an attribute's name. */
const NAME_UNSAFE = /[\0\t\n\f\r "&'/<=>`]/;

/** stringify-entities' default reference: uppercase hexadecimal with a semicolon (`&#x3C;`). */
const reference = (character: string): string => `&#x${character.charCodeAt(0).toString(16).toUpperCase()};`;

const escapeText = (value: string): string => (TEXT_UNSAFE.test(value) ? value.replace(TEXT_UNSAFE_ALL, reference) : value);
const escapeAttribute = (value: string): string =>
  ATTRIBUTE_UNSAFE.test(value) ? value.replace(ATTRIBUTE_UNSAFE_ALL, (character) => (character === '\0' ? '' : reference(character))) : value;

const infos = new Map<string, Info>();
function infoOf(key: string): Info {
  let info = infos.get(key);
  if (info === undefined) infos.set(key, (info = find(html, key)));
  return info;
}

/** Writes a node; false when the node is one this writer leaves to hast-util-to-html. */
function write(node: Nodes, parent: Element | Root | undefined, raw: boolean, out: string[]): boolean {
  switch (node.type) {
    case 'root':
      return writeChildren(node, raw, out);
    case 'doctype':
      out.push('<!doctype html>');
      return true;
    case 'text':
      out.push(rawTextParent(parent) ? node.value : escapeText(node.value));
      return true;
    case 'raw':
      out.push(raw || rawTextParent(parent) ? node.value : escapeText(node.value));
      return true;
    case 'element':
      return writeElement(node, raw, out);
    default:
      return false;
  }
}

const rawTextParent = (parent: Element | Root | undefined): boolean =>
  parent !== undefined && parent.type === 'element' && (parent.tagName === 'script' || parent.tagName === 'style');

function writeChildren(node: Element | Root, raw: boolean, out: string[]): boolean {
  for (const child of node.children) if (!write(child, node, raw, out)) return false;
  return true;
}

function writeElement(node: Element, raw: boolean, out: string[]): boolean {
  const tagName = node.tagName;
  if (NOT_HERE.has(tagName)) return false;
  const attributes = node.properties ? serializeAttributes(node.properties) : '';
  if (attributes === undefined) return false;
  out.push(attributes === '' ? `<${tagName}>` : `<${tagName} ${attributes}>`);
  const contentStart = out.length;
  if (!writeChildren(node, raw, out)) return false;
  if (!VOIDS.has(tagName.toLowerCase())) {
    out.push(`</${tagName}>`);
    return true;
  }
  // A void element is written without an end tag, unless it has content after all.
  for (let index = contentStart; index < out.length; index++) {
    if (out[index] !== '') {
      out.push(`</${tagName}>`);
      break;
    }
  }
  return true;
}

function serializeAttributes(properties: Properties): string | undefined {
  let result = '';
  for (const key in properties) {
    const value = properties[key];
    if (value === null || value === undefined) continue;
    const attribute = serializeAttribute(key, value);
    if (attribute === undefined) return undefined;
    if (attribute !== '') result = result === '' ? attribute : `${result} ${attribute}`;
  }
  return result;
}

/** hast-util-to-html's serializeAttribute with its defaults (double quotes, no omissions). */
function serializeAttribute(key: string, given: Properties[string]): string | undefined {
  const info = infoOf(key);
  let value = given;
  if (info.overloadedBoolean && (value === info.attribute || value === '')) value = true;
  else if ((info.boolean || info.overloadedBoolean) && (typeof value !== 'string' || value === info.attribute || value === '')) {
    value = Boolean(value);
  }
  if (value === null || value === undefined || value === false || (typeof value === 'number' && Number.isNaN(value))) return '';
  const name = info.attribute;
  if (NAME_UNSAFE.test(name)) return undefined;
  if (value === true) return name;
  const text = Array.isArray(value) ? (info.commaSeparated ? commas(value, { padLeft: true }) : spaces(value)) : String(value);
  return `${name}="${escapeAttribute(text)}"`;
}
