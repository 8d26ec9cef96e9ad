import { createHash } from 'node:crypto';

/** Hex SHA-256 of a string: content keys for segments and the build cache. Pure computation. */
export function hashText(text: string, length = 64): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
