/**
 * Form values of the network screens (strings, as typed) and the API bodies
 * built from them. Pure functions: unit-tested, no React.
 */
import type {
  Contact,
  ConventionCreate,
  Domaine,
  Engagement,
  ObjectifConvention,
  PartieIn,
  RolePartie,
  Structure,
  StructureCreate,
  StructureType,
  StructureUpdate,
  TypeConvention,
  TypePartenaire,
} from '../../api/types';

/** "" or spaces -> null; otherwise the trimmed text. */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** "12" -> 12; "" -> null; anything else -> undefined (not a whole number). */
export function parseWholeNumber(value: string): number | null | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** "1 234 567 89000 12" -> "12345678900012": people paste SIRETs with spaces. */
export function normaliseSiret(value: string): string | null {
  return blankToNull(value.replace(/\s+/g, ''));
}

export interface ContactValues {
  nom: string;
  fonction: string;
  courriel: string;
  telephone: string;
}

export interface StructureFormValues {
  type: StructureType | '';
  nom: string;
  siret: string;
  territoire_id: string;
  adresse: string;
  code_postal: string;
  commune: string;
  courriel: string;
  telephone: string;
  site_web: string;
  // chantiers
  nombre_postes: string;
  activites_support: string;
  porteur_coordination: boolean;
  // partenaires
  type_partenaire: TypePartenaire | '';
  domaines: Domaine[];
  territoire_ids_servis: string[];
  engagement: Engagement | null;
  contacts: ContactValues[];
}

export const emptyContact: ContactValues = { nom: '', fonction: '', courriel: '', telephone: '' };

export function emptyStructureForm(type: StructureType | '' = '', territoireId = ''): StructureFormValues {
  return {
    type,
    nom: '',
    siret: '',
    territoire_id: territoireId,
    adresse: '',
    code_postal: '',
    commune: '',
    courriel: '',
    telephone: '',
    site_web: '',
    nombre_postes: '',
    activites_support: '',
    porteur_coordination: false,
    type_partenaire: '',
    domaines: [],
    territoire_ids_servis: [],
    engagement: null,
    contacts: [],
  };
}

export function structureFormFrom(structure: Structure): StructureFormValues {
  return {
    type: structure.type,
    nom: structure.nom,
    siret: structure.siret ?? '',
    territoire_id: structure.territoire_id ?? '',
    adresse: structure.adresse ?? '',
    code_postal: structure.code_postal ?? '',
    commune: structure.commune ?? '',
    courriel: structure.courriel ?? '',
    telephone: structure.telephone ?? '',
    site_web: structure.site_web ?? '',
    nombre_postes: structure.nombre_postes === null || structure.nombre_postes === undefined ? '' : String(structure.nombre_postes),
    activites_support: (structure.activites_support ?? []).join(', '),
    porteur_coordination: structure.porteur_coordination,
    type_partenaire: structure.type_partenaire ?? '',
    domaines: [...(structure.domaines ?? [])],
    territoire_ids_servis: [...(structure.territoire_ids_servis ?? [])],
    engagement: structure.engagement ?? null,
    contacts: (structure.contacts ?? []).map((contact) => ({
      nom: contact.nom,
      fonction: contact.fonction ?? '',
      courriel: contact.courriel ?? '',
      telephone: contact.telephone ?? '',
    })),
  };
}

/** "menuiserie, maraîchage ,  " -> ["menuiserie", "maraîchage"]. */
export function splitList(value: string): string[] {
  return value
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function contactBody(contact: ContactValues): Contact {
  return {
    nom: contact.nom.trim(),
    fonction: blankToNull(contact.fonction),
    courriel: blankToNull(contact.courriel),
    telephone: blankToNull(contact.telephone),
  };
}

/** Errors the form can tell before asking the API (the API still checks everything). */
export function structureFormErrors(values: StructureFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.type === '') errors.type = 'Choisissez le type de structure.';
  if (values.nom.trim() === '') errors.nom = 'Indiquez le nom de la structure.';
  if (values.type === 'chantier' && parseWholeNumber(values.nombre_postes) === undefined) {
    errors.nombre_postes = 'Indiquez un nombre entier de postes.';
  }
  values.contacts.forEach((contact, index) => {
    if (contact.nom.trim() === '') errors[`contacts.${index}.nom`] = 'Indiquez le nom du contact.';
  });
  return errors;
}

/** The fields common to a creation and a change, by type of structure. */
type StructureFields = Omit<StructureCreate, 'type' | 'porteur_coordination'> & { porteur_coordination?: boolean };

