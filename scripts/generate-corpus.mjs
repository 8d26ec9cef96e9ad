#!/usr/bin/env node
// Writes a synthetic press archive for benchmarks and scale tests: N German releases with front
// matter (varied prose, headings, lists, links, emphasis, images, tables, quotes, recurring
// boilerplate) and fully reviewed locale files for every target language (pseudo-translations that
// keep every tag). Deterministic: the same --n and --seed give byte-identical files.
//
//   node scripts/generate-corpus.mjs --n 1000 [--seed 1] [--out bench-corpus/n1000] [--no-locales]
//
// The locale files are made by the real tool: `presslate extract` creates them (so segment keys
// are exactly Presslate's), then this script fills every entry with a pseudo-translation and sets
// `status: reviewed`. That needs the compiled CLI (lib/, `npm run compile`).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = fileURLToPath(new URL('..', import.meta.url));
export const TARGET_LANGUAGES = ['da', 'en', 'nl', 'fr'];

/** mulberry32: a small, fast, seedable PRNG (Math.random cannot be seeded). */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

// --- Vocabulary ------------------------------------------------------------------------------

const CITIES = ['Braunschweig', 'Wolfsburg', 'Salzgitter', 'Goslar', 'Helmstedt', 'Peine', 'Wolfenbüttel', 'Gifhorn', 'Hannover', 'Magdeburg', 'Göttingen', 'Hildesheim', 'Celle', 'Bad Harzburg', 'Königslutter'];
const ORGS = [
  ['Allianz für die Region GmbH', 'https://www.allianz-fuer-die-region.de'],
  ['Ostfalia Hochschule für angewandte Wissenschaften', 'https://www.ostfalia.de'],
  ['Technische Universität Braunschweig', 'https://www.tu-braunschweig.de'],
  ['Industrie- und Handelskammer Braunschweig', 'https://www.braunschweig.ihk.de'],
  ['Handwerkskammer Braunschweig-Lüneburg-Stade', 'https://www.hwk-bls.de'],
  ['Amt für regionale Landesentwicklung Braunschweig', 'https://www.arl-bs.niedersachsen.de'],
  ['Wirtschaftsförderung der Stadt Wolfsburg', 'https://www.wolfsburg.de'],
  ['Agentur für Arbeit Braunschweig-Goslar', 'https://www.arbeitsagentur.de'],
  ['Projektgesellschaft Region 38', 'https://www.region38.example.org'],
  ['Verein Netzwerk Mittelstand e. V.', 'https://www.netzwerk-mittelstand.example.org'],
];
const PEOPLE = [
  ['Dr. Anna Lehmann', 'Geschäftsführerin der Allianz für die Region'],
  ['Prof. Dr. Gerd Bikker', 'Vizepräsident der Ostfalia Hochschule'],
  ['Matthias Wunderling-Weilbier', 'Landesbeauftragter für regionale Landesentwicklung'],
  ['Andrea Wiencke', 'Projektleiterin'],
  ['Oliver Syring', 'Fachbereichsleiter Wirtschaft'],
  ['Jörg Schäfer', 'Oberbürgermeister'],
  ['Sabine Krüger', 'Leiterin des Gründerzentrums'],
  ['Tobias Weiß', 'Sprecher der Initiative'],
  ['Dr. Katrin Müller-Böhm', 'Vorstandsvorsitzende des Netzwerks'],
  ['Hans-Peter Großmann', 'Präsident der Handwerkskammer'],
];
const TOPICS = [
  ['Digitalisierung', 'digitalen Wandel', 'Digitalisierung im Mittelstand'],
  ['Fachkräftesicherung', 'Fachkräftemangel', 'Gewinnung von Fachkräften'],
  ['Elektromobilität', 'Ladeinfrastruktur', 'Mobilität der Zukunft'],
  ['Gesundheitswirtschaft', 'Versorgung im ländlichen Raum', 'digitale Gesundheitsangebote'],
  ['Tourismus', 'Naherholung im Harz', 'nachhaltigen Tourismus'],
  ['Energiewende', 'erneuerbare Energien', 'Wasserstoffwirtschaft'],
  ['Bildung', 'berufliche Weiterbildung', 'lebenslanges Lernen'],
  ['Gründung', 'Start-ups', 'Gründungsförderung'],
  ['Breitbandausbau', 'Glasfasernetz', 'schnelles Internet'],
  ['Kultur', 'Kulturförderung', 'kulturelle Vielfalt'],
];
const FORMATS = ['Konferenz', 'Workshopreihe', 'Fachtagung', 'Informationsveranstaltung', 'Netzwerktreffen', 'Förderprogramm', 'Studie', 'Wettbewerb', 'Ausstellung', 'Pilotprojekt', 'Sprechstunde', 'Messe'];
const CATEGORIES = ['Nachrichten aus der Region', 'Wirtschaft', 'Wissenschaft', 'Veranstaltungen', 'Projekte', 'Förderung'];
const ADJECTIVES = ['zweitägige', 'internationale', 'regionale', 'erfolgreiche', 'neue', 'gemeinsame', 'digitale', 'öffentliche', 'kostenlose', 'praxisnahe'];
const NOUNS = ['Unternehmen', 'Kommunen', 'Hochschulen', 'Betriebe', 'Partner', 'Teilnehmende', 'Fachleute', 'Auszubildende', 'Gründerinnen und Gründer', 'Bürgerinnen und Bürger'];
const VERBS = ['diskutierten', 'erarbeiteten', 'stellten', 'präsentierten', 'entwickelten', 'tauschten sich aus über', 'berieten über', 'informierten sich über'];
const OBJECTS = ['konkrete Handlungsempfehlungen', 'erste Ergebnisse', 'neue Förderinstrumente', 'gute Beispiele aus der Praxis', 'gemeinsame Ziele für die nächsten Jahre', 'die Chancen und Risiken', 'einen Leitfaden für kleine Betriebe', 'die Auswertung einer Umfrage'];
const CONNECTORS = ['Darüber hinaus', 'Außerdem', 'Zudem', 'Im Anschluss', 'Anschließend', 'Gleichzeitig', 'Vor allem', 'Nicht zuletzt'];
const NUMBERS = ['15', '20', '32', '48', '120', 'rund 200', 'mehr als 300', 'knapp 80', '2,5 Millionen Euro', '750.000 Euro'];
const WEEKDAYS = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag'];
const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];

