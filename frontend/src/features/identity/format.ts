/** Small wording helpers of the identity screens. */
import { ApiError, errorMessage } from '../../api/problem';
import { isEnumValue, scopeLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';

/** "JBSWY3DPEHPK3PXP" -> "JBSW Y3DP EHPK 3PXP": easier to type by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** The French sentence for a failed change of an account: a stale version (412) says to reload. */
export function modificationErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 412) return messages.staleVersion;
  return errorMessage(error);
}

/** The French label of a scope, or the scope itself when the SPA does not know it yet. */
export function scopeLabel(scope: string): string {
  return isEnumValue(scopeLabels, scope) ? scopeLabels[scope] : scope;
}
