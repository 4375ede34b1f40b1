import type { Problem } from '../../api/problem';
import { problemNotification } from '../../api/problem';
import { messages } from '../../i18n/messages';

export type LoginStep = 'identifiants' | 'code';

export interface LoginOutcome {
  /** The step to show next (the TOTP code once the API asked for it). */
  step: LoginStep;
  /** The French message to show, or null when the step change says it all. */
  message: string | null;
}

/** French wording for a refused login, and whether to ask for the TOTP code. */
export function loginOutcome(problem: Problem, retryAfterSeconds: number | null, current: LoginStep): LoginOutcome {
  switch (problem.code) {
    case 'identifiants_invalides':
      return { step: 'identifiants', message: messages.invalidCredentials };
    case 'totp_requis':
      return { step: 'code', message: null };
    case 'totp_invalide':
      return { step: 'code', message: messages.totpInvalid };
    case 'trop_de_tentatives': {
      if (problem.detail !== undefined) return { step: current, message: problem.detail };
      const wait = retryAfterSeconds === null ? '' : ` Réessayez dans ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} min.`;
      return { step: current, message: `${messages.tooManyAttempts}${wait}` };
    }
    default:
      return { step: current, message: problemNotification(problem) };
  }
}
