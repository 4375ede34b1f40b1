import { describe, expect, it } from 'vitest';

import type { Cellule } from '../../api/types';
import {
  anneeParDefaut,
  anneesProposees,
  comparaisonPour,
  type Filtres,
  libellePeriode,
  lireFiltres,
  type ParamIndicateurs,
  requeteIndicateurs,
  requeteTendance,
} from './filtres';

const T = '6f1c1c2e-8d0a-4f55-9a53-3f4d6b7e9a10';
const T2 = '0b8f5a2e-1d0a-4f55-9a53-3f4d6b7e9a11';
const C = '9a1c1c2e-8d0a-4f55-9a53-3f4d6b7e9a12';

function params(values: Partial<Record<ParamIndicateurs, string>>): Record<ParamIndicateurs, string> {
  return { periode: '', annee: '', territoire: '', chantier: '', comparer: '', indicateur: '', ...values };
}

function annee(cle: string, effectif: number | null): Cellule {
  return {
    type: 'annee',
    cle,
    libelle: cle,
    indicateurs: [{ code: 'effectif', libelle: 'Parcours', numerateur: effectif, denominateur: null, taux: null, masque: effectif === null }],
    sorties_par_motif: [],
    orientations_par_domaine: [],
    duree_moyenne_mois: null,
    duree_mediane_mois: null,
    delai_reponse_moyen_jours: null,
  };
}

const national = { role: 'admin_national' as const, perimetre: { national: true, territoire_ids: [], chantier_ids: [] } };
const coordinateur = { role: 'coordinateur' as const, perimetre: { national: false, territoire_ids: [T], chantier_ids: [] } };
const fasDeuxTerritoires = { role: 'fas' as const, perimetre: { national: false, territoire_ids: [T, T2], chantier_ids: [] } };

describe('lireFiltres', () => {
  it('reads the address, ignoring what is not valid', () => {
    expect(lireFiltres(params({ annee: '2024', territoire: T, chantier: 'x', indicateur: 'en_logement' }), { masque: false })).toEqual({
      mode: 'sortie',
      annee: 2024,
      territoire: T,
      chantier: undefined,
      comparer: undefined,
      indicateur: 'en_logement',
    });
    expect(lireFiltres(params({ annee: '24', indicateur: 'effectif' }), { masque: false })).toMatchObject({ annee: null, indicateur: 'sorties_dynamiques' });
    expect(lireFiltres(params({ periode: 'cohorte', annee: '2022' }), { masque: true })).toMatchObject({ mode: 'cohorte', annee: 2022 });
  });

  it('offers all years only to exact figures', () => {
    expect(lireFiltres(params({ periode: 'toutes', annee: '2024' }), { masque: false })).toMatchObject({ mode: 'toutes', annee: null });
    expect(lireFiltres(params({ periode: 'toutes' }), { masque: true })).toMatchObject({ mode: 'sortie' });
  });
});

describe('queries', () => {
  const base: Filtres = { mode: 'sortie', annee: 2024, territoire: T, chantier: undefined, comparer: undefined, indicateur: 'sorties_dynamiques' };

  it('ask a whole calendar year of exits', () => {
    expect(requeteIndicateurs(base, 2024)).toEqual({ territoire: T, periode_sortie_debut: '2024-01-01', periode_sortie_fin: '2024-12-31' });
  });

  it('ask an entry cohort, or every year', () => {
    expect(requeteIndicateurs({ ...base, mode: 'cohorte' }, 2022, 'chantier')).toEqual({ territoire: T, cohorte_entree: 2022, groupe_par: 'chantier' });
    expect(requeteIndicateurs({ ...base, mode: 'toutes', annee: null, territoire: undefined }, null)).toEqual({});
  });

  it('ask the trend by exit year for the same place', () => {
    expect(requeteTendance({ territoire: undefined, chantier: C })).toEqual({ chantier: C, groupe_par: 'annee' });
  });
});

describe('comparaisonPour', () => {
  const filtres: Filtres = { mode: 'sortie', annee: 2024, territoire: undefined, chantier: undefined, comparer: undefined, indicateur: 'sorties_dynamiques' };

  it('compares territoires for readers who see several, chantiers otherwise', () => {
    expect(comparaisonPour(national, filtres)).toBe('territoire');
    expect(comparaisonPour(national, { ...filtres, comparer: 'chantier' })).toBe('chantier');
    expect(comparaisonPour(fasDeuxTerritoires, filtres)).toBe('territoire');
    expect(comparaisonPour(national, { ...filtres, territoire: T })).toBe('chantier');
    expect(comparaisonPour(coordinateur, { ...filtres, comparer: 'territoire' })).toBe('chantier');
  });

  it('compares nothing once a chantier is chosen', () => {
    expect(comparaisonPour(coordinateur, { ...filtres, chantier: C })).toBeNull();
  });
});

describe('years', () => {
  const aujourdhui = new Date(2026, 10, 29);

  it('default to the last complete year when it has exits', () => {
    expect(anneeParDefaut([annee('2024', 3), annee('2025', 5), annee('2026', 1)], aujourdhui)).toBe(2025);
    expect(anneeParDefaut([annee('2025', null)], aujourdhui)).toBe(2025);
  });

  it('otherwise to the latest earlier year that has some', () => {
    expect(anneeParDefaut([annee('2021', 2), annee('2024', 1), annee('2025', 0), annee('2026', 1)], aujourdhui)).toBe(2024);
    expect(anneeParDefaut([], aujourdhui)).toBe(2025);
    expect(anneeParDefaut(undefined, aujourdhui)).toBe(2025);
  });

  it('offer this year back to the first one known', () => {
    const years = anneesProposees([annee('2010', 1)], aujourdhui);
    expect(years[0]).toBe(2026);
    expect(years.at(-1)).toBe(2010);
    expect(anneesProposees([], aujourdhui).at(-1)).toBe(2012);
    expect(anneesProposees([], aujourdhui, 2030)[0]).toBe(2030);
  });

  it('name the period', () => {
    expect(libellePeriode('sortie', 2025)).toBe('Sorties de 2025');
    expect(libellePeriode('cohorte', 2023)).toBe('Parcours entrés en 2023');
    expect(libellePeriode('toutes', null)).toBe('Toutes les sorties, toutes années confondues');
  });
});
