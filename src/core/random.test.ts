import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from './random.ts';

describe('pooledRandomBytes', () => {
  it('hands out each slice once, of the size asked, across pool refills', () => {
    const seen = new Set<string>();
    // 3,000 draws of 12 bytes cross two refills of the 16 KiB pool.
    for (let i = 0; i < 3000; i += 1) {
      const bytes = pooledRandomBytes(12);
      expect(bytes).toHaveLength(12);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(3000);
  });

  it('gives callers their own copy, and serves large sizes directly', () => {
    const a = pooledRandomBytes(32);
    const copy = Buffer.from(a);
    pooledRandomBytes(32);
    expect(a.equals(copy)).toBe(true);
    expect(pooledRandomBytes(4096)).toHaveLength(4096);
  });

  it('looks uniform: every byte value shows up in 64 KiB', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 2048; i += 1) for (const b of pooledRandomBytes(32)) counts[b] = (counts[b] ?? 0) + 1;
    expect(Math.min(...counts)).toBeGreaterThan(128);
  });
});
