/**
 * Server state of freins and diagnostics: référentiel, diagnostics (draft,
 * validation, correction), freins and their actions, evolution by domaine.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, unwrap } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import type { ActionCreate, ActionUpdate, DiagnosticIn, DomaineIn, FreinUpdate } from '../../api/types';


export function useReferentiel() {
  return useQuery({
    queryKey: queryKeys.freins.referentiel(),
    staleTime: 10 * 60_000,
    queryFn: async ({ signal }) => unwrap(await client.GET('/api/v1/referentiel', { signal })),
  });
}

export function useDiagnostics(parcoursId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.freins.diagnostics(parcoursId),
    enabled: options.enabled ?? true,
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/parcours/{parcours_id}/diagnostics', { params: { path: { parcours_id: parcoursId } }, signal })),
  });
}

function useInvalidateFreins(parcoursId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.freins.ofParcours(parcoursId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.parcours.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.aFaire.all });
  };
}

export function useCreerDiagnostic(parcoursId: string) {
  const invalidate = useInvalidateFreins(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: DiagnosticIn) =>
      unwrap(await client.POST('/api/v1/parcours/{parcours_id}/diagnostics', { params: { path: { parcours_id: parcoursId } }, body })),
    onSuccess: invalidate,
  });
}

/** A draft's changes (If-Match: its version as ETag "W/…" is not returned in lists, so the version number is sent). */
export function useModifierDiagnostic(parcoursId: string) {
  const invalidate = useInvalidateFreins(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ diagnosticId, version, date, domaines }: { diagnosticId: string; version: number; date: string; domaines: DomaineIn[] }) =>
      unwrap(
        await client.PATCH('/api/v1/diagnostics/{diagnostic_id}', {
          params: { path: { diagnostic_id: diagnosticId }, header: { 'If-Match': etagOf(version) } },
          body: { date, domaines },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useValiderDiagnostic(parcoursId: string) {
  const invalidate = useInvalidateFreins(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (diagnosticId: string) =>
      unwrap(await client.POST('/api/v1/diagnostics/{diagnostic_id}/validation', { params: { path: { diagnostic_id: diagnosticId } } })),
    onSuccess: invalidate,
  });
}

export function useCorrigerDiagnostic(parcoursId: string) {
  const invalidate = useInvalidateFreins(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ diagnosticId, domaines }: { diagnosticId: string; domaines: DomaineIn[] }) =>
      unwrap(
        await client.POST('/api/v1/diagnostics/{diagnostic_id}/correction', {
          params: { path: { diagnostic_id: diagnosticId } },
          body: { domaines },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useFreins(parcoursId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.freins.freins(parcoursId),
    enabled: options.enabled ?? true,
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/parcours/{parcours_id}/freins', { params: { path: { parcours_id: parcoursId } }, signal })),
  });
}

export function useFreinsDepuisDiagnostic(parcoursId: string) {
  const invalidate = useInvalidateFreins(parcoursId);
  return useMutation({
    mutationFn: async (diagnosticId: string) =>
      unwrap(
        await client.POST('/api/v1/parcours/{parcours_id}/freins/depuis-diagnostic', {
          params: { path: { parcours_id: parcoursId } },
          body: { diagnostic_id: diagnosticId },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useModifierFrein(parcoursId: string) {
  const invalidate = useInvalidateFreins(parcoursId);
  return useMutation({
    mutationFn: async ({ freinId, version, changes }: { freinId: string; version: number; changes: FreinUpdate }) =>
      unwrap(
        await client.PATCH('/api/v1/freins/{frein_id}', {
          params: { path: { frein_id: freinId }, header: { 'If-Match': etagOf(version) } },
          body: changes,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useAjouterAction(parcoursId: string) {
  const invalidate = useInvalidateFreins(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ freinId, body }: { freinId: string; body: ActionCreate }) =>
      unwrap(await client.POST('/api/v1/freins/{frein_id}/actions', { params: { path: { frein_id: freinId } }, body })),
    onSuccess: invalidate,
  });
}

export function useModifierAction(parcoursId: string) {
  const invalidate = useInvalidateFreins(parcoursId);
  return useMutation({
    mutationFn: async ({ actionId, version, changes }: { actionId: string; version: number; changes: ActionUpdate }) =>
      unwrap(
        await client.PATCH('/api/v1/actions/{action_id}', {
          params: { path: { action_id: actionId }, header: { 'If-Match': etagOf(version) } },
          body: changes,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useEvolution(parcoursId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.freins.evolution(parcoursId),
    enabled: options.enabled ?? true,
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/parcours/{parcours_id}/evolution', { params: { path: { parcours_id: parcoursId } }, signal })),
  });
}

/** The ETag the API gives a version number (see api/core/concurrency.py). */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}
