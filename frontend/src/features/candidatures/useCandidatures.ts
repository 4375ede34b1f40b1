/**
 * Server state of the instruction of applications (staff side). Screens read and write
 * through these hooks only.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, unwrap } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import type { CandidatureDetail, StatutCandidature, VoieCandidature } from '../../api/types';

const PAGE_SIZE = 50;

export interface CandidatureFilters {
  statut?: StatutCandidature;
  voie?: VoieCandidature;
  territoire_id?: string;
}

function compact(filters: CandidatureFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>;
}

export function useCandidatures(filters: CandidatureFilters) {
  const query = compact(filters);
  return useInfiniteQuery({
    queryKey: queryKeys.candidatures.list(query),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/candidatures', {
          params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCompteursCandidatures(filters: Omit<CandidatureFilters, 'statut'>) {
  const query = compact(filters);
  return useQuery({
    queryKey: queryKeys.candidatures.compteurs(query),
    queryFn: async ({ signal }) => unwrap(await client.GET('/api/v1/candidatures/compteurs', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useIndicateursCandidatures() {
  return useQuery({
    queryKey: queryKeys.candidatures.indicateurs(),
    queryFn: async ({ signal }) => unwrap(await client.GET('/api/v1/candidatures/indicateurs', { signal })),
  });
}

export function useCandidature(candidatureId: string) {
  return useQuery({
    queryKey: queryKeys.candidatures.detail(candidatureId),
    queryFn: async ({ signal }): Promise<CandidatureDetail> =>
      unwrap(await client.GET('/api/v1/candidatures/{candidature_id}', { params: { path: { candidature_id: candidatureId } }, signal })),
  });
}

export type CommandeCandidature =
  | { verbe: 'commentaire'; texte: string }
  | { verbe: 'instruction' }
  | { verbe: 'refus'; motif: string }
  | { verbe: 'classement'; message?: string }
  | { verbe: 'acceptation'; message?: string; confirmer_mise_a_jour?: boolean; densite?: 'dense' | 'peu_dense' };

/** Comment, take up, decide: every answer is the application's new detail. */
export function useCommandeCandidature(candidatureId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (commande: CommandeCandidature): Promise<CandidatureDetail> => {
      const path = { params: { path: { candidature_id: candidatureId } } };
      switch (commande.verbe) {
        case 'commentaire':
          return unwrap(await client.POST('/api/v1/candidatures/{candidature_id}/commentaires', { ...path, body: { texte: commande.texte } }));
        case 'instruction':
          return unwrap(await client.POST('/api/v1/candidatures/{candidature_id}/instruction', path));
        case 'refus':
          return unwrap(await client.POST('/api/v1/candidatures/{candidature_id}/refus', { ...path, body: { motif: commande.motif } }));
        case 'classement':
          return unwrap(await client.POST('/api/v1/candidatures/{candidature_id}/classement', { ...path, body: { message: commande.message ?? null } }));
        case 'acceptation': {
          const body = {
            confirmer_mise_a_jour: commande.confirmer_mise_a_jour ?? false,
            ...(commande.message === undefined ? {} : { message: commande.message }),
            ...(commande.densite === undefined ? {} : { densite: commande.densite }),
          };
          return unwrap(await client.POST('/api/v1/candidatures/{candidature_id}/acceptation', { ...path, body }));
        }
      }
    },
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.candidatures.detail(candidatureId), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.candidatures.all, refetchType: 'inactive' });
    },
  });
}

/** Downloads an application's document with the bearer token and saves it. */
export function useTelechargerDocumentCandidature(candidatureId: string) {
  return useMutation({
    mutationFn: async (document_: { id: string; nom_fichier: string }) => {
      const result = await client.GET('/api/v1/candidatures/{candidature_id}/documents/{document_id}', {
        params: { path: { candidature_id: candidatureId, document_id: document_.id } },
        parseAs: 'blob',
      });
      const blob = unwrap(result as { data?: Blob; error?: unknown; response: Response });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = document_.nom_fichier;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  });
}
