/**
 * The W3C Feed Validation Service's rules that Presslate's feeds could break, re-stated from the
 * validator's source (github.com/w3c/feedvalidator: src/feedvalidator/item.py, channel.py,
 * validators.py, link.py, entry.py, feed.py, content.py). Each check names the validator message
 * it stands for. Not a full validator: the RSS/Atom elements Presslate never writes are not checked,
 * and "Self reference doesn't match document location" needs the feed's real URL.
 */
import type { Element as HastElement, Root as HastRoot } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { childElements, parseXml as parseXmlElement, type XmlElement } from './xml.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const KNOWN_NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://www.w3.org/XML/1998/namespace': 'xml',
};

// validators.py: HTMLValidator.htmltags / acceptable_elements / acceptable_attributes (abridged to
// what sanitized release HTML can contain, plus the unsafe ones to recognise).
const ACCEPTABLE_ELEMENTS = new Set(
  ('a abbr acronym address area article aside audio b bdi big blockquote br button canvas caption center cite code col colgroup ' +
    'command data datagrid datalist dd del details dfn dialog dir div dl dt em eventsource fieldset figcaption figure footer font ' +
    'form header h1 h2 h3 h4 h5 h6 hgroup hr i img input ins keygen kbd label legend li m main map mark menu meter multicol nav ' +
    'nextid ol output optgroup option p picture pre progress q rp rt ruby s samp section select small sound source spacer span ' +
    'strike strong sub summary sup table tbody td template textarea time tfoot th thead tr track tt u ul var video noscript wbr').split(' '),
);
const ACCEPTABLE_ATTRIBUTES = new Set(
  ('abbr accept accept-charset accesskey action align allow allowfullscreen alt autoplay axis background balance bgcolor border ' +
    'cellpadding cellspacing char charoff charset checked cite class clear color cols colspan compact contenteditable coords ' +
    'crossorigin data datetime decoding default dir dirname disabled download draggable enctype face for form frame headers height ' +
    'hidden high href hreflang hspace icon id ismap itemid itemprop itemref itemscope itemtype kind label lang loading list longdesc ' +
    'loop low lowsrc max maxlength media method min minlength multiple muted name nohref nonce noshade nowrap open optimum pattern ' +
    'ping placeholder playsinline poster preload prompt readonly referrerpolicy rel required rev reversed rows rowspan rules scope ' +
    'selected shape size sizes span spellcheck src srclang srcset start step summary tabindex target template title translate type ' +
    'usemap valign value width wrap xml:lang xmlns').split(' '),
);
const HTML_END_TAG = /<\/(\w+)>/g;
const KNOWN_HTML_TAGS = new Set([...ACCEPTABLE_ELEMENTS, 'script', 'style', 'iframe', 'object', 'embed', 'meta', 'link', 'html', 'body', 'head', 'title', 'frame', 'frameset', 'applet', 'base']);

// validators.py: rfc2822_re, rfc2396_full, httpURL, mime_re, rfc3339, absUrlMixin.
const RFC2822 = /^(((Mon)|(Tue)|(Wed)|(Thu)|(Fri)|(Sat)|(Sun)), )?\d\d? ((Jan)|(Feb)|(Mar)|(Apr)|(May)|(Jun)|(Jul)|(Aug)|(Sep)|(Oct)|(Nov)|(Dec)) \d\d\d\d \d\d:\d\d(:\d\d)? (([+-]?\d\d[03]0)|(UT)|(GMT)|(EST)|(EDT)|(CST)|(CDT)|(MST)|(MDT)|(PST)|(PDT)|Z)$/;
const RFC3339 = /^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*)?(Z|([+-]\d\d:\d\d))$/;
const FULL_URI = /^[a-zA-Z][0-9a-zA-Z+\-.]*:(\/\/)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/;
const HTTP_URL = /^(http|https):\/\/(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([A-Z0-9-]+\.)+))([A-Z0-9][-A-Z0-9]*)(?::\d+)?(\/|$)/i;
const MIME = /^[^\s()<>,;:\\"/[\]?=]+\/[^\s()<>,;:\\"/[\]?=]+(\s*;\s*[^\s()<>,;:\\"/[\]?=]+=("(\\"|[^"])*"|[^\s()<>,;:\\"/[\]?=]+))*$/;
const ANCHOR_HREF = /<a\s+href=(?:"(.*?)"|'(.*?)'|([\w-]+))[\s>]/gi;
const IMG_SRC = /<img\s+[^>]*src=(?:"(.*?)"|'(.*?)'|([\w-]+))[\s>]/gi;
const LANGUAGE = /^(da|de|en|fr|nl|sv|nb|es|it|pl)(-[A-Za-z]{2,4})?$/;
const ATOM_RELATIONS = new Set(['alternate', 'enclosure', 'related', 'self', 'via']);
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const htmlParser = unified().use(rehypeParse, { fragment: true });

