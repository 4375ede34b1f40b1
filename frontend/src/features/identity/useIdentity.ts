/**
 * Server state of the identity feature: my account, accounts and API clients
 * (administration). Screens read and write them only through these hooks.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, ifMatch, unwrap, unwrapEmpty } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import type {
  ClientApi,
  ClientApiCreate,
  MotDePasseChange,
  Role,
  StructureType,
  Utilisateur,
  UtilisateurCreate,
  UtilisateurUpdate,
} from '../../api/types';

const PAGE_SIZE = 50;
/** Referential lists (structures, territoires) for selects: read whole, a few pages at most. */
const SELECT_PAGE_SIZE = 200;
const SELECT_MAX_PAGES = 10;

async function readAllPages<T>(readPage: (cursor: string | null) => Promise<{ items: T[]; next_cursor?: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < SELECT_MAX_PAGES; page += 1) {
    const result = await readPage(cursor);
    items.push(...result.items);
    cursor = result.next_cursor ?? null;
    if (cursor === null) break;
  }
  return items;
}


// --- referential for the forms -----------------------------------------------------------

export function useStructuresParType(type: StructureType | null) {
  return useQuery({
    queryKey: queryKeys.structures.parType(type ?? 'chantier'),
    enabled: type !== null,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) =>
      readAllPages(async (cursor) =>
        unwrap(
          await client.GET('/api/v1/structures', {
            params: { query: { type: type ?? undefined, limit: SELECT_PAGE_SIZE, ...(cursor === null ? {} : { cursor }) } },
            signal,
          }),
        ),
      ),
  });
}

export function useStructure(structureId: string | null, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.structures.detail(structureId ?? ''),
    enabled: structureId !== null && (options.enabled ?? true),
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/structures/{structure_id}', { params: { path: { structure_id: structureId ?? '' } }, signal })),
  });
}

/** Every territoire: the territoires feature's hook (one key, one shape). */
export { useTousTerritoires } from '../territoires/useTerritoires';

// --- my account ---------------------------------------------------------------------------

export function useChangerMotDePasse() {
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: MotDePasseChange) => unwrapEmpty(await client.POST('/api/v1/moi/mot-de-passe', { body })),
  });
}

export function useDemarrerTotp() {
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async () => unwrap(await client.POST('/api/v1/moi/totp')),
  });
}

export function useActiverTotp() {
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (code: string) => unwrapEmpty(await client.POST('/api/v1/moi/totp/activation', { body: { code, refresh_token_transport: 'cookie' } })),
  });
}

// --- accounts ----------------------------------------------------------------------------

export interface UtilisateurFilters {
  role?: Role;
}

export function useUtilisateurs(filters: UtilisateurFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.utilisateurs.list(filters),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/utilisateurs', {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** An account and its ETag (the version a change must name in If-Match). */
export interface UtilisateurVersion {
  utilisateur: Utilisateur;
  etag: string | null;
}

export function useUtilisateur(utilisateurId: string) {
  return useQuery({
    queryKey: queryKeys.utilisateurs.detail(utilisateurId),
    queryFn: async ({ signal }): Promise<UtilisateurVersion> => {
      const result = await client.GET('/api/v1/utilisateurs/{utilisateur_id}', {
        params: { path: { utilisateur_id: utilisateurId } },
        signal,
      });
      return { utilisateur: unwrap(result), etag: result.response.headers.get('ETag') };
    },
  });
}

export function useCreerUtilisateur() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: UtilisateurCreate) => unwrap(await client.POST('/api/v1/utilisateurs', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.utilisateurs.all }),
  });
}

export function useModifierUtilisateur(utilisateurId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ changes, etag }: { changes: UtilisateurUpdate; etag: string | null }): Promise<UtilisateurVersion> => {
      const result = await client.PATCH('/api/v1/utilisateurs/{utilisateur_id}', {
        params: { path: { utilisateur_id: utilisateurId }, header: ifMatch(etag) },
        body: changes,
      });
      return { utilisateur: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    onSuccess: (version) => {
      queryClient.setQueryData(queryKeys.utilisateurs.detail(utilisateurId), version);
      void queryClient.invalidateQueries({ queryKey: queryKeys.utilisateurs.lists() });
    },
  });
}

// --- API clients -----------------------------------------------------------------------------

export function useClientsApi() {
  return useInfiniteQuery({
    queryKey: queryKeys.clientsApi.list(),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/clients-api', {
          params: { query: { limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
  });
}

export function useClientApi(clientApiId: string) {
  return useQuery({
    queryKey: queryKeys.clientsApi.detail(clientApiId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/clients-api/{client_api_id}', { params: { path: { client_api_id: clientApiId } }, signal })),
  });
}

export function useCreerClientApi() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: ClientApiCreate) => unwrap(await client.POST('/api/v1/clients-api', { body })),
    onSuccess: (created) => {
      queryClient.setQueryData(queryKeys.clientsApi.detail(created.client.id), created.client);
      void queryClient.invalidateQueries({ queryKey: queryKeys.clientsApi.list() });
    },
  });
}

export function useRenouvelerSecret(clientApiId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async () =>
      unwrap(await client.POST('/api/v1/clients-api/{client_api_id}/rotation', { params: { path: { client_api_id: clientApiId } } })),
    onSuccess: (rotated) => {
      queryClient.setQueryData(queryKeys.clientsApi.detail(clientApiId), rotated.client);
      void queryClient.invalidateQueries({ queryKey: queryKeys.clientsApi.list() });
    },
  });
}

export function useClientRevocation(clientApiId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (): Promise<ClientApi> =>
      unwrap(await client.POST('/api/v1/clients-api/{client_api_id}/revocation', { params: { path: { client_api_id: clientApiId } } })),
    onSuccess: (revoked) => {
      queryClient.setQueryData(queryKeys.clientsApi.detail(clientApiId), revoked);
      void queryClient.invalidateQueries({ queryKey: queryKeys.clientsApi.list() });
    },
  });
}
