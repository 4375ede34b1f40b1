import { queryKeys } from '../../api/queryKeys';
/** Server state of a chantier's Les emplois connection and of its arrivals to welcome. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, ifMatch, unwrap } from '../../api/client';
import type { AccueilIn, ConnexionEmploisIn, ImportDataInclusionForm } from '../../api/types';

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

// --- data·inclusion: the directory import (dry run, review, confirmation) ---------------------

export interface ImportAnnuaireIn {
  territoireId: string;
  /** The published file (structures.json), or one file holding structures and services. */
  structures: File;
  services: File | null;
  departements: string;
  codesInsee: string;
}

/** The dry run: nothing is written; the answer is the report to review. */
export function usePreparerImport() {
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (input: ImportAnnuaireIn) => {
      const form = new FormData();
      form.append('structures', input.structures, input.structures.name);
      if (input.services !== null) form.append('services', input.services, input.services.name);
      form.append('departements', input.departements);
      form.append('codes_insee', input.codesInsee);
      return unwrap(
        await client.POST('/api/v1/territoires/{territoire_id}/data-inclusion/imports', {
          params: { path: { territoire_id: input.territoireId } },
          // multipart: the browser writes the boundary; openapi-fetch passes FormData through.
          body: form as unknown as ImportDataInclusionForm,
        }),
      );
    },
  });
}

export function useImportAnnuaire(importId: string | null) {
  return useQuery({
    queryKey: queryKeys.connecteurs.importDataInclusion(importId ?? ''),
    enabled: importId !== null,
    queryFn: async ({ signal }) =>
      unwrap(
        await client.GET('/api/v1/data-inclusion/imports/{import_id}', {
          params: { path: { import_id: importId ?? '' } },
          signal,
        }),
      ),
  });
}

export function useConfirmerImport() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (importId: string) =>
      unwrap(
        await client.POST('/api/v1/data-inclusion/imports/{import_id}/confirmer', {
          params: { path: { import_id: importId } },
        }),
      ),
    onSuccess: (data) => {
      queryClient.setQueryData(queryKeys.connecteurs.importDataInclusion(data.id), data);
      void queryClient.invalidateQueries({ queryKey: queryKeys.structures.all });
    },
  });
}
