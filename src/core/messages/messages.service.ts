/**
 * The message checker's verbs. A check reads and changes nothing, so it writes no audit event:
 * findings are shown to the writer, never block a message whose timing the law sets (a change
 * notice, a complaint answer), and are recorded by the module that sends the message.
 */
import type { RequestContext } from '../context.ts';
import { checkMessage, type CheckResult } from './messages.check.ts';
import type { CheckMessageInput } from './messages.schemas.ts';

/** Checks one text; explanations in the reader's language (the request's locale). */
export function checkMessageFor(ctx: RequestContext, input: CheckMessageInput): CheckResult {
  return checkMessage(
    { text: input.text, ...(input.lang ? { lang: input.lang } : {}), ...(input.type ? { type: input.type } : {}), ...(input.referencePrice === undefined ? {} : { referencePrice: input.referencePrice }) },
    { locale: ctx.locale === 'en' ? 'en' : 'fr' },
  );
}
