import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { printableCspDirectives } from './csp.ts';

const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;

describe('printable pages', () => {
  it('allow exactly their own style elements by hash, never inline styles in general', () => {
    const html = '<html><head><style>body{margin:2cm}</style><style>h1{color:#222}</style></head><body style="x"></body></html>';
    expect(printableCspDirectives(false, html)['style-src']).toEqual(["'self'", hashOf('body{margin:2cm}'), hashOf('h1{color:#222}')]);
  });

  it('allow no more than the base policy when the page has no style element', () => {
    expect(printableCspDirectives(true, '<p>plain</p>')['style-src']).toEqual(["'self'"]);
  });
});
