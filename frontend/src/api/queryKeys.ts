/**
 * The query keys of the whole SPA: one factory per resource, shared by every feature.
 *
 * Rules (checked by queryKeys.test.ts):
 * - no feature writes a key by hand: every `queryKey` comes from here;
 * - two factories never produce the same key (nor one the prefix of another's detail);
 * - one key is read by one hook only, so the shape cached under it is defined once
 *   (a feature that needs a parcours or a person imports the hook of its owner).
 */
import type {
  ActionLigne,
  CaseloadQuery,
  ConventionListQuery,
  Densite,
  Domaine,
  IndicateursQuery,
  SelectionEvaluation,
  StatutOrientation,
  StructureListQuery,
  StructureType,
  TerritoireStatut,
  TypeJournal,
} from './types';

export type CaseloadFilters = Omit<CaseloadQuery, 'limit' | 'cursor'>;
export type StructureFilters = Omit<StructureListQuery, 'cursor' | 'limit'>;
export type ConventionFilters = Omit<ConventionListQuery, 'cursor' | 'limit'>;

export interface OrientationFilters {
  statut?: StatutOrientation;
  parcours_id?: string;
}

export interface TerritoireFilters {
  statut?: TerritoireStatut;
  densite?: Densite;
}


export const queryKeys = {
  aFaire: {
    all: ['a-faire'] as const,
    /** The inbox: `{ items, ... }` as the API returns it. */
    inbox: () => ['a-faire', 'inbox'] as const,
  },
  parcours: {
    all: ['parcours'] as const,
    caseload: (filters: CaseloadFilters) => ['parcours', 'caseload', filters] as const,
    /** The caseworker's people, one page of 200, for pickers. */
    fileActive: () => ['parcours', 'file-active'] as const,
    /** `{ parcours, etag }`. */
    detail: (id: string) => ['parcours', 'detail', id] as const,
    journal: (id: string, type: TypeJournal | null) => ['parcours', 'journal', id, type ?? 'tous'] as const,
    /** The person at a glance, as the API returns it. */
    synthese: (id: string) => ['parcours', 'synthese', id] as const,
  },
  salaries: {
    all: ['salaries'] as const,
    /** `{ salarie, etag }`. */
    detail: (id: string) => ['salaries', 'detail', id] as const,
    consentements: (id: string) => ['salaries', 'consentements', id] as const,
    referents: (id: string) => ['salaries', 'referents', id] as const,
    acces: (id: string) => ['salaries', 'acces', id] as const,
    effacement: (id: string) => ['salaries', 'effacement', id] as const,
  },
  freins: {
    referentiel: () => ['referentiel'] as const,
    ofParcours: (parcoursId: string) => ['freins', parcoursId] as const,
    diagnostics: (parcoursId: string) => ['freins', parcoursId, 'diagnostics'] as const,
    freins: (parcoursId: string) => ['freins', parcoursId, 'freins'] as const,
    evolution: (parcoursId: string) => ['freins', parcoursId, 'evolution'] as const,
  },
  orientations: {
    all: ['orientations'] as const,
    lists: () => ['orientations', 'list'] as const,
    list: (filters: OrientationFilters) => ['orientations', 'list', filters] as const,
    /** `{ orientation, etag }`. */
    detail: (id: string) => ['orientations', 'detail', id] as const,
    apercu: (id: string) => ['orientations', 'apercu', id] as const,
    messages: (id: string) => ['orientations', 'messages', id] as const,
    statistiquesAll: () => ['orientations', 'statistiques'] as const,
    statistiques: (territoireId: string | null) => ['orientations', 'statistiques', territoireId] as const,
  },
  structures: {
    all: ['structures'] as const,
    lists: () => ['structures', 'list'] as const,
    list: (filters: StructureFilters) => ['structures', 'list', filters] as const,
    annuaire: (filters: StructureFilters) => ['structures', 'annuaire', filters] as const,
    recherche: (filters: StructureFilters) => ['structures', 'recherche', filters] as const,
    partenaires: (filters: { domaine?: Domaine; territoire_id?: string }) => ['structures', 'partenaires', filters] as const,
    parType: (type: StructureType) => ['structures', 'par-type', type] as const,
    chantiers: (territoireId: string | null) => ['structures', 'chantiers', territoireId] as const,
    /** The bare structure. */
    detail: (id: string) => ['structures', 'detail', id] as const,
    /** `{ structure, etag }`. */
    version: (id: string) => ['structures', 'version', id] as const,
  },
  candidatures: {
    all: ['candidatures'] as const,
    list: (filters: Record<string, string>) => ['candidatures', 'list', filters] as const,
    compteurs: (filters: Record<string, string>) => ['candidatures', 'compteurs', filters] as const,
    /** `{ candidature, etag }`. */
    detail: (id: string) => ['candidatures', 'detail', id] as const,
    indicateurs: () => ['candidatures', 'indicateurs'] as const,
  },
  conventions: {
    all: ['conventions'] as const,
    lists: () => ['conventions', 'list'] as const,
    list: (filters: ConventionFilters) => ['conventions', 'list', filters] as const,
    /** `{ convention, etag }`. */
    version: (id: string) => ['conventions', 'version', id] as const,
  },
  territoires: {
    all: ['territoires'] as const,
    lists: () => ['territoires', 'list'] as const,
    list: (filters: TerritoireFilters) => ['territoires', 'list', filters] as const,
    detail: (id: string) => ['territoires', 'detail', id] as const,
    /** Every territoire (Territoire[]), for selects and names. */
    tous: () => ['territoires', 'tous'] as const,
  },
  connecteurs: {
    connexion: (chantierId: string) => ['connexion-emplois', chantierId] as const,
    arrivees: (chantierId: string) => ['arrivees', chantierId] as const,
    importDataInclusion: (importId: string) => ['import-data-inclusion', importId] as const,
  },
  comptes: {
    invitation: (jeton: string) => ['invitation', jeton] as const,
    courrielsDemo: ['demo', 'courriels'] as const,
    methodes: ['auth', 'methodes'] as const,
  },
  utilisateurs: {
    all: ['utilisateurs'] as const,
    lists: () => ['utilisateurs', 'list'] as const,
    list: (filters: object) => ['utilisateurs', 'list', filters] as const,
    detail: (id: string) => ['utilisateurs', 'detail', id] as const,
  },
  clientsApi: {
    all: ['clients-api'] as const,
    list: () => ['clients-api', 'list'] as const,
    detail: (id: string) => ['clients-api', 'detail', id] as const,
  },
  audit: {
    all: ['audit'] as const,
    list: (filters: object) => ['audit', 'list', filters] as const,
  },
  rgpd: {
    retention: () => ['rgpd', 'retention'] as const,
  },
  indicateurs: {
    all: ['indicateurs'] as const,
    requete: (query: IndicateursQuery) => ['indicateurs', query] as const,
  },
  evaluation: {
    /** The headline figures over the evaluation dataset of a selection. */
    synthese: (selection: SelectionEvaluation) => ['evaluation', 'synthese', selection] as const,
  },
  imports: {
    /** The template's columns and allowed values. */
    gabarit: () => ['imports', 'gabarit'] as const,
    /** One import: status, progress, counts. */
    detail: (id: string) => ['imports', 'detail', id] as const,
    /** Every list of rows of an import (to refresh them all). */
    lignesDe: (id: string) => ['imports', 'lignes', id] as const,
    /** Its rows, one action or all, page after page. */
    lignes: (id: string, action: ActionLigne | null) => ['imports', 'lignes', id, action ?? 'toutes'] as const,
  },
};
