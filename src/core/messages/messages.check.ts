/**
 * The message checker: the explainable rules (src/rules/messages) and the classifier together.
 *
 * `score` is the estimated probability that the text manipulates: the classifier's probability
 * combined by noisy-OR with the manipulation findings (a finding of severity s is read as an
 * independent piece of evidence of strength 0.3 / 0.6 / 0.9 for low / medium / high), so a
 * clear rule hit raises the score where the classifier knows little (each language has its own
 * model: messages.classifier.ts). Missing information is not manipulation: it leaves the score alone
 * and flags only when high; an omission the patterns cannot be sure of is high only beside a sign
 * of manipulation (a rule finding, or a classifier probability of at least MANIPULATION_CUE).
 * `flagged`: score >= MESSAGE_SCORE_THRESHOLD or any high finding.
 */
import { findRuleFindings, type MessageLanguage, type MessageType, type RuleFinding, detectLanguage } from '../../rules/messages/index.ts';
import { MESSAGE_SCORE_THRESHOLD, shippedMessageModel } from './messages.classifier.ts';
import { scoreMessage, type MessageModel } from './messages.model.ts';

/** Longest text checked: a long e-mail or a notice; longer texts are refused, not cut. */
export const MAX_MESSAGE_LENGTH = 20_000;

export interface CheckInput {
  text: string;
  lang?: MessageLanguage;
  type?: MessageType;
  referencePrice?: number;
}

export interface CheckOptions {
  /** Language of the reader of the findings (defaults to the text's). */
  locale?: MessageLanguage;
  /** Day the message is judged on (ISO date), for dated rules. */
  on?: string;
  model?: MessageModel;
}

export interface CheckResult {
  lang: MessageLanguage;
  flagged: boolean;
  score: number;
  /** The classifier's probability alone. */
  modelScore: number;
  findings: RuleFinding[];
}

/**
 * Classifier probability from which the text reads as pushing its reader, so that an omission the
 * patterns cannot be sure of (RequiredGap.needsCue: an opt-out or a reference price in words no
 * pattern knows) flags. Half the decision threshold: the omission and the classifier's doubt
 * together are the evidence, neither alone. Figures at this value: docs/BENCHMARKS.md.
 */
const MANIPULATION_CUE = 0.25;
const EVIDENCE = { low: 0.3, medium: 0.6, high: 0.9 } as const;
const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Checks one text. Pure apart from reading the shipped model once. */
export function checkMessage(input: CheckInput, options: CheckOptions = {}): CheckResult {
  const lang = input.lang ?? detectLanguage(input.text);
  const modelScore = scoreMessage(options.model ?? shippedMessageModel(lang), input.text);
  const findings = findRuleFindings(input.text, {
    manipulationCue: modelScore >= MANIPULATION_CUE,
    lang,
    locale: options.locale ?? lang,
    ...(input.type ? { type: input.type } : {}),
    ...(options.on ? { on: options.on } : {}),
    ...(input.referencePrice === undefined ? {} : { referencePrice: input.referencePrice }),
  });
  let fair = 1 - modelScore;
  for (const f of findings) if (f.category !== 'missing_information') fair *= 1 - EVIDENCE[f.severity];
  const score = round(1 - fair);
  return {
    lang,
    flagged: score >= MESSAGE_SCORE_THRESHOLD || findings.some((f) => f.severity === 'high'),
    score,
    modelScore: round(modelScore),
    findings,
  };
}
