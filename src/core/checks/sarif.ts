/**
 * SARIF 2.1.0 output of diagnostics, for code-scanning annotations (GitHub `upload-sarif`, GitLab,
 * Azure DevOps): one run, one rule per code, one result per diagnostic with file, line and column.
 */
import type { Diagnostic, Severity } from '../diagnostic.js';
import { hashText } from '../hash.js';
import type { RuleInfo } from './types.js';

/** The SARIF log as plain JSON data. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] } };
  results: SarifResult[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: SarifLevel };
}

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } } }[];
  partialFingerprints: Record<string, string>;
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * Converts diagnostics to a SARIF 2.1.0 log. `rules` documents the known codes; a code without a
 * rule (a locale file that does not parse, say) gets a rule made from its first diagnostic. Paths
 * stay project-relative, as code scanning expects; the fingerprint (code, file, key, language,
 * message) keeps an alert the same when lines above it move.
 */
export function toSarif(diagnostics: readonly Diagnostic[], rules: readonly RuleInfo[], tool: { name: string; version: string; informationUri?: string }): SarifLog {
  const sarifRules: SarifRule[] = [];
  const index = new Map<string, number>();
  const ruleFor = (d: Diagnostic): number => {
    const known = index.get(d.code);
    if (known !== undefined) return known;
    const info = rules.find((rule) => rule.code === d.code);
    sarifRules.push({
      id: d.code,
      name: ruleName(d.code),
      shortDescription: { text: info?.summary ?? d.message },
      help: { text: info?.help ?? d.hint ?? d.message },
      defaultConfiguration: { level: LEVEL[info?.severity ?? d.severity] },
    });
    index.set(d.code, sarifRules.length - 1);
    return sarifRules.length - 1;
  };
  for (const rule of rules) {
    ruleFor({ code: rule.code, severity: rule.severity, file: '', message: rule.summary });
  }
  const results = diagnostics.map((d): SarifResult => {
    const location: SarifResult['locations'][number] = { physicalLocation: { artifactLocation: { uri: uriReference(d.file) } } };
    if (d.line !== undefined) {
      location.physicalLocation.region = d.column !== undefined ? { startLine: d.line, startColumn: d.column } : { startLine: d.line };
    }
    return {
      ruleId: d.code,
      ruleIndex: ruleFor(d),
      level: LEVEL[d.severity],
      message: { text: d.hint ? `${d.message}. ${capitalize(d.hint)}.` : d.message },
      locations: [location],
      partialFingerprints: { 'presslate/v1': hashText([d.code, d.file, d.key ?? '', d.lng ?? '', d.message].join('\u0000'), 32) },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { ...tool, rules: sarifRules } }, results }],
  };
}

/** NUMBER_MISMATCH → NumberMismatch: SARIF rule names are PascalCase identifiers. */
function ruleName(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A project-relative path as the relative URI reference SARIF's `artifactLocation.uri` must be:
 * each segment percent-encoded, so a space, `#` or `%` in a file name does not make the URI invalid
 * or cut it at a fragment (`Kopie von 2018#1.yaml` → `Kopie%20von%202018%231.yaml`).
 */
function uriReference(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
