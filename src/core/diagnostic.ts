/**
 * Diagnostics: the one shape every content problem takes, from front matter to tags to feeds.
 * Collected, never thrown; the CLI prints them as
 * `releases/x.md:12:3 error TAG_MISSING <message> — hint: <hint>`.
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable code, listed in the README (e.g. `FRONT_MATTER_YAML`). */
  code: string;
  severity: Severity;
  /** Project-relative path with forward slashes. */
  file: string;
  /** 1-based line, when there is one. */
  line?: number;
  /** 1-based column, when there is one. */
  column?: number;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** Segment key, for locale-file diagnostics. */
  key?: string;
  /** Language, for locale-file diagnostics. */
  lng?: string;
}

/** Creates a diagnostic; a small helper so call sites read as one sentence. */
export function diagnostic(
  code: string,
  severity: Severity,
  file: string,
  message: string,
  extra: Partial<Pick<Diagnostic, 'line' | 'column' | 'hint' | 'key' | 'lng'>> = {},
): Diagnostic {
  const result: Diagnostic = { code, severity, file, message };
  if (extra.line !== undefined) result.line = extra.line;
  if (extra.column !== undefined) result.column = extra.column;
  if (extra.hint !== undefined) result.hint = extra.hint;
  if (extra.key !== undefined) result.key = extra.key;
  if (extra.lng !== undefined) result.lng = extra.lng;
  return result;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Formats one diagnostic on one line, as compilers do, so editors and CI logs link to it. */
export function formatDiagnostic(d: Diagnostic): string {
  let place = d.file;
  if (d.line !== undefined) place += `:${d.line}` + (d.column !== undefined ? `:${d.column}` : '');
  const hint = d.hint ? ` — hint: ${oneLine(d.hint)}` : '';
  return `${place} ${d.severity} ${d.code} ${oneLine(d.message)}${hint}`;
}

/**
 * A message on one line: messages quote what the user wrote, and a value over several lines
 * (`date: |` with two lines) split the diagnostic, leaving its hint on a line of its own that no
 * `file:line` reader (editors, CI annotations) relates to it. Line breaks are shown as `\n`.
 */
function oneLine(text: string): string {
  return /[\n\r\u2028\u2029]/.test(text) ? text.replace(/\r\n|[\n\r\u2028\u2029]/g, '\\n') : text;
}

/** Sorts diagnostics by file, line, column, code: output order must not depend on scheduling. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

/** Code-point comparison, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
