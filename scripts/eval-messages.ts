/**
 * The message checker's figures (issue 12, docs/BENCHMARKS.md):
 * - 10-fold cross-validation of the classifier on train.tsv, digits as they are and each run of
 *   digits replaced by N (the fair extras in every training part, never scored);
 * - the whole checker on the French development sets, 10-fold cross-validated (the French model
 *   is trained on them);
 * - the share of fair fr/en messages full of numbers that the whole checker flags
 *   (src/core/messages/eval/fair-numbers.eval.jsonl, written apart from the training extras);
 * - on the frozen French set (eval/fr.eval.jsonl, when present): recall and precision per
 *   category, macro recall, and the share of its fair texts flagged.
 *
 *   npm run eval:messages
 *   npm run eval:messages -- --french-only [--set src/core/messages/corpus/fr-dev.jsonl] [--show-misses]
 *
 * `--set` measures another file of the frozen set's format (the French dev set the rules are
 * written against; the shipped French model learned from the dev sets, so their honest figures are
 * the cross-validated ones of the full run); `--show-misses` prints the texts missed or wrongly flagged, and is refused on
 * the frozen set (looking at its texts while writing rules would tune them to it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MESSAGE_CATEGORIES, MESSAGE_TYPES, type MessageType } from '../src/rules/messages/index.ts';
import { fileURLToPath } from 'node:url';
import { checkMessage } from '../src/core/messages/messages.check.ts';
import {
  crossValidate,
  crossValidateFrenchChecker,
  FAIR_EXTRA_PATH,
  FRENCH_DEV_PATHS,
  loadDarkPatterns,
  loadFrenchSet,
  loadJsonl,
} from '../src/core/messages/messages.evaluate.ts';
import { replaceDigits } from '../src/core/messages/messages.features.ts';
import { MESSAGE_SCORE_THRESHOLD } from '../src/core/messages/messages.classifier.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const pct = (x: number) => (100 * x).toFixed(1);
const f3 = (x: number) => x.toFixed(3);

const { values: args } = parseArgs({
  options: {
    'french-only': { type: 'boolean', default: false },
    set: { type: 'string' },
    'show-misses': { type: 'boolean', default: false },
  },
});
const frozenPath = here('../src/core/messages/eval/fr.eval.jsonl');
const frPath = args.set ?? frozenPath;
if (args['show-misses'] && !args.set) {
  console.error('--show-misses needs --set: the frozen set is measured, never read to write rules (eval/README.md)');
  process.exit(2);
}

if (!args['french-only']) {
  const rows = loadDarkPatterns();
  const extras = loadJsonl(FAIR_EXTRA_PATH);
  console.log(
    `## Classifier, 10-fold cross-validation on train.tsv (${rows.length} texts; ${extras.length} fair extras added to each training part; threshold ${MESSAGE_SCORE_THRESHOLD})\n`,
  );
  console.log('| digits | accuracy | F1 | precision | recall | fold accuracy min-max |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, transform] of [
    ['as they are', (t: string) => t],
    ['replaced by N', replaceDigits],
  ] as const) {
    const cv = crossValidate(rows, { extras, transform, threshold: MESSAGE_SCORE_THRESHOLD });
    console.log(
      `| ${name} | ${f3(cv.accuracy)} (${Math.round(cv.accuracy * cv.n)} / ${cv.n}) | ${f3(cv.f1)} | ${f3(cv.precision)} | ${f3(cv.recall)} | ${f3(Math.min(...cv.foldAccuracy))}-${f3(Math.max(...cv.foldAccuracy))} |`,
    );
  }

  // The French model learned from the development sets: their honest figure is cross-validated.
  const devSets = FRENCH_DEV_PATHS.map(loadFrenchSet);
  const frExtras = extras.filter((r) => r.lang === 'fr').map((r) => ({ text: r.text, label: r.label }));
  const devResults = crossValidateFrenchChecker(devSets, frExtras);
  console.log(
    `\n## Whole checker on the French development sets, 10-fold cross-validated (the French model of each fold trained on the other folds and the ${frExtras.length} French fair extras)\n`,
  );
  console.log(`| set | texts | macro recall (text flagged) | fair texts flagged | ${MESSAGE_CATEGORIES.join(' | ')} |`);
  console.log(`|---|---|---|---|${MESSAGE_CATEGORIES.map(() => '---|').join('')}`);
  devSets.forEach((set, s) => {
    const flagged = devResults[s]!.map((out) => out.flagged);
    const recalls = MESSAGE_CATEGORIES.map((c) => {
      const positives = set.map((_, i) => i).filter((i) => set[i]!.label === 'manipulative' && set[i]!.categories.includes(c));
      return positives.filter((i) => flagged[i]).length / Math.max(1, positives.length);
    });
    const fairRows = set.map((_, i) => i).filter((i) => set[i]!.label === 'fair');
    const fairFlagged = fairRows.filter((i) => flagged[i]).length;
    console.log(
      `| ${FRENCH_DEV_PATHS[s]!.split('/').at(-1)} | ${set.length} | ${f3(recalls.reduce((a, b) => a + b, 0) / recalls.length)} | ${fairFlagged} / ${fairRows.length} = ${pct(fairFlagged / fairRows.length)} % | ${recalls.map(f3).join(' | ')} |`,
    );
  });

  const fair = loadJsonl(here('../src/core/messages/eval/fair-numbers.eval.jsonl'));
  const flaggedFair = fair.filter((r) => checkMessage({ text: r.text, lang: r.lang === 'fr' ? 'fr' : 'en' }).flagged);
  console.log(
    `\n## Fair messages with numbers flagged (held-out, ${fair.length} texts: ${fair.filter((r) => r.lang === 'fr').length} fr, ${fair.filter((r) => r.lang === 'en').length} en)\n`,
  );
  console.log(`${flaggedFair.length} / ${fair.length} = ${pct(flaggedFair.length / fair.length)} %`);
  for (const r of flaggedFair) console.log(`- ${r.lang}: ${r.text}`);
}

if (existsSync(frPath)) {
  // The frozen set's own format (eval/README.md): label "fair" | "manipulative", categories, type.
  const set = readFileSync(frPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; text: string; label: string; categories: string[]; type?: MessageType });
  const results = set.map((r) => ({ r, out: checkMessage({ text: r.text, lang: 'fr', ...(r.type ? { type: r.type } : {}) }) }));
  const manipulative = (r: (typeof set)[number]) => r.label === 'manipulative';
  console.log(
    `\n## French ${frPath === frozenPath ? 'evaluation set (frozen)' : `set ${args.set}`} (${set.length} texts, ${set.filter((r) => !manipulative(r)).length} fair)\n`,
  );
  console.log('| category | n | recall (text flagged) | recall (category found) | precision (category found) |');
  console.log('|---|---|---|---|---|');
  const recalls: number[] = [];
  for (const c of MESSAGE_CATEGORIES) {
    const positives = results.filter(({ r }) => manipulative(r) && r.categories.includes(c));
    const flagged = positives.filter(({ out }) => out.flagged).length;
    const found = positives.filter(({ out }) => out.findings.some((f) => f.category === c)).length;
    const predicted = results.filter(({ out }) => out.findings.some((f) => f.category === c));
    const correct = predicted.filter(({ r }) => manipulative(r) && r.categories.includes(c)).length;
    const n = Math.max(1, positives.length);
    recalls.push(flagged / n);
    console.log(
      `| ${c} | ${positives.length} | ${f3(flagged / n)} | ${f3(found / n)} | ${predicted.length === 0 ? '-' : f3(correct / predicted.length)} |`,
    );
  }
  const fairSet = results.filter(({ r }) => !manipulative(r));
  const fairFlagged = fairSet.filter(({ out }) => out.flagged).length;
  const all = results.filter(({ r }) => manipulative(r));
  console.log(
    `\nmacro recall (text flagged): ${f3(recalls.reduce((a, b) => a + b, 0) / recalls.length)}; manipulative texts flagged ${all.filter(({ out }) => out.flagged).length} / ${all.length}; fair texts flagged: ${fairFlagged} / ${fairSet.length} = ${pct(fairFlagged / fairSet.length)} %`,
  );
  // By message kind (the type the required-information checks use): counts only, no text.
  console.log('\n| message type | fair texts flagged | manipulative texts flagged |');
  console.log('|---|---|---|');
  for (const type of MESSAGE_TYPES) {
    const ofType = results.filter(({ r }) => (r.type ?? 'other') === type);
    const fairOfType = ofType.filter(({ r }) => !manipulative(r));
    const manipulativeOfType = ofType.filter(({ r }) => manipulative(r));
    const count = (xs: typeof results) => `${xs.filter(({ out }) => out.flagged).length} / ${xs.length}`;
    console.log(`| ${type} | ${count(fairOfType)} | ${count(manipulativeOfType)} |`);
  }
  // Why fair texts were flagged, counted by cause only (no text): a rule id, or the classifier.
  const causes = new Map<string, number>();
  for (const { out } of fairSet.filter(({ out }) => out.flagged)) {
    const high = out.findings.filter((f) => f.severity === 'high' || f.category !== 'missing_information').map((f) => f.ruleId);
    for (const cause of high.length > 0 ? new Set(high) : ['classifier']) causes.set(cause, (causes.get(cause) ?? 0) + 1);
  }
  console.log(
    `fair texts flagged, by cause: ${
      [...causes]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${n}`)
        .join(', ') || 'none'
    }`,
  );
  if (args['show-misses']) {
    for (const { r, out } of results) {
      const wrong = manipulative(r) ? !out.flagged : out.flagged;
      if (wrong)
        console.log(
          `- ${r.id} ${r.label} [${r.categories.join(',')}] ${r.type ?? ''} -> ${out.findings.map((f) => f.ruleId).join(',') || `score ${out.score}`}: ${r.text}`,
        );
    }
  }
}
