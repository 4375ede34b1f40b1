/**
 * Server state of the personal-data screens: the access history of a person, the export
 * handed to them, the erasure (preview, then the act), and the retention status.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, unwrap } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import { toApiError } from '../../api/problem';
import type { EffacementIn, FormatDonnees } from '../../api/types';

const PAGE_SIZE = 20;


export function useAcces(salarieId: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.salaries.acces(salarieId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/salaries/{salarie_id}/acces', {
          params: {
            path: { salarie_id: salarieId },
            query: { limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) },
          },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The file name of an export, without the person's name: donnees-personnelles-2026-03-12.html. */
export function exportFileName(format: FormatDonnees, today: Date = new Date()): string {
  return `donnees-personnelles-${today.toISOString().slice(0, 10)}.${format}`;
}

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** Downloads everything held about the person (the export is traced by the API). */
export function useExportDonnees(salarieId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (format: FormatDonnees) => {
      const result = await client.GET('/api/v1/salaries/{salarie_id}/donnees', {
        params: { path: { salarie_id: salarieId }, query: { format } },
        parseAs: 'blob',
      });
      if (!result.response.ok || result.data === undefined) throw toApiError(result.error, result.response);
      save(result.data as Blob, exportFileName(format));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.salaries.acces(salarieId) }),
  });
}

export function useApercuEffacement(salarieId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.salaries.effacement(salarieId),
    enabled,
    staleTime: 0,
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/salaries/{salarie_id}/effacement', { params: { path: { salarie_id: salarieId } }, signal })),
  });
}

export function useEffacer(salarieId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: EffacementIn) =>
      unwrap(await client.POST('/api/v1/salaries/{salarie_id}/effacement', { params: { path: { salarie_id: salarieId } }, body })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: queryKeys.salaries.all });
      // Stale, not refetched now: the erased person's page would answer 404 under the dialog
      // before the screen leaves it; the lists refetch when they are shown.
      void queryClient.invalidateQueries({ queryKey: queryKeys.parcours.all, refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: queryKeys.aFaire.all });
    },
  });
}

export function useRetention() {
  return useQuery({
    queryKey: queryKeys.rgpd.retention(),
    queryFn: async ({ signal }) => unwrap(await client.GET('/api/v1/rgpd/retention', { signal })),
  });
}
