import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type ApiPropertyOptions } from '@nestjs/swagger';
import { DomainException } from '@taskhub/platform-errors';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/** A new password in the OpenAPI documents (register, change, reset), as this policy checks it. */
export const NEW_PASSWORD_API_PROPERTY: ApiPropertyOptions = {
  description:
    `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, any characters, not easy to guess (no common password, pattern, ` +
    "or the account's own e-mail or name): else 400 AUTH.PASSWORD_POLICY with the reasons in `details`.",
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  example: 'violet kettle orbit 42 lantern',
};

/** zxcvbn score 0-4; 3 = "safely unguessable: moderate protection from offline slow-hash scenario" */
const MIN_SCORE = 3;

export interface PasswordProblem {
  readonly rule: 'length' | 'personal' | 'guessable';
  readonly message: string;
}

export class PasswordPolicyException extends DomainException {
  constructor(problems: readonly PasswordProblem[]) {
    super('AUTH.PASSWORD_POLICY', `the password is not acceptable: ${problems.map((p) => p.message).join(' ')}`, 400, problems);
  }
}

/**
 * NIST SP 800-63B / ASVS 2.1: 12 to 128 characters, any characters, no composition rules; refused when it is easy to
 * guess — a common or breached password, a keyboard pattern, a repeat or sequence, or built from the account's own
 * e-mail or name (zxcvbn-ts with its common-password and English dictionaries).
 */
@Injectable()
export class PasswordPolicy implements OnModuleInit {
  private readonly zxcvbn = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });

  /** The first check builds zxcvbn's matchers (~0.1 s of CPU): pay it at boot, not in the first registration. */
  onModuleInit(): void {
    this.zxcvbn.check('warm up the matchers 1', []);
  }

  problems(password: string, context: { email: string; displayName?: string }): PasswordProblem[] {
    const length = [...password].length;
    if (length < PASSWORD_MIN_LENGTH) return [{ rule: 'length', message: `Use at least ${PASSWORD_MIN_LENGTH} characters.` }];
    if (length > PASSWORD_MAX_LENGTH) return [{ rule: 'length', message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` }];
    const local = context.email.split('@')[0] ?? '';
    const userInputs = [context.email, local, ...local.split(/[._+-]/), ...(context.displayName?.split(/\s+/) ?? [])].filter((s) => s.length >= 3);
    const lower = password.toLowerCase();
    const personal = [local, ...userInputs].filter((s) => s.length >= 4).find((s) => lower.includes(s.toLowerCase()));
    if (personal !== undefined) return [{ rule: 'personal', message: 'Do not use your e-mail address or name in your password.' }];
    const result = this.zxcvbn.check(password, userInputs);
    if (result.score >= MIN_SCORE) return [];
    const advice = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => typeof s === 'string' && s.length > 0);
    return [{ rule: 'guessable', message: ['This password is too easy to guess.', ...advice].join(' ') }];
  }

  assertAcceptable(password: string, context: { email: string; displayName?: string }): void {
    const problems = this.problems(password, context);
    if (problems.length > 0) throw new PasswordPolicyException(problems);
  }
}
