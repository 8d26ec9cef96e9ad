import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface SpecExample {
  number: number;
  section: string;
  markdown: string;
}

/** The 652 examples of CommonMark 0.31.2, tabs restored (the spec shows them as →). */
export function commonmarkExamples(): SpecExample[] {
  const spec = require('commonmark-spec') as { tests: { number: number; section: string; markdown: string }[] };
  return spec.tests.map((t) => ({ number: t.number, section: t.section, markdown: t.markdown.replace(/→/g, '\t') }));
}

/** GFM extension examples (tables, strikethrough, autolinks, task lists, footnotes), from the GFM spec. */
export const gfmExamples: SpecExample[] = [
  ['tables', '| foo | bar |\n| --- | --- |\n| baz | bim |\n'],
  ['tables', '| abc | defghi |\n:-: | -----------:\nbar | baz\n'],
  ['tables', '| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n'],
  ['tables', '| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n'],
  ['tables', '| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n'],
  ['tables', '| abc | def |\n| --- |\n| bar |\n'],
  ['tables', '| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n'],
  ['tables', '| abc | def |\n| --- | --- |\n'],
  ['strikethrough', '~~Hi~~ Hello, ~there~ world!\n'],
  ['strikethrough', 'This ~~has a\n\nnew paragraph~~.\n'],
  ['strikethrough', 'This will ~~~not~~~ strike.\n'],
  ['autolinks', 'www.commonmark.org\n'],
  ['autolinks', 'Visit www.commonmark.org/help for more information.\n'],
  ['autolinks', 'Visit www.commonmark.org.\n\nVisit www.commonmark.org/a.b.\n'],
  ['autolinks', 'www.google.com/search?q=Markup+(business)\n\nwww.google.com/search?q=Markup+(business)))\n\n(www.google.com/search?q=Markup+(business))\n\n(www.google.com/search?q=Markup+(business)\n'],
  ['autolinks', 'www.google.com/search?q=(business))+ok\n'],
  ['autolinks', 'www.google.com/search?q=commonmark&hl=en\n\nwww.google.com/search?q=commonmark&hl;\n'],
  ['autolinks', 'www.commonmark.org/he<lp\n'],
  ['autolinks', 'http://commonmark.org\n\n(Visit https://encrypted.google.com/search?q=Markup+(business))\n'],
  ['autolinks', 'foo@bar.baz\n'],
  ['autolinks', "hello@mail+xyz.example isn't valid, but hello+xyz@mail.example is.\n"],
  ['autolinks', 'a.b-c_d@a.b\n\na.b-c_d@a.b.\n\na.b-c_d@a.b-\n\na.b-c_d@a.b_\n'],
  ['autolinks', 'mailto:foo@bar.baz\n\nmailto:a.b-c_d@a.b\n\nmailto:a.b-c_d@a.b.\n\nmailto:a.b-c_d@a.b/\n\nmailto:a.b-c_d@a.b-\n\nmailto:a.b-c_d@a.b_\n\nxmpp:foo@bar.baz\n\nxmpp:foo@bar.baz.\n'],
  ['autolinks', 'xmpp:foo@bar.baz/txt\n\nxmpp:foo@bar.baz/txt@bin\n\nxmpp:foo@bar.baz/txt@bin.com\n'],
  ['task lists', '- [ ] foo\n- [x] bar\n'],
  ['task lists', '- [x] foo\n  - [ ] bar\n  - [x] baz\n- [ ] bim\n'],
  ['footnotes', 'Here is a simple footnote[^1]. With some additional text after it.\n\n[^1]: My reference.\n'],
  ['footnotes', 'Here is a footnote reference,[^1] and another.[^longnote]\n\n[^1]: Here is the footnote.\n\n[^longnote]: Here\'s one with multiple blocks.\n\n    Subsequent paragraphs are indented to show that they\nbelong to the previous footnote.\n\n        { some.code }\n\n    The whole paragraph can be indented, or just the first\n    line.  In this way, multi-paragraph footnotes work like\n    multi-paragraph list items.\n\nThis paragraph won\'t be part of the note, because it\nisn\'t indented.\n'],
  ['footnotes', 'A footnote with a *list*[^list].\n\n[^list]:\n    - one\n    - two\n      > quoted *text*\n'],
].map(([section, markdown], index) => ({ number: 10_001 + index, section: `GFM ${section}`, markdown: markdown! }));
