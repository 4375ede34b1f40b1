import { describe, expect, it } from 'vitest';

import type { Cellule, Indicateur } from '../../api/types';
import {
  aDesDonnees,
  formatCompte,
  formatDenominateur,
  formatFraction,
  formatJours,
  formatMois,
  formatPart,
  formatTaux,
  indicateurDe,
  MASQUE,
  MASQUE_COMPLEMENT,
} from './format';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

function ind(partial: Partial<Indicateur>): Indicateur {
  return { code: 'sorties_dynamiques', libelle: 'Sorties dynamiques', numerateur: 12, denominateur: 25, taux: 0.48, masque: false, ...partial };
}

function cellule(effectif: Partial<Indicateur>): Cellule {
  return {
    type: 'annee',
    cle: '2024',
    libelle: '2024',
    indicateurs: [ind({ code: 'effectif', denominateur: null, taux: null, ...effectif })],
    sorties_par_motif: [],
    orientations_par_domaine: [],
    duree_moyenne_mois: null,
    duree_mediane_mois: null,
    delai_reponse_moyen_jours: null,
  };
}

describe('indicator formatting', () => {
  it('writes rates and counts the French way', () => {
    expect(formatTaux(ind({}))).toBe(`48${NBSP}%`);
    expect(formatFraction(ind({ numerateur: 1234, denominateur: 2500 }))).toBe(`1${NNBSP}234 / 2${NNBSP}500`);
    expect(formatCompte(0, false)).toBe('0');
  });

  it('shows a count hidden in complement as "masqué", a small one as "< 11"', () => {
    expect(MASQUE_COMPLEMENT).toBe('masqué');
    expect(formatCompte(null, true, 'complementaire')).toBe('masqué');
    expect(formatCompte(null, true, 'petit_effectif')).toBe('< 11');
    // 17 hidden so that a 4 cannot be recomputed: "masqué", over a small hidden denominator.
    const complement = ind({ numerateur: null, denominateur: null, taux: null, masque: true, masquage_numerateur: 'complementaire', masquage_denominateur: 'petit_effectif' });
    expect(formatFraction(complement)).toBe(`masqué / < 11`);
    // An indicator without denominator whose count is hidden: no denominator at all.
    expect(formatFraction(ind({ numerateur: null, denominateur: null, taux: null, masque: true, masquage_numerateur: 'complementaire', masquage_denominateur: null }))).toBe('masqué');
  });

  it('shows hidden counts as "< 11" and hidden rates as "—"', () => {
    const masque = ind({ numerateur: null, denominateur: null, taux: null, masque: true });
    expect(formatTaux(masque)).toBe('—');
    expect(formatFraction(masque)).toBe(`${MASQUE} / ${MASQUE}`);
    // A zero may stay visible over a hidden denominator.
    expect(formatFraction(ind({ numerateur: 0, denominateur: null, taux: null, masque: true }))).toBe(`0 / ${MASQUE}`);
    expect(formatCompte(null, true)).toBe(MASQUE);
    expect(formatCompte(null, false)).toBe('—');
  });

  it('has no denominator for plain counts', () => {
    const effectif = ind({ code: 'effectif', numerateur: 40, denominateur: null, taux: null });
    expect(formatDenominateur(effectif)).toBeNull();
    expect(formatFraction(effectif)).toBe('40');
  });

  it('writes shares, lengths and delays', () => {
    expect(formatPart(9, 20)).toBe(`45${NBSP}%`);
    expect(formatPart(null, 20)).toBe('—');
    expect(formatPart(3, 0)).toBe('—');
    expect(formatMois(22.8)).toBe('22,8 mois');
    expect(formatMois(null)).toBe('—');
    expect(formatJours(3.5)).toBe('3,5 jours');
    expect(formatJours(1)).toBe('1 jour');
  });

  it('reads an indicator missing from a cell as hidden', () => {
    expect(indicateurDe(cellule({}), 'droits_accrus').masque).toBe(true);
  });

  it('knows whether a cell has exits', () => {
    expect(aDesDonnees(cellule({ numerateur: 3 }))).toBe(true);
    expect(aDesDonnees(cellule({ numerateur: 0 }))).toBe(false);
    expect(aDesDonnees(cellule({ numerateur: null, masque: true }))).toBe(true);
  });
});