/** Problems the W3C validator would report for an RSS 2.0 feed, as "Message: detail". */
export function rssProblems(xml: string, now = Date.now()): string[] {
  const problems: string[] = [];
  const root = parseXml(xml, problems);
  if (!root) return problems;
  checkDocument(xml, root, problems, 'rss');
  if (root.localName !== 'rss' || root.getAttribute('version') !== '2.0') problems.push('InvalidRSSVersion');
  const channel = children(root).find((e) => e.localName === 'channel');
  if (!channel) return [...problems, 'MissingChannel'];
  const elements = children(channel);
  for (const name of ['title', 'link', 'description']) if (!elements.some((e) => e.localName === name && !e.namespaceURI)) problems.push(`MissingElement: channel ${name}`);
  const firstItem = elements.findIndex((e) => e.localName === 'item');
  if (firstItem >= 0 && elements.slice(firstItem).some((e) => e.localName !== 'item')) problems.push('MisplacedItem: channel metadata after items');
  const self = elements.find((e) => e.namespaceURI === ATOM && e.localName === 'link' && e.getAttribute('rel') === 'self');
  if (!self) problems.push('MissingAtomSelfLink');
  for (const element of elements) {
    const text = element.textContent ?? '';
    if (element.namespaceURI === ATOM && element.localName === 'link') checkAtomLink(element, problems);
    else if (['title', 'description', 'copyright'].includes(element.localName) && !element.namespaceURI) checkPlainText(element.localName, text, problems, true);
    else if (element.localName === 'link' || element.localName === 'docs') checkFullUri(element.localName, text, problems);
    else if (element.localName === 'language' && !LANGUAGE.test(text)) problems.push(`InvalidLanguage: ${text}`);
    else if (element.localName === 'managingEditor' || element.localName === 'webMaster') checkEmailWithName(element.localName, text, problems);
    else if (element.localName === 'lastBuildDate' || element.localName === 'pubDate') checkRfc822(element.localName, text, problems, now);
  }
  const guids = new Set<string>();
  for (const item of elements.filter((e) => e.localName === 'item')) {
    const parts = children(item);
    const names = parts.map((e) => (e.namespaceURI ? `${KNOWN_NAMESPACES[e.namespaceURI]}:${e.localName}` : e.localName));
    for (const single of ['title', 'link', 'description', 'guid', 'pubDate', 'content:encoded']) {
      if (names.filter((n) => n === single).length > 1) problems.push(`DuplicateElement: item ${single}`);
    }
    if (names.filter((n) => n === 'enclosure').length > 1) problems.push('DuplicateEnclosure');
    if (!names.includes('title') && !names.includes('description')) problems.push('ItemMustContainTitleOrDescription');
    if (!names.includes('guid')) problems.push('MissingGuid');
    const content = names.indexOf('content:encoded');
    if (content >= 0 && !names.slice(0, content).includes('description')) problems.push('NeedDescriptionBeforeContent');
    for (const part of parts) {
      const name = part.namespaceURI ? `${KNOWN_NAMESPACES[part.namespaceURI]}:${part.localName}` : part.localName;
      const text = part.textContent ?? '';
      switch (name) {
        case 'title':
        case 'category':
          checkPlainText(name, text, problems, true);
          break;
        case 'link':
          checkFullUri('link', text, problems);
          break;
        case 'description':
        case 'content:encoded':
          checkSafeHtml(name, text, problems);
          break;
        case 'guid': {
          const permalink = part.getAttribute('isPermaLink');
          if (permalink !== null && permalink !== 'true' && permalink !== 'false') problems.push('InvalidBooleanAttribute: isPermaLink');
          if (permalink !== 'false') {
            checkFullUri('guid', text, problems);
            if (/^(tag:|urn:uuid:)/i.test(text)) problems.push('InvalidPermalink');
          }
          if (guids.has(text)) problems.push(`DuplicateValue: guid ${text}`);
          guids.add(text);
          break;
        }
        case 'pubDate':
          checkRfc822('pubDate', text, problems, now);
          break;
        case 'enclosure': {
          const length = part.getAttribute('length');
          if (length === null || !/^\d+$/.test(length)) problems.push(`InvalidIntegerAttribute: enclosure length ${length}`);
          const type = part.getAttribute('type');
          if (type === null || !MIME.test(type)) problems.push(`InvalidMIMEAttribute: enclosure type ${type}`);
          const url = part.getAttribute('url') ?? '';
          if (!HTTP_URL.test(url) || !FULL_URI.test(url)) problems.push(`InvalidURLAttribute: enclosure url ${url}`);
          break;
        }
        case 'atom:link':
          checkAtomLink(part, problems);
          break;
        case 'dc:creator':
          break;
        default:
          problems.push(`UndefinedElement: item ${name}`);
      }
      checkAttributes(part, name, problems);
    }
  }
  return problems;
}

