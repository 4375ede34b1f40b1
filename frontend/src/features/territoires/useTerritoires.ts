/**
 * Server state of the territoires feature: query keys and calls through the
 * typed client. Screens read territoires and structures only through these hooks.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, ifMatch, unwrap } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import type {
  Densite,
  Territoire,
  TerritoireCreate,
  TerritoireDetail,
  TerritoireStatut,
  TerritoireUpdate,
} from '../../api/types';

export interface TerritoireFilters {
  statut?: TerritoireStatut;
  densite?: Densite;
}

const PAGE_SIZE = 50;


/** Territoires matching the filters, page after page ("Afficher plus"). */
export function useTerritoires(filters: TerritoireFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.territoires.list(filters),
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

/** A territoire (with porteur, FAS, chargés de partenariat, history) and its ETag. */
export interface TerritoireVersion {
  territoire: TerritoireDetail;
  etag: string | null;
}

export function useTerritoire(territoireId: string) {
  return useQuery({
    queryKey: queryKeys.territoires.detail(territoireId),
    queryFn: async ({ signal }): Promise<TerritoireVersion> => {
      const result = await client.GET('/api/v1/territoires/{territoire_id}', {
        params: { path: { territoire_id: territoireId } },
        signal,
      });
      return { territoire: unwrap(result), etag: result.response.headers.get('ETag') };
    },
  });
}

/** Every territoire, read whole (a few pages at most), for selects and names. */
export function useTousTerritoires(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.territoires.tous(),
    enabled: options.enabled ?? true,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const items: Territoire[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const result: { items: Territoire[]; next_cursor?: string | null } = unwrap(
          await client.GET('/api/v1/territoires', {
            params: { query: { limit: 200, ...(cursor === null ? {} : { cursor }) } },
            signal,
          }),
        );
        items.push(...result.items);
        cursor = result.next_cursor ?? null;
        if (cursor === null) break;
      }
      return items;
    },
  });
}

export function useCreerTerritoire() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: TerritoireCreate) => unwrap(await client.POST('/api/v1/territoires', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.territoires.all }),
  });
}

export function useModifierTerritoire(territoireId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ changes, etag }: { changes: TerritoireUpdate; etag: string | null }) => {
      const result = await client.PATCH('/api/v1/territoires/{territoire_id}', {
        params: { path: { territoire_id: territoireId }, header: ifMatch(etag) },
        body: changes,
      });
      return unwrap(result);
    },
    // The PATCH answers the short form: read the detail (porteur, history) again.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.territoires.all }),
  });
}

/** Structures attached to one territoire. */
export function useStructuresDuTerritoire(territoireId: string, options: { enabled?: boolean } = {}) {
  const filters = { territoire_id: territoireId };
  return useInfiniteQuery({
    queryKey: queryKeys.structures.list(filters),
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
