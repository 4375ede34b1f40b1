/**
 * Server state of the history import (docs/import.md): the template's columns, an import's
 * status and progress (polled while the server works), its rows page after page, and the
 * two writes (upload, confirmation). Screens read them only through these hooks.
 */
import { useEffect } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, unwrap } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import type { ActionLigne, ImportHistorique, StatutImport } from '../../api/types';

const PAGE_LIGNES = 50;
/** How often the page asks where the server is, while it analyses or applies. */
export const INTERVALLE_SUIVI_MS = 1000;

/** The statuses during which the server works (the page polls). */
export function enCours(statut: StatutImport | undefined): boolean {
  return statut === 'analyse' || statut === 'application';
}

/** The template's columns and allowed values, as the Excel workbook lists them. */
export function useGabarit() {
  return useQuery({
    queryKey: queryKeys.imports.gabarit(),
    staleTime: 10 * 60_000,
    queryFn: async ({ signal }) => unwrap(await client.GET('/api/v1/imports/gabarit', { signal })),
  });
}

/** One import, polled while it is analysed or applied. */
export function useImport(importId: string | null) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.imports.detail(importId ?? ''),
    enabled: importId !== null,
    retry: false,
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/imports/{import_id}', { params: { path: { import_id: importId ?? '' } }, signal })),
    refetchInterval: (query) => (enCours(query.state.data?.statut) ? INTERVALLE_SUIVI_MS : false),
  });
  // Once the server is done, the rows carry what was applied: read them again.
  const statut = query.data?.statut;
  useEffect(() => {
    if (importId !== null && statut !== undefined && !enCours(statut)) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.imports.lignesDe(importId) });
    }
  }, [importId, statut, queryClient]);
  return query;
}

/** The rows of an import (one action, or all), page after page with the API's cursor. */
export function useLignesImport(importId: string, action: ActionLigne | null, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: queryKeys.imports.lignes(importId, action),
    enabled,
    retry: false,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/imports/{import_id}/lignes', {
          params: {
            path: { import_id: importId },
            query: { limit: PAGE_LIGNES, ...(action === null ? {} : { action }), ...(pageParam === null ? {} : { cursor: pageParam }) },
          },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Uploads a file: the server reads it and starts the dry run (nothing is written). */
export function useDeposerImport() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (fichier: File): Promise<ImportHistorique> => {
      const form = new FormData();
      form.append('fichier', fichier, fichier.name);
      // openapi-fetch sends a FormData body as is (the browser sets the multipart boundary).
      const body = form as unknown as { fichier: string };
      return unwrap(await client.POST('/api/v1/imports', { body }));
    },
    onSuccess: (created) => queryClient.setQueryData(queryKeys.imports.detail(created.id), created),
  });
}

/** Confirms an analysed import: the server applies it in batches (the page follows). */
export function useConfirmerImport(importId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (): Promise<ImportHistorique> =>
      unwrap(await client.POST('/api/v1/imports/{import_id}/confirmation', { params: { path: { import_id: importId } } })),
    onSuccess: (applying) => {
      queryClient.setQueryData(queryKeys.imports.detail(importId), applying);
      void queryClient.invalidateQueries({ queryKey: queryKeys.imports.lignesDe(importId) });
    },
  });
}
