/**
 * The enrolment's state before anything is written, kept as a draft in sessionStorage per
 * user (a tablet may lose the tab; leaving midway keeps the draft), and its conversion to the
 * body of POST /api/v1/parcours/inscription.
 */
import { DRAFT_PREFIX } from '../../../app/auth/drafts';
import type { InscriptionIn, Prescripteur, Sexe, SituationLogement } from '../../../api/types';
import { splitList } from '../components';
import { orNull } from '../forms';

export interface Identite {
  chantier_id: string;
  nom: string;
  prenoms: string;
  nom_usage: string;
  date_naissance: string;
  sexe: Sexe | '';
  telephone: string;
  courriel: string;
  adresse: string;
  domiciliation: string;
  langues: string;
}

export interface Consentements {
  date: string;
  notice: boolean;
  evaluation: boolean;
  partenaires: string[];
  sante: boolean;
}

export interface EntreeParcours {
  date_entree: string;
  prescripteur: Prescripteur | '';
  precision: string;
  rue: 'oui' | 'non' | '';
  duree_rue: number | string;
  logement: SituationLogement | '';
  referent: boolean;
}

export interface Inscription {
  etape: number;
  identite: Identite;
  consentements: Consentements;
  parcours: EntreeParcours;
}

export const ETAPES = ['Identité', 'Consentements', 'Parcours', "Diagnostic d'entrée"] as const;

export function nouvelleInscription(chantierId: string, today: string, referent: boolean): Inscription {
  return {
    etape: 0,
    identite: {
      chantier_id: chantierId,
      nom: '',
      prenoms: '',
      nom_usage: '',
      date_naissance: '',
      sexe: '',
      telephone: '',
      courriel: '',
      adresse: '',
      domiciliation: '',
      langues: '',
    },
    consentements: { date: today, notice: false, evaluation: false, partenaires: [], sante: false },
    parcours: { date_entree: today, prescripteur: '', precision: '', rue: '', duree_rue: '', logement: '', referent },
  };
}

/** What each step still misses, checked before going on (the API checks the rest). */
export function manques(inscription: Inscription, etape: number): Record<string, string> {
  const missing: Record<string, string> = {};
  if (etape === 0) {
    const { identite } = inscription;
    if (identite.chantier_id === '') missing.chantier_id = 'Choisissez le chantier.';
    if (identite.nom.trim() === '') missing.nom = 'Indiquez le nom.';
    if (identite.prenoms.trim() === '') missing.prenoms = 'Indiquez le ou les prénoms.';
    if (identite.date_naissance === '') missing.date_naissance = 'Indiquez la date de naissance.';
  } else if (etape === 1) {
    if (!inscription.consentements.notice) missing.notice = "Remettez et expliquez la notice d'information avant de continuer.";
    if (inscription.consentements.date === '') missing.date = 'Indiquez la date de recueil.';
  } else if (etape === 2) {
    const { parcours } = inscription;
    if (parcours.date_entree === '') missing.date_entree = "Indiquez la date d'entrée.";
    if (parcours.prescripteur === '') missing.prescripteur = 'Choisissez le prescripteur.';
    if (parcours.logement === '') missing.logement_entree = "Choisissez la situation de logement à l'entrée.";
  }
  return missing;
}

export function versApi(
  inscription: Inscription,
  options: { referentId: string | null; salarieId: string | null; confirmDistinct: boolean },
): InscriptionIn {
  const { identite, consentements: c, parcours: p } = inscription;
  const consentements: InscriptionIn['consentements'] = [];
  if (c.notice) consentements.push({ type: 'notice_information', inclut_sante: false, date_recueil: c.date });
  for (const partenaire of c.partenaires) {
    consentements.push({ type: 'partage_partenaire', partenaire_id: partenaire, inclut_sante: c.sante, date_recueil: c.date });
  }
  if (c.evaluation) consentements.push({ type: 'usage_evaluation', inclut_sante: false, date_recueil: c.date });
  return {
    ...(options.salarieId !== null
      ? { salarie_id: options.salarieId }
      : {
          salarie: {
            chantier_id: identite.chantier_id,
            nom: identite.nom.trim(),
            prenoms: identite.prenoms.trim(),
            nom_usage: orNull(identite.nom_usage),
            date_naissance: identite.date_naissance,
            sexe: identite.sexe === '' ? null : identite.sexe,
            telephone: orNull(identite.telephone),
            courriel: orNull(identite.courriel),
            adresse: orNull(identite.adresse),
            domiciliation: orNull(identite.domiciliation),
            langues: splitList(identite.langues),
            confirm_distinct: options.confirmDistinct,
          },
        }),
    consentements,
    parcours: {
      referent_id: p.referent ? options.referentId : null,
      date_entree: p.date_entree,
      prescripteur: p.prescripteur as Prescripteur,
      prescripteur_precision: orNull(p.precision),
      parcours_de_rue: p.rue === 'oui',
      duree_rue_mois: p.rue === 'oui' && p.duree_rue !== '' ? Number(p.duree_rue) : null,
      logement_entree: p.logement as SituationLogement,
    },
  };
}

/** API field errors of one part of the body ("salarie.nom" -> "nom"), and the step they belong to. */
export function erreursDe(errors: Record<string, string>, partie: 'salarie' | 'consentements' | 'parcours'): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (!field.startsWith(`${partie}.`) && field !== partie) continue;
    const rest = field.slice(partie.length + 1);
    result[partie === 'consentements' ? 'consentements' : rest || partie] = message;
  }
  return result;
}

export function etapeEnErreur(errors: Record<string, string>): number | null {
  const fields = Object.keys(errors);
  if (fields.some((f) => f.startsWith('salarie'))) return 0;
  if (fields.some((f) => f.startsWith('consentements'))) return 1;
  if (fields.some((f) => f.startsWith('parcours'))) return 2;
  return null;
}

/** Under the drafts' prefix: cleared at logout and at the session's end (app/auth/drafts). */
export function cleBrouillon(userId: string): string {
  return `${DRAFT_PREFIX}inscription:${userId}`;
}

export function lireBrouillon(storage: Pick<Storage, 'getItem'>, key: string): Inscription | null {
  try {
    const raw = storage.getItem(key);
    if (raw === null) return null;
    const value = JSON.parse(raw) as Inscription;
    if (typeof value !== 'object' || value === null || typeof value.etape !== 'number' || typeof value.identite !== 'object') return null;
    return value;
  } catch {
    return null;
  }
}

export function ecrireBrouillon(storage: Pick<Storage, 'setItem'>, key: string, value: Inscription): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the form keeps its state in memory.
  }
}
