import { describe, expect, it } from 'vitest';

import { cleBrouillon, ecrireBrouillon, erreursDe, etapeEnErreur, lireBrouillon, manques, nouvelleInscription, versApi } from './brouillon';

function rempli() {
  const inscription = nouvelleInscription('chantier-1', '2026-03-02', true);
  inscription.identite = { ...inscription.identite, nom: ' Exemple ', prenoms: 'Camille', date_naissance: '1984-03-12', langues: 'français, arabe' };
  inscription.consentements = { date: '2026-03-02', notice: true, evaluation: true, partenaires: ['p-1', 'p-2'], sante: true };
  inscription.parcours = { ...inscription.parcours, prescripteur: 'maraude', rue: 'oui', duree_rue: 30, logement: 'sans_abri' };
  return inscription;
}

describe('enrolment', () => {
  it('does not go on while a step misses what it needs', () => {
    const vide = nouvelleInscription('', '2026-03-02', false);
    expect(Object.keys(manques(vide, 0)).sort()).toEqual(['chantier_id', 'date_naissance', 'nom', 'prenoms']);
    expect(Object.keys(manques(vide, 1))).toEqual(['notice']);
    expect(Object.keys(manques(vide, 2)).sort()).toEqual(['logement_entree', 'prescripteur']);
    expect(manques(rempli(), 0)).toEqual({});
  });

  it('sends the three steps as one body, one consent per partner', () => {
    const body = versApi(rempli(), { referentId: 'moi', salarieId: null, confirmDistinct: false });
    expect(body.salarie?.nom).toBe('Exemple');
    expect(body.salarie?.langues).toEqual(['français', 'arabe']);
    expect(body.consentements?.map((c) => [c.type, c.partenaire_id ?? null, c.inclut_sante])).toEqual([
      ['notice_information', null, false],
      ['partage_partenaire', 'p-1', true],
      ['partage_partenaire', 'p-2', true],
      ['usage_evaluation', null, false],
    ]);
    expect(body.parcours).toMatchObject({ referent_id: 'moi', parcours_de_rue: true, duree_rue_mois: 30, logement_entree: 'sans_abri' });
    const connue = versApi(rempli(), { referentId: 'moi', salarieId: 's-1', confirmDistinct: false });
    expect(connue.salarie).toBeUndefined();
    expect(connue.salarie_id).toBe('s-1');
  });

  it('brings an API field error back to its step', () => {
    const errors = { 'parcours.date_entree': 'Future.', 'salarie.nom': 'Vide.' };
    expect(etapeEnErreur(errors)).toBe(0);
    expect(erreursDe(errors, 'parcours')).toEqual({ date_entree: 'Future.' });
    expect(etapeEnErreur({ 'consentements.1.partenaire_id': 'Non.' })).toBe(1);
  });

  it('keeps a draft per user', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    ecrireBrouillon(storage, cleBrouillon('u-1'), rempli());
    expect(lireBrouillon(storage, cleBrouillon('u-1'))?.identite.prenoms).toBe('Camille');
    expect(lireBrouillon(storage, cleBrouillon('u-2'))).toBeNull();
  });
});
