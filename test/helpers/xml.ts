import { XMLParser } from 'fast-xml-parser';

/**
 * A small read-only DOM over fast-xml-parser, for tests that look at feeds element by element.
 * (xmlbuilder2's parser decodes `&amp;lt;` twice, which would hide exactly the escaping these
 * tests check.) Entities are decoded once, as XML says; numeric character references are left as
 * they are, and the feeds Presslate writes contain none.
 */
export interface XmlAttribute {
  name: string;
  localName: string;
  prefix: string | null;
  value: string;
}

export interface XmlElement {
  nodeType: 1;
  name: string;
  localName: string;
  prefix: string | null;
  namespaceURI: string | null;
  attributes: XmlAttribute[];
  childNodes: XmlElement[];
  /** The text of the element and its descendants. */
  textContent: string;
  getAttribute(name: string): string | null;
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
});

/** Parses XML into elements; throws on malformed XML. */
export function parseXml(xml: string): XmlElement {
  const nodes = parser.parse(xml, true) as Ordered[];
  const root = nodes.map((node) => toElement(node, {})).find((element): element is XmlElement => element !== undefined);
  if (!root) throw new Error('no root element');
  return root;
}

/** The child elements of `element` with the given local name and namespace (any, when omitted). */
export function childElements(element: XmlElement, localName?: string, namespace?: string | null): XmlElement[] {
  return element.childNodes.filter(
    (child) => (localName === undefined || child.localName === localName) && (namespace === undefined || child.namespaceURI === namespace),
  );
}

function toElement(node: Ordered, scope: Record<string, string>): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text' && !key.startsWith('?'));
  if (name === undefined) return undefined;
  const raw = node[':@'] ?? {};
  const inner: Record<string, string> = { ...scope };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'xmlns') inner[''] = value;
    else if (key.startsWith('xmlns:')) inner[key.slice(6)] = value;
  }
  const [prefix, localName] = name.includes(':') ? (name.split(':', 2) as [string, string]) : [null, name];
  const attributes = Object.entries(raw).map(([key, value]) => {
    const [attributePrefix, attributeName] = key.includes(':') ? (key.split(':', 2) as [string, string]) : [null, key];
    return { name: key, localName: attributeName, prefix: attributePrefix, value };
  });
  const content = (node[name] as Ordered[]) ?? [];
  const childNodes: XmlElement[] = [];
  let text = '';
  for (const child of content) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const element = toElement(child, inner);
      if (element) {
        childNodes.push(element);
        text += element.textContent;
      }
    }
  }
  return {
    nodeType: 1,
    name,
    localName,
    prefix,
    namespaceURI: inner[prefix ?? ''] ?? null,
    attributes,
    childNodes,
    textContent: text,
    getAttribute: (attribute) => raw[attribute] ?? null,
  };
}
