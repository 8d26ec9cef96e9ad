/**
 * README.md against the code: the Error codes table, each command's usage line and options, the
 * configuration keys and the check names. Communications staff, translators and CI maintainers
 * work from README; a code, an option or a key it does not list (or lists and nothing has) is a
 * promise broken either way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COMMANDS } from '../src/cli/main.js';
import { CHECKS, CHECK_RULES } from '../src/core/checks/registry.js';
import { parseConfig } from '../src/core/config.js';
import { REPO } from './helpers/project.js';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');

/** The text of README from the heading `start` to the next heading of the same or a higher level. */
function section(start: string): string {
  const begin = README.indexOf(`\n${start}\n`);
  expect(begin, `README has the heading ${start}`).toBeGreaterThanOrEqual(0);
  const level = start.match(/^#+/)![0].length;
  const rest = README.slice(begin + start.length + 2);
  const end = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return end < 0 ? rest : rest.slice(0, end);
}

/** Every TypeScript file under src/, read. */
function sources(): string {
  const texts: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(REPO, 'src'));
  return texts.join('\n');
}

describe('README: Error codes', () => {
  const table = new Map([...section('### Error codes').matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| (error|warning) \|/gm)].map((m) => [m[1]!, m[2]!]));

  test('lists every code the source reports, with its severity, and no code nothing reports', () => {
    const text = sources();
    const emitted = new Map<string, Set<string>>();
    const add = (code: string, severity?: string): void => {
      const severities = emitted.get(code) ?? new Set<string>();
      if (severity) severities.add(severity);
      emitted.set(code, severities);
    };
    // diagnostic('CODE', 'error', …), refuse(unit, 'warning', 'CODE', …), { code: 'CODE', … }
    for (const m of text.matchAll(/\bdiagnostic\(\s*'([A-Z][A-Z0-9_]+)',\s*'(error|warning)'/g)) add(m[1]!, m[2]!);
    for (const m of text.matchAll(/\bdiagnostic\(\s*'([A-Z][A-Z0-9_]+)'/g)) add(m[1]!);
    for (const m of text.matchAll(/\brefuse\(\s*\w+,\s*'(error|warning)',\s*'([A-Z][A-Z0-9_]+)'/g)) add(m[2]!, m[1]!);
    for (const m of text.matchAll(/\bcode: '([A-Z][A-Z0-9_]+)'/g)) add(m[1]!);
    // textsYamlTakes(…, { tag: 'CODE', comment: 'CODE' }): a tag is an error, a comment a warning.
    for (const m of text.matchAll(/\{ tag: '([A-Z][A-Z0-9_]+)', comment: '([A-Z][A-Z0-9_]+)' \}/g)) {
      add(m[1]!, 'error');
      add(m[2]!, 'warning');
    }
    for (const rule of CHECK_RULES) add(rule.code, rule.severity);
    expect(emitted.size).toBeGreaterThan(60);
    const missing = [...emitted.keys()].filter((code) => !table.has(code)).sort();
    expect(missing, 'codes the source reports that README does not list').toEqual([]);
    const unused = [...table.keys()].filter((code) => !emitted.has(code)).sort();
    expect(unused, 'README rows for codes nothing reports').toEqual([]);
    const severities = [...emitted].flatMap(([code, set]) => [...set].filter((severity) => severity !== table.get(code)).map((severity) => `${code}: ${severity} in the source, ${table.get(code)} in README`));
    expect(severities).toEqual([]);
  });

  test('names every check the way `check --list` does', () => {
    const names = section('#### `check` — `npm run check`').match(/Check names \(for `--only`\/`--skip`\): ([^.]+)\./)![1]!;
    expect([...names.matchAll(/`([a-z-]+)`/g)].map((m) => m[1])).toEqual(CHECKS.map((check) => check.name));
  });
});

describe('README: Commands', () => {
  test('has a section per command with its usage line and a row for each of its options', () => {
    for (const command of COMMANDS) {
      const heading = [...README.matchAll(/^#### `([a-z]+)` — .*$/gm)].find((m) => m[1] === command.name);
      expect(heading, `a section for ${command.name}`).toBeDefined();
      const text = section(heading![0]);
      expect(text, `${command.name}'s usage line`).toContain(`\n${command.usage}\n`);
      for (const [name, option] of Object.entries(command.options)) {
        if (name === 'help' || name === 'root') continue; // every command's, under Commands
        const pattern = option.type === 'string' ? new RegExp(`^\\| \`--${name} [^\`]+\``, 'm') : new RegExp(`^\\| \`--${name}\``, 'm');
        expect(text, `${command.name}: a row for --${name}`).toMatch(pattern);
        expect(command.usage, `${command.name}: --${name} in the usage line`).toContain(`--${name}`);
      }
    }
  });
});

describe('README: Configuration', () => {
  test('has a row for every key of presslate.config.yaml, with its default', () => {
    const table = section('### Configuration');
    const { config } = parseConfig('site:\n  url: https://example.org/press/\n');
    const rows = new Map([...table.matchAll(/^\| `([\w.]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]));
    const keys: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && path !== 'fallbacks') {
        for (const [key, child] of Object.entries(value)) walk(child, path === '' ? key : `${path}.${key}`);
      } else keys.push(path);
    };
    walk(config, '');
    for (const key of ['site.email']) keys.push(key); // optional, no default
    expect([...rows.keys()].sort()).toEqual([...new Set(keys)].sort());
    const defaults: Record<string, string> = {};
    for (const key of keys) {
      const value = key.split('.').reduce<unknown>((object, part) => (object as Record<string, unknown> | undefined)?.[part], config);
      if (value === undefined || key === 'site.url') continue;
      defaults[key] = Array.isArray(value) ? `\`[${value.join(', ')}]\`` : typeof value === 'object' ? '`{}`' : `\`${String(value)}\``;
    }
    for (const [key, text] of Object.entries(defaults)) expect(rows.get(key), `default of ${key}`).toBe(text);
  });
});
