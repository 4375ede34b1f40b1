/**
 * The public pages' reads: two anonymous GETs, typed from the generated schema. No client
 * library and no server-state cache library (they belong to the staff application): one
 * request per address and page load, shared by every page that asks.
 */
import { useEffect, useState } from 'react';

import type { components } from '../api/schema';

export type ProgrammePublic = components['schemas']['ProgrammeOut'];
export type TerritoirePublic = components['schemas']['TerritoirePublic'];
export type ResultatsPublics = components['schemas']['ResultatsOut'];
export type PeriodePublique = components['schemas']['PeriodePublique'];
export type ChiffrePublic = components['schemas']['ChiffrePublic'];

const PATHS = {
  programme: '/api/v1/public/programme',
  resultats: '/api/v1/public/resultats',
} as const;

type Loaded = { programme: ProgrammePublic; resultats: ResultatsPublics };

const pending = new Map<string, Promise<unknown>>();

function load<K extends keyof Loaded>(key: K): Promise<Loaded[K]> {
  const path = PATHS[key];
  let promise = pending.get(path) as Promise<Loaded[K]> | undefined;
  if (promise === undefined) {
    promise = fetch(path, { headers: { Accept: 'application/json' } }).then(async (response) => {
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return (await response.json()) as Loaded[K];
    });
    // A failure is not kept: the next page asks again.
    promise.catch(() => pending.delete(path));
    pending.set(path, promise);
  }
  return promise;
}

export interface PublicData<T> {
  data: T | null;
  failed: boolean;
}

function usePublic<K extends keyof Loaded>(key: K): PublicData<Loaded[K]> {
  const [state, setState] = useState<PublicData<Loaded[K]>>({ data: null, failed: false });
  useEffect(() => {
    let live = true;
    load(key).then(
      (data) => live && setState({ data, failed: false }),
      () => live && setState({ data: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

/** The territoires (region, statut, opening year) and the contacts. */
export function useProgramme(): PublicData<ProgrammePublic> {
  return usePublic('programme');
}

/** The national figures of the last complete year and of the last entry cohorts, masked. */
export function useResultats(): PublicData<ResultatsPublics> {
  return usePublic('resultats');
}

const nombre = new Intl.NumberFormat('fr-FR');
const pourcentage = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

/** A published count in French ("1 234"), or what stands in its place ("moins de 11"). */
export function formatNombre(chiffre: ChiffrePublic): string {
  return chiffre.nombre === null ? (chiffre.mention ?? 'non publié') : nombre.format(chiffre.nombre);
}

/** A share ("47 %"), or null when one of its counts is not published. */
export function formatTaux(chiffre: ChiffrePublic): string | null {
  return chiffre.taux === null ? null : pourcentage.format(chiffre.taux);
}
