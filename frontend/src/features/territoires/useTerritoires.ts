/**
 * Server state of the territoires feature: query keys and calls through the
 * typed client. Screens read territoires and structures only through these hooks.
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';

import { client, unwrap } from '../../api/client';
import type { Densite, StructureListQuery, TerritoireStatut } from '../../api/types';

export interface TerritoireFilters {
  statut?: TerritoireStatut;
  densite?: Densite;
}

const PAGE_SIZE = 50;

export const territoireKeys = {
  all: ['territoires'] as const,
  lists: () => [...territoireKeys.all, 'list'] as const,
  list: (filters: TerritoireFilters) => [...territoireKeys.lists(), filters] as const,
  details: () => [...territoireKeys.all, 'detail'] as const,
  detail: (id: string) => [...territoireKeys.details(), id] as const,
};

export const structureKeys = {
  all: ['structures'] as const,
  lists: () => [...structureKeys.all, 'list'] as const,
  list: (filters: Omit<StructureListQuery, 'cursor' | 'limit'>) => [...structureKeys.lists(), filters] as const,
};

/** Territoires matching the filters, page after page ("Afficher plus"). */
export function useTerritoires(filters: TerritoireFilters) {
  return useInfiniteQuery({
    queryKey: territoireKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/territoires', {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useTerritoire(territoireId: string) {
  return useQuery({
    queryKey: territoireKeys.detail(territoireId),
    queryFn: async ({ signal }) =>
      unwrap(
        await client.GET('/api/v1/territoires/{territoire_id}', {
          params: { path: { territoire_id: territoireId } },
          signal,
        }),
      ),
  });
}

/** Structures attached to one territoire. */
export function useStructuresDuTerritoire(territoireId: string, options: { enabled?: boolean } = {}) {
  const filters = { territoire_id: territoireId };
  return useInfiniteQuery({
    queryKey: structureKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/structures', {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    enabled: options.enabled ?? true,
  });
}
