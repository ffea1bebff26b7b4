import { timingSafeEqual } from 'node:crypto';

/**
 * Compares a secret the client sent with the one we hold in constant time, so response timing
 * does not reveal how many leading characters were right. Only the length can leak, and every
 * secret compared here has a fixed length.
 */
export function secretsEqual(given: string | Buffer, expected: string | Buffer): boolean {
  const a = typeof given === 'string' ? Buffer.from(given) : given;
  const b = typeof expected === 'string' ? Buffer.from(expected) : expected;
  return a.length === b.length && timingSafeEqual(a, b);
}
