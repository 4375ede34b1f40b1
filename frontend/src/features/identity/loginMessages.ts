import type { Problem } from '../../api/problem';
import { problemNotification } from '../../api/problem';
import { messages } from '../../i18n/messages';

/** The password form, its TOTP code, or the TOTP code that ends a ProConnect sign-in. */
export type LoginStep = 'identifiants' | 'code' | 'proconnect';

/** Said above the code field when ProConnect did not assert a second factor. */
export const proconnectCodePrompt =
  'ProConnect vous a identifié·e. Votre compte est aussi protégé par la double authentification : saisissez le code à 6 chiffres affiché par votre application.';

/** When the API gives no detail (the pending sign-in expired, or was already used). */
export const proconnectFailed = 'La connexion avec ProConnect n’a pas abouti. Recommencez avec le bouton ProConnect.';

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
      return { step: current === 'identifiants' ? 'code' : current, message: messages.totpInvalid };
    case 'proconnect_echec':
      // The ProConnect sign-in waiting for its code is gone (5 minutes, or used): start again.
      return { step: 'identifiants', message: problem.detail ?? proconnectFailed };
    case 'trop_de_tentatives': {
      if (problem.detail !== undefined) return { step: current, message: problem.detail };
      const wait = retryAfterSeconds === null ? '' : ` Réessayez dans ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} min.`;
      return { step: current, message: `${messages.tooManyAttempts}${wait}` };
    }
    default:
      return { step: current, message: problemNotification(problem) };
  }
}
