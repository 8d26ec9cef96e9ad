/**
 * The content hashes the build cache keys its records by, and `dist/`'s pages are compared by:
 * contentHash of a text or bytes, combineHash of several parts (a record's key is made of the
 * hashes of everything it was made from).
 */
import { hash } from 'node:crypto';

/** Hex SHA-256 of text or bytes, shortened: content keys (collisions are out of reach at 128 bits). */
export function contentHash(data: string | Uint8Array): string {
  // crypto.hash: one call, no Hash object (half the cost of createHash for the small texts of keys).
  return hash('sha256', data, 'hex').slice(0, 32);
}

/** Hash of several parts, unambiguous about where one part ends. */
export function combineHash(...parts: readonly (string | number | boolean | null | undefined)[]): string {
  // One update with the whole text: a hash update per part costs more than the hashing itself
  // when keys combine thousands of parts.
  let text = '';
  for (const part of parts) {
    const value = String(part);
    text += `${value.length}:${value};`;
  }
  return hash('sha256', text, 'hex').slice(0, 32);
}