// Boilerplate that recurs verbatim across releases, as real press offices' "about us" and contact blocks do.
const ABOUT = [
  'Die [Allianz für die Region GmbH](https://www.allianz-fuer-die-region.de) ist eine Gesellschaft der Landkreise, Städte und Unternehmen der Region Braunschweig-Wolfsburg. Sie arbeitet in den Handlungsfeldern Wirtschaft, Bildung, Gesundheit, Energie und Freizeit daran, die Region als attraktiven Lebens- und Wirtschaftsraum weiterzuentwickeln.',
  'Das Projekt „GrowIn 4.0“ wird im Rahmen des [Interreg-Nordseeprogramms](https://northsearegion.eu) aus dem Europäischen Fonds für regionale Entwicklung (EFRE) gefördert. 15 Partner aus fünf Ländern unterstützen kleine und mittlere Unternehmen auf ihrem Weg in die Digitalisierung.',
  'Die **Ostfalia Hochschule für angewandte Wissenschaften** bietet an vier Standorten mehr als 90 Studiengänge an. Mit rund 12.000 Studierenden gehört sie zu den größten Hochschulen für angewandte Wissenschaften in Niedersachsen.',
];
const CONTACT = [
  'Allianz für die Region GmbH\\\nFrankfurter Straße 284\\\n38122 Braunschweig\\\nTelefon: +49 531 121 8-0\\\nE-Mail: [presse@allianz-fuer-die-region.de](mailto:presse@allianz-fuer-die-region.de)',
  'Pressestelle der Ostfalia Hochschule\\\nSalzdahlumer Straße 46/48\\\n38302 Wolfenbüttel\\\nE-Mail: [presse@ostfalia.de](mailto:presse@ostfalia.de)',
];

