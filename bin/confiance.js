#!/usr/bin/env node
// The `confiance` command. TypeScript sources run through tsx's loader, so there is no build step.
//
// tsx's hooks are registered here directly, not through `register()` of tsx/esm/api: that
// function loads tsx and esbuild's JavaScript API in this thread as well, about a third of what a
// command costs before it runs (docs/BENCHMARKS.md), when only the hooks thread, where tsx
// transpiles, needs them. The hooks refuse to start without `data` (they take its absence for
// the deprecated --loader flag); an empty object is what register() sends when given no options
// but a message port this command never listens to. Source maps on, as register() turns them on,
// so stack traces name the TypeScript lines. src/cli/main.test.ts runs commands through this file.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('tsx/esm', import.meta.url, { data: {} });
await import('../src/cli/main.ts');
