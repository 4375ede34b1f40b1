/**
 * The indicators page's filters, kept in the address, and the API queries
 * they make (pure, unit-tested). Under statistical secrecy the API wants a
 * year: a whole calendar year of exits, an entry cohort, or a grouping by year.
 */
import type { Cellule, GroupePar, IndicateursQuery, Moi } from '../../api/types';
import { inChantier } from '../../app/permissions';
import { aDesDonnees, CODES_GRAPHIQUE, type CodeGraphique } from './format';

/** The address parameters of the page. */
export const PARAMS_INDICATEURS = ['periode', 'annee', 'territoire', 'chantier', 'comparer', 'indicateur'] as const;
export type ParamIndicateurs = (typeof PARAMS_INDICATEURS)[number];

/** Exits of a calendar year, parcours entered a year (cohort), or every exit ever. */
export type ModePeriode = 'sortie' | 'cohorte' | 'toutes';
export type Comparaison = Extract<GroupePar, 'territoire' | 'chantier'>;

export interface Filtres {
  mode: ModePeriode;
  /** The year of exits or of entry; null until the page picks its default. */
  annee: number | null;
  territoire: string | undefined;
  chantier: string | undefined;
  /** What the comparison chart puts side by side, as asked in the address. */
  comparer: Comparaison | undefined;
  /** The indicator the charts show. */
  indicateur: CodeGraphique;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ANNEE_MIN = 2000;
const ANNEE_MAX = 2100;
/** The programme's first exits measured (the brochure compares with 2012). */
export const PREMIERE_ANNEE = 2012;

function uuid(value: string): string | undefined {
  return UUID.test(value) ? value : undefined;
}

function annee(value: string): number | null {
  if (!/^\d{4}$/.test(value)) return null;
  const year = Number(value);
  return year >= ANNEE_MIN && year <= ANNEE_MAX ? year : null;
}

/** Reads untrusted address parameters; "all years" only for roles with exact figures. */
export function lireFiltres(values: Record<ParamIndicateurs, string>, options: { masque: boolean }): Filtres {
  const mode: ModePeriode =
    values.periode === 'cohorte' ? 'cohorte' : values.periode === 'toutes' && !options.masque ? 'toutes' : 'sortie';
  const indicateur = (CODES_GRAPHIQUE as readonly string[]).includes(values.indicateur)
    ? (values.indicateur as CodeGraphique)
    : 'sorties_dynamiques';
  return {
    mode,
    annee: mode === 'toutes' ? null : annee(values.annee),
    territoire: uuid(values.territoire),
    chantier: uuid(values.chantier),
    comparer: values.comparer === 'territoire' || values.comparer === 'chantier' ? values.comparer : undefined,
    indicateur,
  };
}

function lieu(filtres: Pick<Filtres, 'territoire' | 'chantier'>): IndicateursQuery {
  return {
    ...(filtres.territoire === undefined ? {} : { territoire: filtres.territoire }),
    ...(filtres.chantier === undefined ? {} : { chantier: filtres.chantier }),
  };
}

/**
 * The query of the selected scope and period. `annee` is the year in force
 * (the filters' or the default one); ignored for "all years".
 */
export function requeteIndicateurs(filtres: Filtres, annee: number | null, groupePar?: GroupePar): IndicateursQuery {
  const query: IndicateursQuery = lieu(filtres);
  if (filtres.mode === 'sortie' && annee !== null) {
    query.periode_sortie_debut = `${annee}-01-01`;
    query.periode_sortie_fin = `${annee}-12-31`;
  } else if (filtres.mode === 'cohorte' && annee !== null) {
    query.cohorte_entree = annee;
  }
  if (groupePar !== undefined) query.groupe_par = groupePar;
  return query;
}

/** The year-by-year trend of the scope: every exit year (allowed under secrecy too). */
export function requeteTendance(filtres: Pick<Filtres, 'territoire' | 'chantier'>): IndicateursQuery {
  return { ...lieu(filtres), groupe_par: 'annee' };
}

/** Whether the reader may put territoires side by side (several in its perimeter, none chosen). */
export function peutComparerTerritoires(moi: Pick<Moi, 'role' | 'perimetre'>, filtres: Pick<Filtres, 'territoire'>): boolean {
  if (inChantier(moi.role) || filtres.territoire !== undefined) return false;
  return moi.perimetre.national || moi.perimetre.territoire_ids.length > 1;
}

/**
 * What the comparison chart shows: territoires when the reader sees several
 * and chose none (unless it asked for chantiers), otherwise the chantiers; no
 * comparison once a chantier is chosen.
 */
export function comparaisonPour(moi: Pick<Moi, 'role' | 'perimetre'>, filtres: Filtres): Comparaison | null {
  if (filtres.chantier !== undefined) return null;
  if (!peutComparerTerritoires(moi, filtres)) return 'chantier';
  return filtres.comparer ?? 'territoire';
}

/**
 * The year shown when the address names none: the last complete year when it
 * has exits, otherwise the latest earlier year that has some, otherwise the
 * last complete year anyway.
 */
export function anneeParDefaut(tendance: readonly Cellule[] | undefined, aujourdhui: Date = new Date()): number {
  const derniere = aujourdhui.getFullYear() - 1;
  const avecDonnees = (tendance ?? [])
    .filter(aDesDonnees)
    .map((cellule) => Number(cellule.cle))
    .filter((year) => Number.isInteger(year) && year <= derniere);
  if (avecDonnees.includes(derniere) || avecDonnees.length === 0) return derniere;
  return Math.max(...avecDonnees);
}

/** The years offered, newest first: this year back to the first with data (or 2012). */
export function anneesProposees(tendance: readonly Cellule[] | undefined, aujourdhui: Date = new Date(), choisie?: number | null): number[] {
  const courante = aujourdhui.getFullYear();
  const connues = (tendance ?? []).map((cellule) => Number(cellule.cle)).filter((year) => Number.isInteger(year) && year >= ANNEE_MIN);
  if (choisie !== null && choisie !== undefined) connues.push(choisie);
  const premiere = Math.min(PREMIERE_ANNEE, ...connues);
  const derniere = Math.max(courante, ...connues);
  const years: number[] = [];
  for (let year = derniere; year >= premiere; year -= 1) years.push(year);
  return years;
}

/** The period in words: "Sorties de 2025", "Parcours entrés en 2023", "Toutes les sorties". */
export function libellePeriode(mode: ModePeriode, annee: number | null): string {
  if (mode === 'toutes' || annee === null) return 'Toutes les sorties, toutes années confondues';
  return mode === 'cohorte' ? `Parcours entrés en ${annee}` : `Sorties de ${annee}`;
}