// --- Prose -----------------------------------------------------------------------------------

function link(rng) {
  const [name, url] = rng.pick(ORGS);
  return `[${name}](${url})`;
}

function sentence(rng, topic) {
  const city = rng.pick(CITIES);
  const [person, role] = rng.pick(PEOPLE);
  const templates = [
    () => `${rng.pick(NUMBERS)} ${rng.pick(NOUNS)} aus ${city} und Umgebung ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} zum Thema ${topic[0]}.`,
    () => `Die ${rng.pick(ADJECTIVES)} ${rng.pick(FORMATS)} in ${city} zeigte, wie ${rng.pick(NOUNS)} den ${topic[1]} gestalten können.`,
    () => `„Wir wollen ${rng.pick(OBJECTS)} für den ${topic[1]} nutzen“, sagte ${person}, ${role}.`,
    () => `${rng.pick(CONNECTORS)} ${rng.pick(VERBS)} die ${rng.pick(NOUNS)} ${rng.pick(OBJECTS)}, die ${rng.chance(0.5) ? '*in den kommenden Monaten*' : 'bis Ende des Jahres'} umgesetzt werden sollen.`,
    () => `Mit dabei war auch die ${link(rng)}, die das Vorhaben seit ${2010 + rng.int(0, 12)} begleitet.`,
    () => `Ziel ist es, die ${topic[2]} in der Region ${rng.chance(0.3) ? '**nachhaltig**' : 'nachhaltig'} zu stärken und ${rng.pick(NOUNS)} besser zu vernetzen.`,
    () => `Am ${rng.pick(WEEKDAYS)}, ${rng.int(1, 28)}. ${rng.pick(MONTHS)}, trafen sich Vertreterinnen und Vertreter von ${rng.int(3, 25)} Organisationen in ${city}.`,
    () => `Insgesamt stehen ${rng.pick(NUMBERS)} für Projekte zur ${topic[2]} bereit; Anträge können ${rng.chance(0.5) ? 'ab sofort' : 'bis zum 30. Juni'} gestellt werden.`,
    () => `Weitere Informationen gibt es auf der Internetseite der ${link(rng)}.`,
    () => `Nach Angaben von ${person} haben sich bereits ${rng.int(10, 90)} Prozent der befragten Betriebe mit dem Thema ${topic[0]} beschäftigt.`,
    () => `Dabei geht es nicht nur um Technik, sondern auch um ${rng.pick(['Qualifikation', 'Geschäftsmodelle', 'Führung', 'Zusammenarbeit', 'Finanzierung'])} und ${rng.pick(['Datenschutz', 'Kommunikation', 'Beratung', 'Vernetzung', 'Kultur'])}.`,
    () => `Die Ergebnisse fließen in eine ${rng.pick(['Studie', 'Broschüre', 'Online-Plattform', 'Handreichung'])} ein, die ${rng.chance(0.5) ? 'im Herbst' : 'Anfang nächsten Jahres'} veröffentlicht wird.`,
  ];
  return rng.pick(templates)();
}

function paragraph(rng, topic, sentences = rng.int(2, 5)) {
  const parts = [];
  for (let i = 0; i < sentences; i++) parts.push(sentence(rng, topic));
  return parts.join(' ');
}

function heading(rng, topic) {
  return rng.pick([
    `${rng.pick(ADJECTIVES).replace(/^./, (c) => c.toUpperCase())} Impulse für die ${topic[2]}`,
    'Ergebnisse im Überblick',
    `${rng.pick(FORMATS)} in ${rng.pick(CITIES)}`,
    'Wie es weitergeht',
    `Stimmen aus ${rng.pick(['der Praxis', 'der Wissenschaft', 'den Kommunen', 'dem Handwerk'])}`,
    'Hintergrund',
    `Förderung für ${rng.pick(NOUNS)}`,
  ]);
}

