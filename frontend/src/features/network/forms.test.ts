import { describe, expect, it } from 'vitest';

import type { Structure } from '../../api/types';
import {
  blankToNull,
  conventionCreateBody,
  conventionFormErrors,
  emptyConventionForm,
  emptyStructureForm,
  formatTaille,
  normaliseSiret,
  parseWholeNumber,
  splitList,
  structureCreateBody,
  structureFormErrors,
  structureFormFrom,
  structureUpdateBody,
} from './forms';

const PARIS = '6f1c1c2e-8d0a-4f55-9a53-3f4d6b7e9a10';

const siao: Structure = {
  id: '0b8e7a4e-21a4-4d8e-9d56-2a1f0e0c7f11',
  type: 'partenaire',
  nom: 'SIAO de Paris',
  siret: '99900000000018',
  territoire_id: PARIS,
  adresse: null,
  code_postal: '75013',
  commune: 'Paris',
  courriel: null,
  telephone: null,
  site_web: null,
  porteur_coordination: false,
  nombre_postes: null,
  activites_support: [],
  type_partenaire: 'siao',
  domaines: ['logement'],
  territoire_ids_servis: [PARIS],
  engagement: 'engage',
  contacts: [{ nom: 'Accueil', fonction: 'Standard', courriel: null, telephone: null }],
  created_at: '2026-01-05T09:00:00Z',
  updated_at: '2026-01-05T09:00:00Z',
  version: 1,
};

describe('form helpers', () => {
  it('turn blanks into null and read whole numbers', () => {
    expect(blankToNull('  ')).toBeNull();
    expect(blankToNull(' Paris ')).toBe('Paris');
    expect(parseWholeNumber('')).toBeNull();
    expect(parseWholeNumber(' 12 ')).toBe(12);
    expect(parseWholeNumber('1,5')).toBeUndefined();
    expect(parseWholeNumber('-3')).toBeUndefined();
  });

  it('accept a SIRET pasted with spaces', () => {
    expect(normaliseSiret('999 000 000 00018')).toBe('99900000000018');
    expect(normaliseSiret('   ')).toBeNull();
  });

  it('split a list typed with commas', () => {
    expect(splitList('maraîchage, menuiserie ,, ')).toEqual(['maraîchage', 'menuiserie']);
  });

  it('give file sizes in French units', () => {
    expect(formatTaille(1)).toBe('1 octet');
    expect(formatTaille(45)).toBe('45 octets');
    expect(formatTaille(1536)).toBe('1,5 Ko');
    expect(formatTaille(3 * 1024 * 1024)).toBe('3 Mo');
  });
});

describe('structure form', () => {
  it('needs a type, a name and named contacts', () => {
    const values = { ...emptyStructureForm(), contacts: [{ nom: ' ', fonction: '', courriel: '', telephone: '' }] };
    expect(structureFormErrors(values)).toEqual({
      type: 'Choisissez le type de structure.',
      nom: 'Indiquez le nom de la structure.',
      'contacts.0.nom': 'Indiquez le nom du contact.',
    });
  });

  it('sends partner fields for a partner only', () => {
    const values = {
      ...emptyStructureForm('partenaire', PARIS),
      nom: ' Boutique solidarité ',
      siret: '999 000 000 00018',
      type_partenaire: 'association' as const,
      domaines: ['sante' as const, 'droits' as const],
      nombre_postes: '12',
    };
    const body = structureCreateBody(values);
    expect(body).toMatchObject({
      type: 'partenaire',
      nom: 'Boutique solidarité',
      siret: '99900000000018',
      territoire_id: PARIS,
      type_partenaire: 'association',
      domaines: ['sante', 'droits'],
      porteur_coordination: false,
      contacts: [],
    });
    expect(body).not.toHaveProperty('nombre_postes');
    // No territoire chosen: the API serves the structure's own.
    expect(body).not.toHaveProperty('territoire_ids_servis');
  });

  it('sends chantier fields for a chantier only', () => {
    const body = structureCreateBody({ ...emptyStructureForm('chantier'), nom: 'Recyclerie', nombre_postes: '8', activites_support: 'tri, vente' });
    expect(body).toMatchObject({ nombre_postes: 8, activites_support: ['tri', 'vente'], porteur_coordination: false, territoire_id: null });
    expect(body).not.toHaveProperty('domaines');
  });

  it('round-trips a structure and sends the engagement only when changed', () => {
    const values = structureFormFrom(siao);
    expect(values.contacts).toEqual([{ nom: 'Accueil', fonction: 'Standard', courriel: '', telephone: '' }]);
    expect(structureUpdateBody(values, siao)).not.toHaveProperty('engagement');
    expect(structureUpdateBody({ ...values, engagement: 'inactif' }, siao)).toMatchObject({ engagement: 'inactif' });
    expect(structureUpdateBody(values, siao)).not.toHaveProperty('type');
  });
});

describe('convention form', () => {
  it('needs a type, a title, two parties and valid objectives', () => {
    const values = {
      ...emptyConventionForm(),
      objectifs: [{ libelle: '', cible: 'beaucoup' }],
      date_effet: '2027-01-01',
      date_echeance: '2026-01-01',
    };
    expect(conventionFormErrors(values)).toEqual({
      type: 'Choisissez le type de convention.',
      titre: 'Indiquez le titre de la convention.',
      parties: 'Une convention lie au moins deux parties : ajoutez-les.',
      'objectifs.0.libelle': "Décrivez l'objectif.",
      'objectifs.0.cible': 'Indiquez un nombre entier.',
      date_echeance: "L'échéance doit suivre la date d'effet.",
    });
  });

  it('builds the body the API expects', () => {
    const body = conventionCreateBody({
      type: 'partenariat',
      titre: ' Partenariat SIAO ',
      territoire_id: PARIS,
      parties: [
        { structure_id: 'a', nom: 'SIAO', role: 'partenaire' },
        { structure_id: 'b', nom: 'Ateliers', role: 'porteur' },
      ],
      objectifs: [{ libelle: 'Orientations traitées', cible: '40' }, { libelle: 'Réunions', cible: '' }],
      date_effet: '2027-01-01',
      date_echeance: '',
    });
    expect(body).toEqual({
      type: 'partenariat',
      titre: 'Partenariat SIAO',
      territoire_id: PARIS,
      parties: [
        { structure_id: 'a', role: 'partenaire' },
        { structure_id: 'b', role: 'porteur' },
      ],
      objectifs: [
        { libelle: 'Orientations traitées', cible: 40 },
        { libelle: 'Réunions', cible: null },
      ],
      date_effet: '2027-01-01',
      date_echeance: null,
    });
  });
});
