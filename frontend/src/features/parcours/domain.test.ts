import { describe, expect, it } from 'vitest';

import type { MotifSortie } from '../../api/types';
import { motifSortieLabels } from '../../i18n/parcours';
import {
  ajouterMois,
  age,
  alerteLabel,
  aujourdhui,
  categorieDuMotif,
  domainesAFreiner,
  estEnLogement,
  estSortieDynamique,
  estSortieEmploi,
  formatDuree,
  groupeDeSituation,
  joursEntre,
  moisEntre,
  nomComplet,
  ouvreSuivis,
} from './domain';

describe('exit category from the motif (DOMAIN.md)', () => {
  it.each<[MotifSortie, string]>([
    ['cdi', 'emploi_durable'],
    ['cdd_interim_6_mois_ou_plus', 'emploi_durable'],
    ['titularisation_fonction_publique', 'emploi_durable'],
    ['creation_reprise_entreprise', 'emploi_durable'],
    ['cdd_interim_moins_6_mois', 'emploi_transition'],
    ['contrat_aide_employeur_ordinaire', 'emploi_transition'],
    ['formation_qualifiante', 'sortie_positive'],
    ['embauche_autre_siae', 'sortie_positive'],
    ['chomage', 'autre_sortie'],
    ['sans_nouvelle', 'autre_sortie'],
    ['deces', 'autre_sortie'],
    ['hospitalisation_longue', 'autre_sortie'],
    ['transfert_employeur', 'retrait'],
    ['sortie_automatique', 'retrait'],
    ['duree_minimale_non_atteinte', 'retrait'],
  ])('%s -> %s', (motif, categorie) => {
    expect(categorieDuMotif(motif)).toBe(categorie);
  });

  it('classifies every motif of the contract', () => {
    for (const motif of Object.keys(motifSortieLabels) as MotifSortie[]) {
      expect(categorieDuMotif(motif)).toBeDefined();
    }
  });

  it('asks the employer for job exits only', () => {
    expect(estSortieEmploi('cdi')).toBe(true);
    expect(estSortieEmploi('cdd_interim_moins_6_mois')).toBe(true);
    expect(estSortieEmploi('formation_qualifiante')).toBe(false);
    expect(estSortieEmploi('chomage')).toBe(false);
  });

  it('counts the first three categories as sorties dynamiques', () => {
    expect(estSortieDynamique('emploi_durable')).toBe(true);
    expect(estSortieDynamique('sortie_positive')).toBe(true);
    expect(estSortieDynamique('autre_sortie')).toBe(false);
    expect(estSortieDynamique('retrait')).toBe(false);
  });
});

describe('housing', () => {
  it('groups situations like the HMIS ranges', () => {
    expect(groupeDeSituation('squat')).toBe('rue');
    expect(groupeDeSituation('urgence_115')).toBe('urgence');
    expect(groupeDeSituation('residence_sociale')).toBe('logement_adapte');
    expect(groupeDeSituation('proprietaire')).toBe('logement_autonome');
  });

  it('says "en logement" for adapted or autonomous housing only', () => {
    expect(estEnLogement('pension_de_famille')).toBe(true);
    expect(estEnLogement('locataire_parc_prive')).toBe(true);
    expect(estEnLogement('chrs')).toBe(false);
    expect(estEnLogement('inconnu')).toBe(false);
  });

  it('opens check-ins after a job or lasting housing', () => {
    expect(ouvreSuivis('cdi', 'sans_abri')).toBe(true);
    expect(ouvreSuivis('chomage', 'locataire_parc_social')).toBe(true);
    expect(ouvreSuivis('chomage', 'chu')).toBe(false);
  });
});

describe('durations and dates', () => {
  it('writes durations in years and months', () => {
    expect(formatDuree(27)).toBe('2 ans 3 mois');
    expect(formatDuree(12)).toBe('1 an');
    expect(formatDuree(13)).toBe('1 an 1 mois');
    expect(formatDuree(24)).toBe('2 ans');
    expect(formatDuree(5)).toBe('5 mois');
    expect(formatDuree(1)).toBe('1 mois');
    expect(formatDuree(0)).toBe("moins d'un mois");
    expect(formatDuree(-3)).toBe("moins d'un mois");
  });

  it('counts whole months like the API', () => {
    expect(moisEntre('2024-09-20', '2026-11-29')).toBe(26);
    expect(moisEntre('2024-09-20', '2024-10-19')).toBe(0);
    expect(moisEntre('2024-09-20', '2024-10-20')).toBe(1);
    expect(moisEntre('2025-01-01', '2025-01-01')).toBe(0);
    expect(moisEntre('bad', '2025-01-01')).toBe(0);
  });

  it('adds months, clamped to the end of the month', () => {
    expect(ajouterMois('2025-01-31', 1)).toBe('2025-02-28');
    expect(ajouterMois('2024-01-31', 1)).toBe('2024-02-29');
    expect(ajouterMois('2025-11-15', 3)).toBe('2026-02-15');
    expect(ajouterMois('2025-03-15', -3)).toBe('2024-12-15');
    expect(ajouterMois('2025-03-15', -15)).toBe('2023-12-15');
  });

  it('counts days and ages', () => {
    expect(joursEntre('2025-02-27', '2025-03-01')).toBe(2);
    expect(joursEntre('2025-03-01', '2025-02-27')).toBe(-2);
    expect(age('1990-06-15', '2025-06-14')).toBe(34);
    expect(age('1990-06-15', '2025-06-15')).toBe(35);
  });

  it("gives today's business date in the local calendar", () => {
    expect(aujourdhui(new Date(2025, 2, 5, 23, 30))).toBe('2025-03-05');
  });
});

describe('alerts', () => {
  it('labels known alert types in French and keeps the API label for new ones', () => {
    expect(alerteLabel('contrat_fin_proche')).toBe('Fin de contrat proche');
    expect(alerteLabel('suivi_du')).toBe('Suivi après sortie à faire');
    expect(alerteLabel('nouvelle_alerte', 'Nouvelle alerte')).toBe('Nouvelle alerte');
    expect(alerteLabel('nouvelle_alerte')).toBe('nouvelle_alerte');
  });
});

describe('people and freins', () => {
  it('names a person "Prénoms Nom"', () => {
    expect(nomComplet({ nom: 'Exemple', prenoms: 'Alex Marie' })).toBe('Alex Marie Exemple');
  });

  it('turns domaines at level 2 or more into freins', () => {
    expect(
      domainesAFreiner([
        { domaine: 'logement', niveau: 3 },
        { domaine: 'sante', niveau: 1 },
        { domaine: 'droits', niveau: 2 },
        { domaine: 'emploi', niveau: null },
      ]).map((item) => item.domaine),
    ).toEqual(['logement', 'droits']);
  });
});

describe('thresholds in words', () => {
  it('name the post-exit check-ins from the API thresholds', async () => {
    const { MOIS_DE_SUIVI, DUREE_NORME_MOIS } = await import('./domain');
    expect(MOIS_DE_SUIVI).toBe('1, 3, 6 et 12 mois');
    expect(DUREE_NORME_MOIS).toBe(24);
  });
});
