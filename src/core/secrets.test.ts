import { describe, expect, it } from 'vitest';
import { secretsEqual } from './secrets.ts';

describe('secretsEqual', () => {
  it('is true only for identical secrets, whatever their encoding', () => {
    expect(secretsEqual('abc123', 'abc123')).toBe(true);
    expect(secretsEqual(Buffer.from('abc123'), 'abc123')).toBe(true);
    expect(secretsEqual('abc124', 'abc123')).toBe(false);
    expect(secretsEqual('abc12', 'abc123')).toBe(false);
    expect(secretsEqual('', 'abc123')).toBe(false);
    expect(secretsEqual('é', 'e')).toBe(false);
  });
});