function bulletList(rng, topic) {
  const count = rng.int(3, 5);
  const ordered = rng.chance(0.3);
  const items = [];
  for (let i = 0; i < count; i++) {
    const text = rng.chance(0.5) ? sentence(rng, topic) : `${rng.pick(OBJECTS).replace(/^./, (c) => c.toUpperCase())} für ${rng.pick(NOUNS)} in ${rng.pick(CITIES)}`;
    items.push(`${ordered ? `${i + 1}.` : '-'} ${text}`);
  }
  return items.join('\n');
}

function table(rng) {
  const rows = ['| Datum | Ort | Thema |', '| --- | --- | --- |'];
  for (let i = 0, count = rng.int(3, 5); i < count; i++) {
    rows.push(`| ${rng.int(1, 28)}. ${rng.pick(MONTHS)} | ${rng.pick(CITIES)} | ${rng.pick(FORMATS)} zur ${rng.pick(TOPICS)[2]} |`);
  }
  return rows.join('\n');
}

function image(rng, id, index) {
  const [person] = rng.pick(PEOPLE);
  const title = rng.chance(0.5) ? ` "${rng.pick(FORMATS)} in ${rng.pick(CITIES)}"` : '';
  return `![${person} im Gespräch mit ${rng.pick(NOUNS)} auf der ${rng.pick(FORMATS)}](images/${id}-${index}.jpg${title})`;
}

function quote(rng, topic) {
  const [person, role] = rng.pick(PEOPLE);
  return `> „${sentence(rng, topic).replace(/[„“]/g, '')} ${sentence(rng, topic).replace(/[„“]/g, '')}“\n> — ${person}, ${role}`;
}

function slugify(text) {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .split('-')
    .slice(0, 4)
    .join('-');
}

function yamlString(text) {
  return JSON.stringify(text); // JSON strings are YAML double-quoted scalars
}

/** One release: its id and Markdown text. `index` makes ids unique even on the same day. */
export function generateRelease(rng, index, count) {
  // Spread the archive over the years, oldest first, so ids sort by date.
  const start = Date.UTC(2008, 0, 1);
  const span = Date.UTC(2025, 11, 31) - start;
  const day = new Date(start + Math.floor((span * (index + rng.next() * 0.9)) / count));
  const date = day.toISOString().slice(0, 10);
  const topic = rng.pick(TOPICS);
  const format = rng.pick(FORMATS);
  const city = rng.pick(CITIES);
  const title = `${rng.pick(ADJECTIVES).replace(/^./, (c) => c.toUpperCase())} ${format} zur ${topic[2]} in ${city}`;
  const id = `${date}-${slugify(`${format} ${topic[0]} ${city}`)}-${index + 1}`;
  const front = [
    '---',
    `title: ${yamlString(title)}`,
    `date: ${date}`,
    `category: ${rng.pick(CATEGORIES)}`,
    `author: ${rng.pick(ORGS)[0]}`,
    `tags: [${[topic[0], format, city].join(', ')}]`,
    `summary: ${yamlString(paragraph(rng, topic, 2).replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/[*]/g, ''))}`,
  ];
  if (rng.chance(0.6)) {
    const [person] = rng.pick(PEOPLE);
    front.push(
      'image:',
      `  src: images/${id}.jpg`,
      `  alt: ${yamlString(`${person} spricht auf der ${format} in ${city} vor ${rng.pick(NOUNS)}.`)}`,
      `  caption: ${yamlString(`${person} (links) und Gäste bei der ${format} in ${city}.`)}`,
      `  credit: ${rng.pick(ORGS)[0]}/Foto`,
    );
  }
  front.push('---', '');
  const body = [];
  body.push(rng.chance(0.3) ? `**${paragraph(rng, topic, 2)}**` : paragraph(rng, topic, rng.int(3, 5)));
  const paragraphs = rng.int(6, 12);
  let images = 0;
  for (let i = 1; i < paragraphs; i++) {
    if (i % 3 === 1 && rng.chance(0.7)) body.push(`## ${heading(rng, topic)}`);
    const roll = rng.next();
    if (roll < 0.1) body.push(bulletList(rng, topic));
    else if (roll < 0.16) body.push(quote(rng, topic));
    else if (roll < 0.21) body.push(image(rng, id, ++images));
    else if (roll < 0.25) body.push(table(rng));
    body.push(paragraph(rng, topic));
  }
  body.push(`## Über ${rng.chance(0.5) ? 'die Allianz für die Region' : 'das Projekt'}`, rng.pick(ABOUT));
  body.push('## Pressekontakt', rng.pick(CONTACT));
  return { id, text: `${front.join('\n')}\n${body.join('\n\n')}\n` };
}

