/**
 * The diagnostic form's state, its draft kept in sessionStorage (a tablet may
 * lose the connection or the tab), and its conversion to the API's body.
 */
import type { Diagnostic, Domaine, DomaineIn } from '../../../api/types';
import { DRAFT_PREFIX } from '../../../app/auth/drafts';

export interface DomaineSaisi {
  niveau: number | null;
  situations: string[];
  commentaire: string;
}

export interface DiagnosticSaisi {
  date: string;
  domaines: Partial<Record<Domaine, DomaineSaisi>>;
}

/** Validated diagnostics not replaced by a correction. */
export function diagnosticsCourants(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const remplaces = new Set(diagnostics.map((d) => d.remplace_id).filter((id): id is string => id !== null));
  return diagnostics.filter((d) => d.statut === 'valide' && !remplaces.has(d.id));
}

export function depuisDiagnostic(diagnostic: Diagnostic): DiagnosticSaisi {
  const domaines: DiagnosticSaisi['domaines'] = {};
  for (const item of diagnostic.domaines) {
    domaines[item.domaine] = { niveau: item.niveau ?? null, situations: [...(item.situations ?? [])], commentaire: item.commentaire ?? '' };
  }
  return { date: diagnostic.date, domaines };
}

/**
 * The domaines assessed (a level chosen), in the given order. Domaines left
 * without a level are not sent.
 */
export function versApi(saisie: DiagnosticSaisi, ordre: readonly Domaine[]): DomaineIn[] {
  const result: DomaineIn[] = [];
  for (const domaine of ordre) {
    const item = saisie.domaines[domaine];
    if (item === undefined || item.niveau === null) continue;
    const commentaire = item.commentaire.trim();
    result.push({ domaine, niveau: item.niveau, situations: item.situations, commentaire: commentaire === '' ? null : commentaire });
  }
  return result;
}

/** API field errors "domaines.2.situations" -> { logement: { situations: "…" } }, using the order sent. */
export function erreursParDomaine(errors: Record<string, string>, envoyes: readonly Domaine[]): Partial<Record<Domaine, Record<string, string>>> {
  const result: Partial<Record<Domaine, Record<string, string>>> = {};
  for (const [field, message] of Object.entries(errors)) {
    const match = /^domaines\.(\d+)(?:\.(\w+))?/.exec(field);
    if (match === null) continue;
    const domaine = envoyes[Number(match[1])];
    if (domaine === undefined) continue;
    const key = match[2] ?? 'niveau';
    result[domaine] = { ...(result[domaine] ?? {}), [key]: message };
  }
  return result;
}

export function cleBrouillon(parcoursId: string, cle: string): string {
  return `${DRAFT_PREFIX}diagnostic:${parcoursId}:${cle}`;
}

export function lireBrouillon(storage: Pick<Storage, 'getItem'>, key: string): DiagnosticSaisi | null {
  try {
    const raw = storage.getItem(key);
    if (raw === null) return null;
    const value = JSON.parse(raw) as DiagnosticSaisi;
    if (typeof value !== 'object' || value === null || typeof value.date !== 'string' || typeof value.domaines !== 'object') return null;
    return value;
  } catch {
    return null;
  }
}

export function ecrireBrouillon(storage: Pick<Storage, 'setItem'>, key: string, value: DiagnosticSaisi): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the API draft remains.
  }
}