/** Problems the W3C validator would report for an Atom 1.0 feed. */
export function atomProblems(xml: string, now = Date.now()): string[] {
  const problems: string[] = [];
  const root = parseXml(xml, problems);
  if (!root) return problems;
  checkDocument(xml, root, problems, 'atom');
  if (root.namespaceURI !== ATOM || root.localName !== 'feed') return [...problems, 'not an Atom feed'];
  const elements = children(root);
  for (const name of ['title', 'id', 'updated']) if (!elements.some((e) => e.localName === name)) problems.push(`MissingElement: feed ${name}`);
  const firstEntry = elements.findIndex((e) => e.localName === 'entry');
  if (firstEntry >= 0 && elements.slice(firstEntry).some((e) => e.localName !== 'entry')) problems.push('MisplacedMetadata');
  const links = elements.filter((e) => e.localName === 'link');
  if (!links.some((link) => link.getAttribute('rel') === 'self')) problems.push('MissingSelf');
  checkUniqueAlternates('feed', links, problems);
  const feedAuthor = elements.some((e) => e.localName === 'author');
  const ids = new Set<string>();
  const updates = new Set<string>();
  for (const element of elements) {
    const text = element.textContent ?? '';
    if (element.localName === 'id') checkCanonicalUri('id', text, problems);
    if (element.localName === 'updated') checkRfc3339('updated', text, problems, now);
    if (element.localName === 'link') checkAtomLink(element, problems);
    if (element.localName === 'title' || element.localName === 'subtitle') checkPlainText(element.localName, text, problems, false);
    if (element.localName === 'author') checkAtomPerson(element, problems);
    if (element.localName !== 'entry') continue;
    const parts = children(element);
    for (const name of ['title', 'id', 'updated']) if (!parts.some((e) => e.localName === name)) problems.push(`MissingElement: entry ${name}`);
    if (!feedAuthor && !parts.some((e) => e.localName === 'author')) problems.push('MissingElement: entry author');
    checkUniqueAlternates('entry', parts.filter((e) => e.localName === 'link'), problems);
    for (const part of parts) {
      const value = part.textContent ?? '';
      switch (part.localName) {
        case 'id':
          checkCanonicalUri('entry id', value, problems);
          if (ids.has(value)) problems.push(`DuplicateEntries: ${value}`);
          ids.add(value);
          break;
        case 'updated':
          checkRfc3339('updated', value, problems, now);
          if (updates.has(value)) problems.push(`DuplicateUpdated: ${value}`);
          updates.add(value);
          break;
        case 'published':
          checkRfc3339('published', value, problems, now);
          break;
        case 'title':
        case 'summary':
          if ((part.getAttribute('type') ?? 'text') !== 'text') problems.push(`unexpected ${part.localName} type`);
          checkPlainText(part.localName, value, problems, false);
          if (value.trim() === '') problems.push(`NotBlank: ${part.localName}`);
          break;
        case 'content':
          if (part.getAttribute('type') !== 'html') problems.push('content is not type="html"');
          checkSafeHtml('content', value, problems);
          break;
        case 'link':
          checkAtomLink(part, problems);
          break;
        case 'author':
          checkAtomPerson(part, problems);
          break;
        case 'category':
          if (!part.getAttribute('term')) problems.push('MissingAttribute: category term');
          break;
        default:
          problems.push(`UndefinedElement: entry ${part.localName}`);
      }
    }
  }
  return problems;
}

