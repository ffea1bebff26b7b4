/** Why a transparency rule cannot be applied (bad input, or no rule in force on that date). */
export type TransparencyRulesErrorCode = 'invalid-input' | 'no-rule-in-force';

export class TransparencyRulesError extends Error {
  readonly code: TransparencyRulesErrorCode;

  constructor(code: TransparencyRulesErrorCode, message: string) {
    super(message);
    this.name = 'TransparencyRulesError';
    this.code = code;
  }
}
