/**
 * The applicant's calls, with plain fetch: the public pages load no staff client. The key of
 * the application is kept in this browser (localStorage) once the e-mailed link is opened.
 */
import { ApiError, parseProblem } from '../../../api/problem';
import type { CandidaturePublique, CandidatureSaisie, TerritoireCandidature, VoieCandidature } from '../../../api/types';

const BASE = '/api/v1/candidature-publique';
const STORAGE_KEY = 'convergence.candidature.cle';

export function cleEnregistree(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function enregistrerCle(cle: string | null): void {
  try {
    if (cle === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, cle);
  } catch {
    // Private browsing without storage: the key lives as long as the page.
  }
}

async function call<T>(method: string, path: string, options: { body?: unknown; cle?: string | null } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.cle) headers['X-Candidature-Cle'] = options.cle;
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(parseProblem(body, response.status), response.status);
  return body as T;
}

export interface Formulaire {
  jeton_formulaire: string;
  territoires: TerritoireCandidature[];
}

export const publicApi = {
  formulaire: () => call<Formulaire>('GET', '/formulaire'),
  demanderLien: (body: { email: string; voie: VoieCandidature; jeton_formulaire: string; site_internet: string }) =>
    call<{ detail: string }>('POST', '/lien', { body }),
  ouvrir: (jeton: string) => call<{ cle: string; candidature: CandidaturePublique }>('POST', '/acces', { body: { jeton } }),
  lire: (cle: string) => call<CandidaturePublique>('GET', '', { cle }),
  enregistrer: (cle: string, saisie: CandidatureSaisie) => call<CandidaturePublique>('PUT', '', { cle, body: saisie }),
  soumettre: (cle: string) => call<CandidaturePublique>('POST', '/soumission', { cle }),
  ajouterDocument: async (cle: string, fichier: File): Promise<CandidaturePublique> => {
    const body = new FormData();
    body.append('fichier', fichier);
    const response = await fetch(`${BASE}/documents`, { method: 'POST', headers: { 'X-Candidature-Cle': cle, Accept: 'application/json' }, body });
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(parseProblem(json, response.status), response.status);
    return json as CandidaturePublique;
  },
};