/** The validator's safeHtml check: safe elements and attributes only, no relative URL references. */
export function htmlProblems(element: string, html: string): string[] {
  const problems: string[] = [];
  checkSafeHtml(element, html, problems);
  return problems;
}

function parseXml(xml: string, problems: string[]): XmlElement | undefined {
  try {
    return parseXmlElement(xml);
  } catch (error) {
    problems.push(`SAXError: ${(error as Error).message}`);
    return undefined;
  }
}

function checkDocument(xml: string, root: XmlElement, problems: string[], kind: 'rss' | 'atom'): void {
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) problems.push('MissingEncoding or BadXmlVersion');
  if (/[\u0080-\u009F\uFFFD]/.test(xml)) problems.push('BadCharacters');
  for (const attribute of [...root.attributes]) {
    if (attribute.prefix !== 'xmlns') continue;
    const expected = KNOWN_NAMESPACES[attribute.value];
    if (!expected) problems.push(`UnknownNamespace: ${attribute.value}`);
    else if (expected !== attribute.localName) problems.push(`NonstdPrefix: ${attribute.localName}`);
    if (kind === 'atom' && attribute.localName === 'atom') problems.push('AvoidNamespacePrefix: atom');
  }
}

function checkAttributes(element: XmlElement, name: string, problems: string[]): void {
  const allowed: Record<string, string[]> = {
    guid: ['isPermaLink'],
    enclosure: ['url', 'length', 'type'],
    category: ['domain'],
    'atom:link': ['rel', 'type', 'href', 'hreflang', 'title', 'length'],
  };
  for (const attribute of [...element.attributes]) {
    if (!(allowed[name] ?? []).includes(attribute.name)) problems.push(`UnexpectedAttribute: ${attribute.name} on ${name}`);
  }
}

