/**
 * Server state of the network: the partner directory (structures) and the
 * conventions. Screens read and write them only through these hooks.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, ifMatch, unwrap } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import { ApiError, parseProblem } from '../../api/problem';
import type {
  Convention,
  ConventionCreate,
  ConventionListQuery,
  DocumentConvention,
  Structure,
  StructureCreate,
  StructureListQuery,
  StructureUpdate,
} from '../../api/types';
import { authSession } from '../../app/auth/instance';

const PAGE_SIZE = 50;
/** Lists read whole for a select (territoires, parties): a few pages at most. */
const SELECT_PAGE_SIZE = 200;

export type StructureFilters = Omit<StructureListQuery, 'cursor' | 'limit'>;
export type ConventionFilters = Omit<ConventionListQuery, 'cursor' | 'limit'>;


/** Removes undefined and empty values, so equal filters give equal query keys. */
function compact<T extends object>(filters: T): T {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== null && value !== '')) as T;
}

// --- structures ------------------------------------------------------------------------------

export function useStructures(filters: StructureFilters, options: { enabled?: boolean } = {}) {
  const query = compact(filters);
  return useInfiniteQuery({
    queryKey: queryKeys.structures.annuaire(query),
    initialPageParam: null as string | null,
    enabled: options.enabled ?? true,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/structures', {
          params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** The first matches of a search (parties picker). */
export function useRechercheStructures(filters: StructureFilters, options: { enabled?: boolean } = {}) {
  const query = compact(filters);
  return useQuery({
    queryKey: queryKeys.structures.recherche(query),
    enabled: options.enabled ?? true,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/structures', { params: { query: { ...query, limit: 50 } }, signal })).items,
  });
}

/** A structure and its ETag (the version a change must name in If-Match). */
export interface StructureVersion {
  structure: Structure;
  etag: string | null;
}

export function useStructureVersion(structureId: string) {
  return useQuery({
    queryKey: queryKeys.structures.version(structureId),
    queryFn: async ({ signal }): Promise<StructureVersion> => {
      const result = await client.GET('/api/v1/structures/{structure_id}', { params: { path: { structure_id: structureId } }, signal });
      return { structure: unwrap(result), etag: result.response.headers.get('ETag') };
    },
  });
}

export function useCreerStructure() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: StructureCreate) => unwrap(await client.POST('/api/v1/structures', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.structures.all }),
  });
}

export function useModifierStructure(structureId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ changes, etag }: { changes: StructureUpdate; etag: string | null }): Promise<StructureVersion> => {
      const result = await client.PATCH('/api/v1/structures/{structure_id}', {
        params: { path: { structure_id: structureId }, header: ifMatch(etag) },
        body: changes,
      });
      return { structure: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    onSuccess: (version) => {
      queryClient.setQueryData(queryKeys.structures.version(structureId), version);
      void queryClient.invalidateQueries({ queryKey: queryKeys.structures.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.territoires.all });
    },
  });
}

// --- conventions -----------------------------------------------------------------------------

export function useConventions(filters: ConventionFilters, options: { enabled?: boolean } = {}) {
  const query = compact(filters);
  return useInfiniteQuery({
    queryKey: queryKeys.conventions.list(query),
    initialPageParam: null as string | null,
    enabled: options.enabled ?? true,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/conventions', {
          params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export interface ConventionVersion {
  convention: Convention;
  etag: string | null;
}

export function useConventionVersion(conventionId: string) {
  return useQuery({
    queryKey: queryKeys.conventions.version(conventionId),
    queryFn: async ({ signal }): Promise<ConventionVersion> => {
      const result = await client.GET('/api/v1/conventions/{convention_id}', { params: { path: { convention_id: conventionId } }, signal });
      return { convention: unwrap(result), etag: result.response.headers.get('ETag') };
    },
  });
}

export function useCreerConvention() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: ConventionCreate) => unwrap(await client.POST('/api/v1/conventions', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.conventions.all }),
  });
}

