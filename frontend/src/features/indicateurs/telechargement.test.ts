import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api/problem';
import { adresseExport, formatOctets, nomDeFichier, type Progression, telecharger, texteProgression } from './telechargement';

function flux(morceaux: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const morceau of morceaux) controller.enqueue(encoder.encode(morceau));
      controller.close();
    },
  });
}

describe('nomDeFichier', () => {
  it('reads the file name of Content-Disposition', () => {
    expect(nomDeFichier('attachment; filename="indicateurs-2025.csv"')).toBe('indicateurs-2025.csv');
    expect(nomDeFichier('attachment; filename=parcours.csv')).toBe('parcours.csv');
    expect(nomDeFichier("attachment; filename=\"x.csv\"; filename*=UTF-8''%C3%A9valuation%202025.csv")).toBe('évaluation 2025.csv');
  });

  it('never gives a path, and nothing without a name', () => {
    expect(nomDeFichier('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(nomDeFichier('attachment')).toBeNull();
    expect(nomDeFichier(null)).toBeNull();
  });
});

describe('adresseExport', () => {
  it('keeps the parameters that have a value', () => {
    expect(adresseExport('/api/v1/exports/indicateurs.csv', { territoire: undefined, cohorte_entree: 2022, chantier: '' })).toBe(
      '/api/v1/exports/indicateurs.csv?cohorte_entree=2022',
    );
    expect(adresseExport('/api/v1/exports/evaluation.csv', {})).toBe('/api/v1/exports/evaluation.csv');
  });
});

describe('telecharger', () => {
  it('reads the body as it comes, counting bytes and lines', async () => {
    const progressions: Progression[] = [];
    const requests: Request[] = [];
    const fichier = await telecharger('/api/v1/exports/parcours.csv?statut=sorti', {
      requeteur: (request) => {
        requests.push(request);
        return Promise.resolve(
          new Response(flux(['a;b\n1;2\n', '3;4\n']), {
            headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="parcours.csv"' },
          }),
        );
      },
      onProgression: (progression) => progressions.push(progression),
    });
    expect(new URL(requests[0]?.url ?? '').pathname).toBe('/api/v1/exports/parcours.csv');
    expect(fichier.nom).toBe('parcours.csv');
    expect(await fichier.blob.text()).toBe('a;b\n1;2\n3;4\n');
    expect(progressions).toEqual([
      { octets: 8, lignes: 2, total: null },
      { octets: 12, lignes: 3, total: null },
    ]);
  });

  it('falls back on a default name', async () => {
    const fichier = await telecharger('/x', { requeteur: () => Promise.resolve(new Response('ok')), nomParDefaut: 'evaluation.csv' });
    expect(fichier.nom).toBe('evaluation.csv');
  });

  it('turns a refusal into an ApiError with the French detail', async () => {
    const problem = { title: 'Accès refusé', status: 403, detail: 'Cet export est réservé aux évaluateurs.', code: 'forbidden' };
    const error = await telecharger('/x', {
      requeteur: () => Promise.resolve(new Response(JSON.stringify(problem), { status: 403, headers: { 'Content-Type': 'application/problem+json' } })),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(403);
    expect((error as ApiError).problem.detail).toBe('Cet export est réservé aux évaluateurs.');
  });
});

describe('texteProgression', () => {
  it('counts rows of a CSV and the size of a workbook, in French', () => {
    expect(texteProgression(null, 'csv')).toBe('Préparation du fichier…');
    expect(texteProgression({ octets: 900_000, lignes: 12_400, total: null }, 'csv')).toBe('12\u202f400 lignes reçues…');
    expect(texteProgression({ octets: 20, lignes: 1, total: null }, 'csv')).toBe('1 ligne reçue…');
    expect(texteProgression({ octets: 2_430_000, lignes: 3, total: null }, 'xlsx')).toBe('2,4 Mo reçus…');
    expect(formatOctets(245_300)).toBe('245 ko');
  });
});