function structureFields(values: StructureFormValues): StructureFields {
  const fields: StructureFields = {
    nom: values.nom.trim(),
    siret: normaliseSiret(values.siret),
    territoire_id: blankToNull(values.territoire_id),
    adresse: blankToNull(values.adresse),
    code_postal: blankToNull(values.code_postal),
    commune: blankToNull(values.commune),
    courriel: blankToNull(values.courriel),
    telephone: blankToNull(values.telephone),
    site_web: blankToNull(values.site_web),
    contacts: values.contacts.map(contactBody),
  };
  if (values.type === 'chantier') {
    fields.nombre_postes = parseWholeNumber(values.nombre_postes) ?? null;
    fields.activites_support = splitList(values.activites_support);
    fields.porteur_coordination = values.porteur_coordination;
  }
  if (values.type === 'partenaire') {
    fields.type_partenaire = values.type_partenaire === '' ? null : values.type_partenaire;
    fields.domaines = values.domaines;
    // None chosen: the API serves the territoire of the structure.
    if (values.territoire_ids_servis.length > 0) fields.territoire_ids_servis = values.territoire_ids_servis;
  }
  return fields;
}

export function structureCreateBody(values: StructureFormValues): StructureCreate {
  if (values.type === '') throw new Error('type de structure manquant');
  const { porteur_coordination, ...fields } = structureFields(values);
  return { type: values.type, ...fields, porteur_coordination: porteur_coordination ?? false };
}

/** A change: every field of the form; the engagement only when it was changed by hand. */
export function structureUpdateBody(values: StructureFormValues, original: Structure): StructureUpdate {
  const body: StructureUpdate = { ...structureFields(values) };
  if (original.type === 'chantier' && values.porteur_coordination === original.porteur_coordination) {
    // Unchanged: not sent, so a change of another field never trips the porteur rules.
    delete body.porteur_coordination;
  }
  if (values.engagement !== null && values.engagement !== (original.engagement ?? null)) body.engagement = values.engagement;
  return body;
}

// --- conventions ---------------------------------------------------------------------------

export interface PartieValues {
  structure_id: string;
  nom: string;
  role: RolePartie;
}

export interface ObjectifValues {
  libelle: string;
  cible: string;
}

export interface ConventionFormValues {
  type: TypeConvention | '';
  titre: string;
  territoire_id: string;
  parties: PartieValues[];
  objectifs: ObjectifValues[];
  date_effet: string;
  date_echeance: string;
}

export function emptyConventionForm(territoireId = ''): ConventionFormValues {
  return { type: '', titre: '', territoire_id: territoireId, parties: [], objectifs: [], date_effet: '', date_echeance: '' };
}

export function conventionFormErrors(values: ConventionFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.type === '') errors.type = 'Choisissez le type de convention.';
  if (values.titre.trim() === '') errors.titre = 'Indiquez le titre de la convention.';
  if (values.parties.length < 2) errors.parties = 'Une convention lie au moins deux parties : ajoutez-les.';
  values.objectifs.forEach((objectif, index) => {
    if (objectif.libelle.trim() === '') errors[`objectifs.${index}.libelle`] = "Décrivez l'objectif.";
    if (parseWholeNumber(objectif.cible) === undefined) errors[`objectifs.${index}.cible`] = 'Indiquez un nombre entier.';
  });
  if (values.date_effet !== '' && values.date_echeance !== '' && values.date_echeance < values.date_effet) {
    errors.date_echeance = "L'échéance doit suivre la date d'effet.";
  }
  return errors;
}

export function conventionCreateBody(values: ConventionFormValues): ConventionCreate {
  if (values.type === '') throw new Error('type de convention manquant');
  const parties: PartieIn[] = values.parties.map(({ structure_id, role }) => ({ structure_id, role }));
  const objectifs: ObjectifConvention[] = values.objectifs.map((objectif) => ({
    libelle: objectif.libelle.trim(),
    cible: parseWholeNumber(objectif.cible) ?? null,
  }));
  return {
    type: values.type,
    titre: values.titre.trim(),
    territoire_id: blankToNull(values.territoire_id),
    parties,
    objectifs,
    date_effet: blankToNull(values.date_effet),
    date_echeance: blankToNull(values.date_echeance),
  };
}

/** 45 -> "45 octets", 1536 -> "1,5 Ko", 3 200 000 -> "3,1 Mo" (French units). */
export function formatTaille(bytes: number): string {
  const format = (value: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return `${format(bytes)} ${bytes > 1 ? 'octets' : 'octet'}`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024)} Ko`;
  return `${format(bytes / (1024 * 1024))} Mo`;
}

/** The largest document the API accepts (413 above). */
export const DOCUMENT_MAX_OCTETS = 20 * 1024 * 1024;
