import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Nodes, Root } from 'mdast';
import type { ReleaseAnalysis } from '../core/analyze-release.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { combineHash, contentHash } from './content-hash.js';
import { temporaryPath } from './record-file.js';
import { writeInFolder } from './write-in-folder.js';

/**
 * The analysis of a release together with its parsed German mdast: one record per source
 * version in the build cache, written by whichever command parses the source first (usually
 * extract) and read by the others, so that a build after extract renders without parsing
 * Markdown again. Parsing is the most expensive step of a cold run; reading a record back takes
 * about 1/30 of it.
 *
 * V8's serializer rather than JSON: faster to read for object graphs like mdast, and the record is
 * private to this Presslate build (the namespace includes the build id; a record another Node
 * version cannot read is ignored like any damaged record). One file rather than two: on a cold
 * run, creating files is a large part of writing the cache.
 */
const FORMAT = 3;
/** Length of the content hash (hex) that starts a record. */
const SUM_LENGTH = 32;

/** A release's analysis with its diagnostics, as cached. */
export interface CachedAnalysis {
  analysis?: ReleaseAnalysis;
  diagnostics: Diagnostic[];
}

function recordPath(folder: string, key: string): string {
  return join(folder, 'analysis', key.slice(0, 2), `${key}.bin`);
}

/**
 * Positions reduced to the start offset, which is all rendering reads (translate-tree.ts finds
 * blocks and inline nodes by offset): the record is a third the size. Changes `tree` in place.
 */
export function compactPositions(node: Nodes): void {
  const offset = node.position?.start.offset;
  if (offset === undefined) delete node.position;
  else node.position = { start: { offset } } as Nodes['position'] & object;
  if ('children' in node) for (const child of node.children as Nodes[]) compactPositions(child);
}

/**
 * The key of a release's analysis record: the cache namespace (Presslate's build and the
 * configuration), the release's path and the hash of its bytes. Extract, build, status and export
 * share the records under it.
 */
export function analysisKey(namespace: string, file: string, sourceHash: string): string {
  return combineHash(namespace, 'analysis', file, sourceHash);
}

/** Stores an analysis and its tree (compacting the tree's positions in place); errors are swallowed. */
export function writeAnalysisRecord(folder: string, key: string, value: CachedAnalysis, tree: Root | undefined): void {
  const path = recordPath(folder, key);
  const temporary = temporaryPath(path);
  try {
    if (tree) compactPositions(tree);
    const payload = serialize({ format: FORMAT, key, value, tree });
    // The hash of the serialized record first: changed bytes could still deserialize (other text).
    writeInFolder(temporary, [Buffer.from(contentHash(payload), 'latin1'), payload]);
    renameSync(temporary, path);
  } catch {
    // Removing it can fail the same way (ENOTDIR when `.presslate-cache` is a file): a cache that
    // cannot be written is no error, as in record-file.ts writeRecord.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing to clean up.
    }
  }
}

/** The record stored under `key`, or undefined (missing, damaged, another key or format). */
export function readAnalysisRecord(folder: string, key: string): (CachedAnalysis & { tree?: Root }) | undefined {
  try {
    const bytes = readFileSync(recordPath(folder, key));
    const payload = bytes.subarray(SUM_LENGTH);
    if (bytes.length < SUM_LENGTH || bytes.toString('latin1', 0, SUM_LENGTH) !== contentHash(payload)) return undefined;
    const record = deserialize(payload) as { format?: unknown; key?: unknown; value?: CachedAnalysis; tree?: Root };
    if (record?.format !== FORMAT || record.key !== key || !Array.isArray(record.value?.diagnostics)) return undefined;
    return record.tree?.type === 'root' ? { ...record.value, tree: record.tree } : record.value;
  } catch {
    return undefined;
  }
}
