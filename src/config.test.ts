import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  CONFIANCE_DATA_DIR: path.join(mkdtempSync(path.join(tmpdir(), 'confiance-config-')), 'data'),
  CONFIANCE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  ...extra,
});

describe('the scan-only switch that lifts rate limits', () => {
  it('is off unless asked, on for a loopback http scratch server', () => {
    expect(loadConfig(env({})).rateLimitsLifted).toBe(false);
    expect(loadConfig(env({ CONFIANCE_SCAN_LIFT_RATE_LIMITS: 'no' })).rateLimitsLifted).toBe(false);
    expect(loadConfig(env({ CONFIANCE_SCAN_LIFT_RATE_LIMITS: 'yes', HOST: '127.0.0.1' })).rateLimitsLifted).toBe(true);
    expect(loadConfig(env({ CONFIANCE_SCAN_LIFT_RATE_LIMITS: 'yes' })).rateLimitsLifted).toBe(true);
  });

  it('is refused in production, on a reachable listener, behind https, or with an unclear value', () => {
    expect(() => loadConfig(env({ CONFIANCE_SCAN_LIFT_RATE_LIMITS: 'yes', NODE_ENV: 'production' }))).toThrow(/refused with NODE_ENV=production/);
    expect(() => loadConfig(env({ CONFIANCE_SCAN_LIFT_RATE_LIMITS: 'yes', HOST: '0.0.0.0' }))).toThrow(/HOST is loopback/);
    expect(() => loadConfig(env({ CONFIANCE_SCAN_LIFT_RATE_LIMITS: 'yes', PUBLIC_URL: 'https://crm.example.test' }))).toThrow(/PUBLIC_URL is http/);
    expect(() => loadConfig(env({ CONFIANCE_SCAN_LIFT_RATE_LIMITS: 'true' }))).toThrow(/must be "yes" or "no"/);
  });
});
