import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const json = { 'content-type': 'application/json' };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('POST /api/messages/check', () => {
  it('finds pressure with its span, rule and suggestion in the reader’s language; a fair notice passes', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const text = 'Dépêchez-vous : il ne reste que 2 places !';
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/messages/check',
      headers: { ...agent.headers, ...json },
      payload: { id: 'm1', text },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: 'm1', lang: 'fr', flagged: true, threshold: 0.5 });
    const urgency = body.findings.find((f: { category: string }) => f.category === 'urgency');
    expect(text.slice(urgency.start, urgency.end)).toBe('Dépêchez-vous');
    // Explained in the reader's language (the agent's locale, French here).
    expect(urgency).toMatchObject({
      severity: 'high',
      rule: expect.stringContaining('annexe I, point 7'),
      message: expect.stringContaining('Pression du temps'),
    });
    // An English page cites it in English, message and rule alike (user trial: English references on French pages).
    const en = await rt.app.inject({
      method: 'POST',
      url: '/api/messages/check?lang=en',
      headers: { ...agent.headers, ...json },
      payload: { text },
    });
    expect(en.json().findings.find((f: { category: string }) => f.category === 'urgency')).toMatchObject({
      rule: expect.stringContaining('Annex I No. 7'),
    });
    expect(body.findings.map((f: { category: string }) => f.category)).toContain('scarcity');

    const fair = await rt.app.inject({
      method: 'POST',
      url: '/api/messages/check',
      headers: { ...agent.headers, ...json },
      payload: { text: 'Votre facture n° 2026-118 de 48,20 € est disponible depuis le 3 mars.', type: 'other' },
    });
    expect(fair.json()).toMatchObject({ flagged: false, findings: [] });
  });

  it('refuses bad input with a clear error in the user’s language, and callers without the permission', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const dpo = await createTestUser(rt, org.id, ['dpo']);
    const fr = await rt.app.inject({
      method: 'POST',
      url: '/api/messages/check',
      headers: { ...agent.headers, ...json },
      payload: { text: '', type: 'poster' },
    });
    expect(fr.statusCode).toBe(400);
    expect(fr.body).not.toMatch(/at .*\.ts/);
    // The agent's locale is French: the error is in French.
    expect(fr.json().error.message).toMatch(/invalides/);
    const denied = await rt.app.inject({
      method: 'POST',
      url: '/api/messages/check',
      headers: { ...dpo.headers, ...json },
      payload: { text: 'Hello' },
    });
    expect(denied.statusCode).toBe(403);
  });
});

describe('confiance lint --jsonl', () => {
  it('answers every line in order, a bad line with {"id","error"}, the others still run', () => {
    const input = [
      '{"id":"a","text":"Hurry! Only 2 left in stock"}',
      'not json',
      '{"id":"b"}',
      '{"id":"c","text":"Votre facture de 48,20 € est disponible.","lang":"fr"}',
      '',
    ].join('\n');
    const run = spawnSync(process.execPath, [path.join(root, 'bin/confiance.js'), 'lint', '--jsonl'], {
      input,
      encoding: 'utf8',
      cwd: root,
    });
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 'a', flagged: true });
    expect(Object.keys(lines[0])).toEqual(['id', 'flagged', 'score', 'findings']);
    expect(Object.keys(lines[0].findings[0])).toEqual(['category', 'start', 'end', 'severity', 'rule', 'message']);
    expect(lines[1]).toMatchObject({ id: null, error: expect.stringContaining('JSON') });
    expect(lines[2]).toMatchObject({ id: 'b', error: expect.stringContaining('text') });
    expect(lines[3]).toMatchObject({ id: 'c', flagged: false, findings: [] });
    expect(run.stderr).toContain('2 lines have errors');
  });
});