// --- Pseudo-translation -----------------------------------------------------------------------

// Vowel rotation per language: every word changes, lengths stay alike, tags and URLs are left alone.
const VOWELS = 'aeiouäöü';
const SHIFT = { da: 1, en: 2, nl: 3, fr: 4 };
const MARK = { da: 'å', en: 'y', nl: 'ij', fr: 'é' };

/** A deterministic stand-in for a translation of tagged text: same tags, different words. */
export function pseudoTranslate(tagged, lng) {
  const shift = SHIFT[lng] ?? 1;
  return tagged
    .split(/(<\/?\d+\/?>|&lt;)/)
    .map((piece, i) => {
      if (i % 2 === 1) return piece;
      return piece.replace(/[\p{L}]+/gu, (word) => {
        let out = '';
        for (const char of word) {
          const lower = char.toLowerCase();
          const at = VOWELS.indexOf(lower);
          if (at < 0) { out += char; continue; }
          const next = VOWELS[(at + shift) % 5];
          out += char === lower ? next : next.toUpperCase();
        }
        return out.length > 6 ? out.slice(0, 3) + MARK[lng] + out.slice(3) : out;
      });
    })
    .join('');
}

/**
 * Fills every entry of a locale file (as Presslate writes it) with a pseudo-translation and
 * `status: reviewed`. Line-based on purpose: parsing 4,000 YAML documents would dominate the
 * generator's run time, and the format is Presslate's own (one line per field, lineWidth 0).
 */
export function fillLocaleText(text, lng, sourceLanguage = 'de') {
  const lines = text.split('\n');
  const out = [];
  let source;
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\S/.test(line)) section = line.replace(/:.*$/, '');
    if (section !== 'segments') { out.push(line); continue; }
    if (line.startsWith(`    ${sourceLanguage}:`)) {
      source = readScalar(line.slice(sourceLanguage.length + 6));
      out.push(line);
    } else if (line.startsWith(`    ${lng}:`)) {
      out.push(`    ${lng}: ${yamlString(pseudoTranslate(source ?? '', lng))}`);
    } else if (line.startsWith('    status:')) {
      out.push('    status: reviewed');
    } else if (line.startsWith('    suggestion:') || line.startsWith('      ')) {
      // Translation-memory suggestions are dropped: the entry is reviewed now.
    } else {
      out.push(line);
    }
  }
  return out.join('\n');
}