export type ConventionAction =
  | { action: 'envoi-signature' }
  | { action: 'signature'; date_signature: string }
  | { action: 'resiliation'; date_resiliation: string; motif: string };

/** The lifecycle: envoi en signature, signature, résiliation. */
export function useCycleConvention(conventionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (command: ConventionAction): Promise<ConventionVersion> => {
      const path = { params: { path: { convention_id: conventionId } } };
      const result =
        command.action === 'envoi-signature'
          ? await client.POST('/api/v1/conventions/{convention_id}/envoi-signature', path)
          : command.action === 'signature'
            ? await client.POST('/api/v1/conventions/{convention_id}/signature', { ...path, body: { date_signature: command.date_signature, historique: false } })
            : await client.POST('/api/v1/conventions/{convention_id}/resiliation', {
                ...path,
                body: { date_resiliation: command.date_resiliation, motif: command.motif },
              });
      return { convention: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    onSuccess: (version) => {
      queryClient.setQueryData(queryKeys.conventions.version(conventionId), version);
      void queryClient.invalidateQueries({ queryKey: queryKeys.conventions.lists() });
      // A signed or ended partnership changes the partner's engagement, and the territoire's counts.
      void queryClient.invalidateQueries({ queryKey: queryKeys.structures.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.territoires.all });
    },
  });
}

/** The next convention (a draft linked to this one); asking twice returns the same one. */
export function useRenouvelerConvention(conventionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (): Promise<ConventionVersion> => {
      const result = await client.POST('/api/v1/conventions/{convention_id}/renouvellement', {
        params: { path: { convention_id: conventionId } },
      });
      return { convention: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    onSuccess: (version) => {
      queryClient.setQueryData(queryKeys.conventions.version(version.convention.id), version);
      void queryClient.invalidateQueries({ queryKey: queryKeys.conventions.version(conventionId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.conventions.lists() });
    },
  });
}

// --- documents -------------------------------------------------------------------------------

function sendDocument(
  conventionId: string,
  file: File,
  token: string | null,
  onProgress: (ratio: number | null) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/conventions/${encodeURIComponent(conventionId)}/documents`);
    if (token !== null && token !== '') xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => onProgress(event.lengthComputable && event.total > 0 ? event.loaded / event.total : null);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText === '' ? null : JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    // fetch() rejects with a TypeError on a network failure: errorMessage() says so in French.
    xhr.onerror = () => reject(new TypeError('network'));
    xhr.onabort = () => reject(new TypeError('aborted'));
    const form = new FormData();
    form.append('fichier', file, file.name);
    xhr.send(form);
  });
}

/**
 * Uploads a document with XMLHttpRequest (fetch cannot report upload
 * progress), with the bearer token of the session; renews it once on 401.
 */
export async function uploadDocument(
  conventionId: string,
  file: File,
  onProgress: (ratio: number | null) => void,
): Promise<DocumentConvention> {
  let token = await authSession.getAccessToken();
  let answer = await sendDocument(conventionId, file, token, onProgress);
  if (answer.status === 401) {
    const renewed = await authSession.refresh();
    if (renewed !== null && renewed !== token) {
      token = renewed;
      onProgress(0);
      answer = await sendDocument(conventionId, file, token, onProgress);
    }
  }
  if (answer.status >= 200 && answer.status < 300) return answer.body as DocumentConvention;
  throw new ApiError(parseProblem(answer.body, answer.status), answer.status);
}

export function useAjouterDocument(conventionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (ratio: number | null) => void }) =>
      uploadDocument(conventionId, file, onProgress),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.conventions.version(conventionId) }),
  });
}

/** Downloads a document with the bearer token (a plain link would carry none) and saves it. */
export function useTelechargerDocument(conventionId: string) {
  return useMutation({
    mutationFn: async (document_: DocumentConvention) => {
      const result = await client.GET('/api/v1/conventions/{convention_id}/documents/{document_id}', {
        params: { path: { convention_id: conventionId, document_id: document_.id } },
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

export { SELECT_PAGE_SIZE };
