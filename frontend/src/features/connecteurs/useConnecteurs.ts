import { queryKeys } from '../../api/queryKeys';
/** Server state of a chantier's Les emplois connection and of its arrivals to welcome. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, ifMatch, unwrap } from '../../api/client';
import type { AccueilIn, ConnexionEmploisIn } from '../../api/types';

export function useConnexion(chantierId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.connecteurs.connexion(chantierId),
    enabled: options.enabled ?? true,
    queryFn: async ({ signal }) => {
      const result = await client.GET('/api/v1/chantiers/{chantier_id}/connexion-emplois', {
        params: { path: { chantier_id: chantierId } },
        signal,
      });
      return { connexion: unwrap(result), etag: result.response.headers.get('ETag') };
    },
  });
}

export function useEnregistrerConnexion(chantierId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ body, etag }: { body: ConnexionEmploisIn; etag: string | null }) => {
      const result = await client.PUT('/api/v1/chantiers/{chantier_id}/connexion-emplois', {
        params: { path: { chantier_id: chantierId }, header: ifMatch(etag) },
        body,
      });
      return { connexion: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    onSuccess: (data) => queryClient.setQueryData(queryKeys.connecteurs.connexion(chantierId), data),
  });
}

export function useTesterConnexion(chantierId: string) {
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async () =>
      unwrap(
        await client.POST('/api/v1/chantiers/{chantier_id}/connexion-emplois/test', {
          params: { path: { chantier_id: chantierId } },
        }),
      ),
  });
}

export function useSynchroniser(chantierId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async () => {
      const result = await client.POST('/api/v1/chantiers/{chantier_id}/connexion-emplois/synchroniser', {
        params: { path: { chantier_id: chantierId } },
      });
      return { connexion: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    onSuccess: (data) => {
      queryClient.setQueryData(queryKeys.connecteurs.connexion(chantierId), data);
      void queryClient.invalidateQueries({ queryKey: queryKeys.connecteurs.arrivees(chantierId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.aFaire.all });
    },
  });
}

export function useArrivees(chantierId: string) {
  return useQuery({
    queryKey: queryKeys.connecteurs.arrivees(chantierId),
    queryFn: async ({ signal }) =>
      unwrap(
        await client.GET('/api/v1/chantiers/{chantier_id}/arrivees', {
          params: { path: { chantier_id: chantierId } },
          signal,
        }),
      ).items,
  });
}

export function useAccueillir(chantierId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ arriveeId, version, body }: { arriveeId: string; version: number; body: AccueilIn }) =>
      unwrap(
        await client.POST('/api/v1/arrivees/{arrivee_id}/accueillir', {
          params: { path: { arrivee_id: arriveeId }, header: ifMatch(`W/"${version}"`) },
          body,
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.connecteurs.arrivees(chantierId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.aFaire.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.parcours.all });
    },
  });
}
