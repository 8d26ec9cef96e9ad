import { readFileSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Nodes, Root } from 'mdast';
import { writeInFolder } from './cache.js';

/**
 * The parsed German mdast of a release, kept in the build cache next to its analysis, so that a
 * build after extract (or after a build that changed only translations) renders without parsing
 * Markdown again. Parsing is the most expensive step of a cold run; reading a tree back with
 * V8's serializer takes about 1/30 of the parse.
 *
 * V8's format instead of JSON: it is faster both ways for object graphs like mdast, and the
 * record is private to this Presslate build (the namespace includes the build id; a record of
 * another Node version that does not deserialize is ignored like any damaged record).
 */
const FORMAT = 1;

/** Path of the tree record under `key` in a namespace folder. */
function treeFile(folder: string, key: string): string {
  return join(folder, 'tree', key.slice(0, 2), `${key}.bin`);
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

/** Stores a tree (compacting its positions in place); errors are swallowed, as for every record. */
export function writeTree(folder: string, key: string, tree: Root): void {
  const path = treeFile(folder, key);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    compactPositions(tree);
    writeInFolder(temporary, serialize({ format: FORMAT, key, tree }));
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** The tree stored under `key`, or undefined (missing, damaged, another key or format). */
export function readTree(folder: string, key: string): Root | undefined {
  try {
    const record = deserialize(readFileSync(treeFile(folder, key))) as { format?: unknown; key?: unknown; tree?: Root };
    return record?.format === FORMAT && record.key === key && record.tree?.type === 'root' ? record.tree : undefined;
  } catch {
    return undefined;
  }
}