function readScalar(text) {
  const value = text.trim();
  if (value.startsWith('"')) return JSON.parse(value);
  if (value.startsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  if (/^[|>]/.test(value)) throw new Error(`block scalar in a generated locale file: ${text}`);
  return value;
}

// --- Files -----------------------------------------------------------------------------------

export const CONFIG = `# Generated by scripts/generate-corpus.mjs
sourceLanguage: de
targetLanguages: [${TARGET_LANGUAGES.join(', ')}]
site:
  url: https://press.example.org/
  publisher: Allianz für die Region GmbH
  email: presse@allianz-fuer-die-region.de
timeZone: Europe/Berlin
translate: [title, summary, category, image.alt, image.caption]
publish:
  require: reviewed
feeds:
  limit: 50
  formats: [rss, atom, json]
`;

/**
 * Writes the corpus into `out` (emptied first). With `locales`, runs `presslate extract` and
 * fills the locale files; returns the release ids and the total size of the German sources.
 */
export function generateCorpus({ n, seed = 1, out, locales = true, log = () => {} }) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'releases'), { recursive: true });
  writeFileSync(join(out, 'presslate.config.yaml'), CONFIG);
  // UI strings (feed titles, date formats) as the sample project has them, for every language.
  for (const lng of ['de', ...TARGET_LANGUAGES]) {
    const common = join(REPO, 'locales', lng, 'common.yaml');
    if (!existsSync(common)) continue;
    mkdirSync(join(out, 'locales', lng), { recursive: true });
    copyFileSync(common, join(out, 'locales', lng, 'common.yaml'));
  }
  const rng = createRandom(seed);
  const ids = [];
  let bytes = 0;
  for (let index = 0; index < n; index++) {
    const { id, text } = generateRelease(rng, index, n);
    writeFileSync(join(out, 'releases', `${id}.md`), text);
    ids.push(id);
    bytes += Buffer.byteLength(text);
  }
  writeImages(out, ids, rng);
  log(`generate-corpus: ${n} releases, ${(bytes / 1e6).toFixed(2)} MB of German in ${out}`);
  if (locales) {
    const args = [...nodeOptionsOf('extract'), presslateBin(), 'extract', '--root', out];
    if (supportsNoCache()) args.push('--no-cache');
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    let files = 0;
    for (const lng of TARGET_LANGUAGES) {
      const folder = join(out, 'locales', lng);
      for (const name of readdirSync(folder)) {
        if (name === 'common.yaml') continue;
        const path = join(folder, name);
        writeFileSync(path, fillLocaleText(readFileSync(path, 'utf8'), lng));
        files++;
      }
    }
    log(`generate-corpus: ${files} locale files filled and reviewed`);
  }
  return { ids, bytes };
}

/**
 * Placeholder image files for every image the releases use (the build copies them to dist/ and
 * gives feeds their size). A few kilobytes each: the benchmark measures Presslate, not the disk.
 */
function writeImages(out, ids, rng) {
  const folder = join(out, 'images');
  mkdirSync(folder, { recursive: true });
  const used = new Set();
  for (const id of ids) {
    const text = readFileSync(join(out, 'releases', `${id}.md`), 'utf8');
    for (const match of text.matchAll(/images\/[\w.-]+\.jpg/g)) used.add(match[0]);
  }
  for (const path of [...used].sort()) {
    const bytes = Buffer.alloc(1024 + Math.floor(rng.next() * 3072));
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng.next() * 256);
    bytes.set([0xff, 0xd8, 0xff, 0xe0], 0); // JPEG start-of-image marker
    writeFileSync(join(out, path), bytes);
  }
}

/**
 * The Node options `npm run <command>` starts Presslate with (package.json's script), so that the
 * bench measures what a user runs: `--v8-pool-size=0` for extract, build and watch.
 */
export function nodeOptionsOf(command) {
  const script = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts?.[command] ?? '';
  const words = script.split(/\s+/);
  const bin = words.indexOf('bin/presslate.js');
  return words[0] === 'node' && bin > 0 ? words.slice(1, bin) : [];
}

/** The CLI to run: this checkout's, or PRESSLATE_BIN (a private build while lib/ is being rebuilt). */
export function presslateBin() {
  return process.env.PRESSLATE_BIN ? resolve(process.env.PRESSLATE_BIN) : join(REPO, 'bin/presslate.js');
}

function supportsNoCache() {
  const help = execFileSync(process.execPath, [presslateBin(), 'extract', '--help'], { encoding: 'utf8' });
  return help.includes('--no-cache');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      'no-locales': { type: 'boolean' },
    },
  });
  const n = Number(values.n);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`generate-corpus: --n must be a positive whole number, got ${values.n}\n`);
    process.exit(2);
  }
  const out = resolve(values.out ?? join(REPO, 'bench-corpus', `n${n}`));
  generateCorpus({ n, seed: Number(values.seed), out, locales: !values['no-locales'], log: (line) => process.stderr.write(`${line}\n`) });
}
