import { hash } from 'node:crypto';

/** Hex SHA-256 of a string: content keys for segments and the build cache. Pure computation. */
export function hashText(text: string, length = 64): string {
  // crypto.hash: one call, no Hash object (createHash cost more than the hashing for segment texts).
  return hash('sha256', text, 'hex').slice(0, length);
}
