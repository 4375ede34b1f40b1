import { describe, expect, it } from 'vitest';

import type { Referentiel } from '../../../api/types';
import { libelleDe, valeursProposees } from './referentiel';

const referentiel: Referentiel = {
  domaines: [
    {
      domaine: 'droits',
      situations: [
        { id: '1', code: 'piece_identite', libelle: "Pièce d'identité valide", domaine: 'droits', kind: 'situation', retire: false },
        { id: '2', code: 'ancien', libelle: 'Ancienne valeur', domaine: 'droits', kind: 'situation', retire: true },
      ],
      objectifs: [],
      types_action: [],
    },
  ],
};

describe('référentiel', () => {
  it('never offers retired values', () => {
    expect(valeursProposees(referentiel, 'droits', 'situations').map((v) => v.code)).toEqual(['piece_identite']);
    expect(valeursProposees(referentiel, 'logement', 'situations')).toEqual([]);
  });

  it('still names retired values on old records, and unknown codes as they are', () => {
    expect(libelleDe(referentiel, 'droits', 'situations', 'piece_identite')).toBe("Pièce d'identité valide");
    expect(libelleDe(referentiel, 'droits', 'situations', 'ancien')).toBe('Ancienne valeur (valeur retirée)');
    expect(libelleDe(referentiel, 'droits', 'situations', 'inconnu')).toBe('inconnu');
  });

  it('shows no code while the référentiel loads', () => {
    expect(libelleDe(undefined, 'droits', 'situations', 'piece_identite')).toBe('…');
  });
});
