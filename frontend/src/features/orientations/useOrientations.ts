/**
 * Server state of the orientations feature (partner referrals): the list, one
 * orientation and its ETag, the preview, the answers, the thread, the partner
 * statistics. Screens read and write them only through these hooks.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, ifMatch, unwrap } from '../../api/client';
import { type OrientationFilters, queryKeys } from '../../api/queryKeys';
import type {
  Domaine,
  MotifRefus,
  Orientation,
  OrientationCreate,
  OrientationPartenaire,
  OrientationUpdate,
  Structure,
} from '../../api/types';

const PAGE_SIZE = 50;
const SELECT_PAGE_SIZE = 200;
const SELECT_MAX_PAGES = 10;

export type AnyOrientation = Orientation | OrientationPartenaire;

export type { OrientationFilters };

/**
 * A parcours, a person and their consents are read through the parcours feature's hooks:
 * one key, one cached shape (`{ parcours, etag }`, `{ salarie, etag }`).
 */
export {
  useAjouterConsentement as useEnregistrerConsentement,
  useConsentements,
  useParcours,
  useSalarie,
} from '../parcours/useParcours';

// --- referential ------------------------------------------------------------------------------

/** Partner organisations of the directory, for the picker (optionally by domaine and territoire). */
export function usePartenaires(filters: { domaine?: Domaine; territoire_id?: string }, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.structures.partenaires(filters),
    enabled: options.enabled ?? true,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }): Promise<Structure[]> => {
      const items: Structure[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < SELECT_MAX_PAGES; page += 1) {
        const result: { items: Structure[]; next_cursor?: string | null } = unwrap(
          await client.GET('/api/v1/structures', {
            params: {
              query: { type: 'partenaire', ...filters, limit: SELECT_PAGE_SIZE, ...(cursor === null ? {} : { cursor }) },
            },
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

// --- orientations -------------------------------------------------------------------------------

export function useOrientations(filters: OrientationFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.orientations.list(filters),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/orientations', {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** An orientation and its ETag (the version a change of a draft must name in If-Match). */
export interface OrientationVersion {
  orientation: AnyOrientation;
  etag: string | null;
}

export function useOrientation(orientationId: string | null) {
  return useQuery({
    queryKey: queryKeys.orientations.detail(orientationId ?? ''),
    enabled: orientationId !== null,
    queryFn: async ({ signal }): Promise<OrientationVersion> => {
      const result = await client.GET('/api/v1/orientations/{orientation_id}', {
        params: { path: { orientation_id: orientationId ?? '' } },
        signal,
      });
      return { orientation: unwrap(result), etag: result.response.headers.get('ETag') };
    },
  });
}

/** Exactly what the partner will see if the draft is sent now. */
export function useApercu(orientationId: string | null) {
  return useQuery({
    queryKey: queryKeys.orientations.apercu(orientationId ?? ''),
    enabled: orientationId !== null,
    staleTime: 0,
    queryFn: async ({ signal }) =>
      unwrap(
        await client.GET('/api/v1/orientations/{orientation_id}/apercu', {
          params: { path: { orientation_id: orientationId ?? '' } },
          signal,
        }),
      ),
  });
}

function useRefreshAfter() {
  const queryClient = useQueryClient();
  return (orientationId: string) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.orientations.detail(orientationId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.orientations.apercu(orientationId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.orientations.lists() });
    void queryClient.invalidateQueries({ queryKey: queryKeys.orientations.statistiquesAll() });
  };
}

export function useCreerOrientation() {
  const refresh = useRefreshAfter();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: OrientationCreate) => unwrap(await client.POST('/api/v1/orientations', { body })),
    onSuccess: (created) => refresh(created.id),
  });
}

export function useModifierOrientation(orientationId: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ changes, etag }: { changes: OrientationUpdate; etag: string | null }) =>
      unwrap(
        await client.PATCH('/api/v1/orientations/{orientation_id}', {
          params: { path: { orientation_id: orientationId }, header: ifMatch(etag) },
          body: changes,
        }),
      ),
    onSuccess: () => refresh(orientationId),
  });
}

export function useEnvoyerOrientation(orientationId: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async () =>
      unwrap(await client.POST('/api/v1/orientations/{orientation_id}/envoi', { params: { path: { orientation_id: orientationId } } })),
    onSuccess: () => refresh(orientationId),
  });
}

export function useAnnulerOrientation(orientationId: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async () =>
      unwrap(
        await client.POST('/api/v1/orientations/{orientation_id}/annulation', { params: { path: { orientation_id: orientationId } } }),
      ),
    onSuccess: () => refresh(orientationId),
  });
}

export function useAbandonnerOrientation(orientationId: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async () =>
      unwrap(await client.POST('/api/v1/orientations/{orientation_id}/abandon', { params: { path: { orientation_id: orientationId } } })),
    onSuccess: () => refresh(orientationId),
  });
}

export function useAccepterOrientation(orientationId: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (commentaire: string | null) =>
      unwrap(
        await client.POST('/api/v1/orientations/{orientation_id}/acceptation', {
          params: { path: { orientation_id: orientationId } },
          body: { commentaire },
        }),
      ),
    onSuccess: () => refresh(orientationId),
  });
}

export function useRefuserOrientation(orientationId: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: { motif: MotifRefus; commentaire: string | null }) =>
      unwrap(
        await client.POST('/api/v1/orientations/{orientation_id}/refus', { params: { path: { orientation_id: orientationId } }, body }),
      ),
    onSuccess: () => refresh(orientationId),
  });
}

export function useRealiserOrientation(orientationId: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: { date_realisation: string; commentaire: string | null }) =>
      unwrap(
        await client.POST('/api/v1/orientations/{orientation_id}/realisation', {
          params: { path: { orientation_id: orientationId } },
          body,
        }),
      ),
    onSuccess: () => refresh(orientationId),
  });
}

// --- thread ------------------------------------------------------------------------------------

export function useMessages(orientationId: string) {
  return useQuery({
    queryKey: queryKeys.orientations.messages(orientationId),
    queryFn: async ({ signal }) =>
      unwrap(
        await client.GET('/api/v1/orientations/{orientation_id}/messages', {
          params: { path: { orientation_id: orientationId } },
          signal,
        }),
      ),
  });
}

export function useEnvoyerMessage(orientationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (texte: string) =>
      unwrap(
        await client.POST('/api/v1/orientations/{orientation_id}/messages', {
          params: { path: { orientation_id: orientationId } },
          body: { texte },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.orientations.messages(orientationId) }),
  });
}

// --- statistics --------------------------------------------------------------------------------

export function useStatistiques(territoireId: string | null) {
  return useQuery({
    queryKey: queryKeys.orientations.statistiques(territoireId),
    queryFn: async ({ signal }) =>
      unwrap(
        await client.GET('/api/v1/orientations/statistiques', {
          params: { query: territoireId === null ? {} : { territoire_id: territoireId } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

// --- caseload (names of the people, for the caseworkers' screens) ----------------------------

/** The caseworker's people (one page of 200): names by parcours, and the picker of "Orienter". */
export function useFileActive(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.parcours.fileActive(),
    enabled: options.enabled ?? true,
    retry: false,
    staleTime: 60_000,
    queryFn: async ({ signal }) => unwrap(await client.GET('/api/v1/parcours', { params: { query: { limit: SELECT_PAGE_SIZE } }, signal })).items,
  });
}