function checkPlainText(element: string, value: string, problems: string[], rss: boolean): void {
  const tags = [...value.matchAll(HTML_END_TAG)].map((m) => m[1]!.toLowerCase()).filter((tag) => KNOWN_HTML_TAGS.has(tag));
  if (tags.length > 0) problems.push(`ContainsHTML: ${element} </${tags[0]}>`);
  else if (/&(#\w+|amp|lt|gt|quot|apos|nbsp)\b/.test(value)) problems.push(`ContainsHTML: ${element} entity`);
  else if (rss && /&#[x0-9]|<[/a-zA-Z]/.test(value)) problems.push(`CharacterData: ${element}`);
  if (value.trim() === '') problems.push(`NotBlank: ${element}`);
}

function checkFullUri(element: string, value: string, problems: string[]): void {
  if (!FULL_URI.test(value)) problems.push(`InvalidFullLink: ${element} ${value}`);
  else if (/^https?:/i.test(value) && !/^\w+:\/\/[^/]/.test(value)) problems.push(`InvalidFullLink: ${element} ${value}`);
}

function checkCanonicalUri(element: string, value: string, problems: string[]): void {
  checkFullUri(element, value, problems);
  try {
    if (new URL(value).href !== value) problems.push(`NonCanonicalURI: ${value}`);
  } catch {
    problems.push(`InvalidURI: ${value}`);
  }
}

function checkEmailWithName(element: string, value: string, problems: string[]): void {
  if (!value.endsWith(')')) problems.push(`MissingRealName: ${element}`);
  else if (!/^[A-Z0-9_\-+.']+@(([A-Z0-9-]+\.)+)[A-Z0-9][-A-Z0-9]* \(.+\)$/i.test(value)) problems.push(`InvalidContact: ${element}`);
}

function checkRfc822(element: string, value: string, problems: string[], now: number): void {
  if (!RFC2822.test(value)) {
    problems.push(`InvalidRFC2822Date: ${element} ${value}`);
    return;
  }
  const instant = Date.parse(value);
  const offset = /([+-])(\d\d)(\d\d)$/.exec(value);
  const local = new Date(instant + (offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000 : 0));
  if (value.includes(',') && DAY_NAMES[local.getUTCDay()] !== value.slice(0, 3)) problems.push(`IncorrectDOW: ${value}`);
  if (local.getUTCFullYear() < 1990 || instant > now + 600_000) problems.push(`ImplausibleDate: ${value}`);
}

function checkRfc3339(element: string, value: string, problems: string[], now: number): void {
  if (!RFC3339.test(value)) problems.push(`InvalidRFC3339Date: ${element} ${value}`);
  else if (value < '1990-01-01' || Date.parse(value) > now + 600_000) problems.push(`ImplausibleDate: ${value}`);
}

/** A link's relation, with the IANA registry's IRI prefix removed as the validator does (RFC 4287, 4.2.7.2). */
function relation(link: XmlElement): string {
  const rel = link.getAttribute('rel') ?? 'alternate';
  return rel.startsWith(IANA_RELATION) ? rel.slice(IANA_RELATION.length) : rel;
}
const IANA_RELATION = 'http://www.iana.org/assignments/relation/';

function checkAtomLink(link: XmlElement, problems: string[]): void {
  const rel = relation(link);
  if (!ATOM_RELATIONS.has(rel)) problems.push(`UnregisteredAtomLinkRel: ${rel}`);
  const href = link.getAttribute('href');
  if (href === null) problems.push('MissingHref');
  else checkFullUri('link href', href, problems);
  const type = link.getAttribute('type');
  if (type !== null && !MIME.test(type)) problems.push(`InvalidMIMEType: ${type}`);
  if (rel === 'self' && type !== null && !['application/atom+xml', 'application/rss+xml', 'application/rdf+xml'].includes(type)) problems.push('SelfNotAtom');
  const hreflang = link.getAttribute('hreflang');
  if (hreflang !== null && !LANGUAGE.test(hreflang)) problems.push(`InvalidLanguage: ${hreflang}`);
  const length = link.getAttribute('length');
  if (length !== null && !/^\d+$/.test(length)) problems.push(`InvalidNonNegativeInteger: length ${length}`);
  if ((link.textContent ?? '').trim() !== '') problems.push('AtomLinkNotEmpty');
}

function checkUniqueAlternates(parent: string, links: XmlElement[], problems: string[]): void {
  const seen = new Set<string>();
  for (const link of links) {
    if (relation(link) !== 'alternate') continue;
    const key = `${link.getAttribute('type') ?? ''}|${link.getAttribute('hreflang') ?? ''}`;
    if (seen.has(key)) problems.push(`DuplicateAtomLink: ${parent} ${key}`);
    seen.add(key);
  }
}

function checkAtomPerson(person: XmlElement, problems: string[]): void {
  const parts = children(person);
  if (!parts.some((e) => e.localName === 'name')) problems.push('MissingElement: author name');
  for (const part of parts) {
    if (part.localName === 'email' && !/^[A-Z0-9_\-+.']+@(([A-Z0-9-]+\.)+)[A-Z0-9][-A-Z0-9]*$/i.test(part.textContent ?? '')) problems.push('InvalidAddrSpec');
    if (part.localName === 'uri') checkFullUri('uri', part.textContent ?? '', problems);
  }
}

function checkSafeHtml(element: string, html: string, problems: string[]): void {
  if (/<\?import /i.test(html)) problems.push(`SecurityRisk: ${element} ?import`);
  const tree = htmlParser.parse(html) as HastRoot;
  visit(tree, 'element', (node: HastElement) => {
    const tag = node.tagName.toLowerCase();
    if (!ACCEPTABLE_ELEMENTS.has(tag)) problems.push(`SecurityRisk: ${element} should not contain ${tag} tag`);
  });
  // Attribute names as written (hast renames them), from the raw HTML.
  for (const match of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g)) {
    for (const attribute of match[2]!.matchAll(/\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)) {
      const name = attribute[1]!.toLowerCase();
      if (name === 'style') problems.push(`DangerousStyleAttr: ${element}`);
      else if (!ACCEPTABLE_ATTRIBUTES.has(name) && !name.startsWith('data-')) problems.push(`SecurityRiskAttr: ${element} should not contain ${name} attribute`);
    }
  }
  for (const pattern of [ANCHOR_HREF, IMG_SRC]) {
    for (const match of html.matchAll(pattern)) {
      const reference = decodeEntities(match[1] ?? match[2] ?? match[3] ?? '').trim();
      if (!/^\w+:/.test(reference)) problems.push(`ContainsRelRef: ${element} ${reference}`);
    }
  }
}

function decodeEntities(value: string): string {
  return value.replace(/&#x([\da-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function children(element: XmlElement): XmlElement[] {
  return childElements(element);
}
