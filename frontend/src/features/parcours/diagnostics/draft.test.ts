import { describe, expect, it } from 'vitest';

import type { Diagnostic } from '../../../api/types';
import { depuisDiagnostic, diagnosticsCourants, ecrireBrouillon, erreursParDomaine, lireBrouillon, versApi } from './draft';

function diagnostic(partial: Partial<Diagnostic>): Diagnostic {
  return {
    id: 'd1',
    parcours_id: 'p1',
    auteur_id: null,
    date: '2025-03-12',
    etape: 'entree',
    statut: 'valide',
    domaines: [],
    remplace: false,
    remplace_id: null,
    suivi_id: null,
    valide_le: null,
    version: 1,
    ...partial,
  };
}

describe('diagnostic form', () => {
  it('sends only the domaines with a level, in order, without blank comments', () => {
    expect(
      versApi(
        {
          date: '2025-03-12',
          domaines: {
            sante: { niveau: 2, situations: ['sans_couverture'], commentaire: '  ' },
            logement: { niveau: 3, situations: ['sans_abri'], commentaire: 'Dort dehors' },
            droits: { niveau: null, situations: [], commentaire: '' },
          },
        },
        ['logement', 'sante', 'droits'],
      ),
    ).toEqual([
      { domaine: 'logement', niveau: 3, situations: ['sans_abri'], commentaire: 'Dort dehors' },
      { domaine: 'sante', niveau: 2, situations: ['sans_couverture'], commentaire: null },
    ]);
  });

  it('puts API errors back beside their domaine', () => {
    expect(erreursParDomaine({ 'domaines.1.situations': 'Une seule situation.', date: 'x' }, ['sante', 'logement'])).toEqual({
      logement: { situations: 'Une seule situation.' },
    });
  });

  it('reads a stored diagnostic back into the form', () => {
    expect(
      depuisDiagnostic(diagnostic({ domaines: [{ domaine: 'droits', niveau: 1, situations: ['domiciliation'], commentaire: null }] })),
    ).toEqual({ date: '2025-03-12', domaines: { droits: { niveau: 1, situations: ['domiciliation'], commentaire: '' } } });
  });

  it('keeps only validated diagnostics not replaced by a correction', () => {
    const courants = diagnosticsCourants([
      diagnostic({ id: 'a' }),
      diagnostic({ id: 'b', remplace_id: 'a' }),
      diagnostic({ id: 'c', statut: 'brouillon' }),
    ]);
    expect(courants.map((d) => d.id)).toEqual(['b']);
  });

  it('keeps the draft in storage and ignores garbage', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    ecrireBrouillon(storage, 'k', { date: '2025-01-01', domaines: { logement: { niveau: 1, situations: [], commentaire: '' } } });
    expect(lireBrouillon(storage, 'k')?.domaines.logement?.niveau).toBe(1);
    store.set('k', '{not json');
    expect(lireBrouillon(storage, 'k')).toBeNull();
    expect(lireBrouillon(storage, 'absent')).toBeNull();
  });
});
