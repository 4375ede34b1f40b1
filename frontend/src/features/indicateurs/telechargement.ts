/**
 * Downloads of exports: the response body is read as a stream, so a long
 * export shows its progress (bytes and lines received), then saved under the
 * name the server gives in Content-Disposition.
 */
import { authFetch } from '../../api/client';
import { toApiError } from '../../api/problem';
import { formatNumber } from '../../ui/formatters';

export interface Progression {
  octets: number;
  /** Line breaks received (CSV: rows, header included). */
  lignes: number;
  /** The announced size, when the server gives one (streamed exports usually don't). */
  total: number | null;
}

export interface Fichier {
  blob: Blob;
  nom: string;
}

export type Requeteur = (request: Request) => Promise<Response>;

/**
 * The file name of a Content-Disposition header: `filename*` (RFC 5987,
 * UTF-8) first, then `filename`; null when there is none. Never a path.
 */
export function nomDeFichier(header: string | null | undefined): string | null {
  if (header === null || header === undefined) return null;
  let nom: string | null = null;
  const etendu = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (etendu?.[2] !== undefined) {
    try {
      nom = decodeURIComponent(etendu[2].trim().replace(/^"|"$/g, ''));
    } catch {
      nom = null;
    }
  }
  if (nom === null) {
    const simple = /filename\s*=\s*("((?:\\.|[^"\\])*)"|[^;]+)/i.exec(header);
    if (simple !== null) nom = simple[2] !== undefined ? simple[2].replace(/\\(.)/g, '$1') : (simple[1] ?? '').trim();
  }
  if (nom === null) return null;
  const base = nom.split(/[/\\]/).pop()?.trim() ?? '';
  return base === '' || base === '.' || base === '..' ? null : base;
}

/** A path with its query string; empty and undefined parameters left out. */
export function adresseExport(path: string, query: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

const SAUT_DE_LIGNE = 10;

/**
 * Fetches an export (with the session's token), reporting progress as the
 * body arrives. Throws an ApiError (French message) when the API refuses.
 */
export async function telecharger(
  adresse: string,
  options: { onProgression?: (progression: Progression) => void; signal?: AbortSignal; requeteur?: Requeteur; nomParDefaut?: string } = {},
): Promise<Fichier> {
  const requeteur = options.requeteur ?? authFetch;
  const url = new URL(adresse, globalThis.location?.origin ?? 'http://localhost').toString();
  const response = await requeteur(new Request(url, { method: 'GET', signal: options.signal }));
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw toApiError(body, response);
  }
  const longueur = Number(response.headers.get('Content-Length'));
  const progression: Progression = { octets: 0, lignes: 0, total: Number.isFinite(longueur) && longueur > 0 ? longueur : null };
  const morceaux: Uint8Array<ArrayBuffer>[] = [];
  if (response.body !== null) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      morceaux.push(value);
      progression.octets += value.byteLength;
      for (let index = 0; index < value.length; index += 1) if (value[index] === SAUT_DE_LIGNE) progression.lignes += 1;
      options.onProgression?.({ ...progression });
    }
  }
  const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
  const nom = nomDeFichier(response.headers.get('Content-Disposition')) ?? options.nomParDefaut ?? 'export';
  return { blob: new Blob(morceaux, { type }), nom };
}

/** Hands a downloaded file to the browser (the usual "save" of a download). */
export function enregistrer(fichier: Fichier): void {
  const url = URL.createObjectURL(fichier.blob);
  const lien = document.createElement('a');
  lien.href = url;
  lien.download = fichier.nom;
  lien.rel = 'noopener';
  lien.style.display = 'none';
  document.body.append(lien);
  lien.click();
  lien.remove();
  // Let the browser start reading the blob before it goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "245 ko", "2,4 Mo". */
export function formatOctets(octets: number): string {
  if (octets < 1000 * 1000) return `${formatNumber(Math.max(1, Math.round(octets / 1000)))} ko`;
  return `${formatNumber(Math.round(octets / 100_000) / 10)} Mo`;
}

/** What has arrived so far, in words. */
export function texteProgression(progression: Progression | null, format: 'csv' | 'xlsx'): string {
  if (progression === null || progression.octets === 0) return 'Préparation du fichier…';
  if (format === 'csv') {
    const lignes = progression.lignes;
    return `${formatNumber(lignes)} ${lignes > 1 ? 'lignes reçues' : 'ligne reçue'}…`;
  }
  return `${formatOctets(progression.octets)} reçus…`;
}
