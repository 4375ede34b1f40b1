/**
 * Server state of people and parcours: caseload, "À faire", a parcours and its
 * journal, contracts, transitions, exit and check-ins; people, consents and
 * external référents. Screens read and write only through these hooks.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, ifMatch, unwrap } from '../../api/client';
import { type CaseloadFilters, queryKeys } from '../../api/queryKeys';
import { ApiError } from '../../api/problem';
import type { Verbe } from '../../app/actions';
import type {
  ConsentementCreate,
  ContratCreate,
  EntretienIn,
  NoteIn,
  ParcoursCreate,
  ParcoursUpdate,
  ReferentCreate,
  SalarieCreate,
  SalarieUpdate,
  SortieIn,
  SuiviResultatIn,
  SyntheseIn,
  TransitionIn,
  TypeJournal,
} from '../../api/types';

const PAGE_SIZE = 50;

export type { CaseloadFilters };

// --- caseload, "À faire" ------------------------------------------------------------------

export function useCaseload(filters: CaseloadFilters, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: queryKeys.parcours.caseload(filters),
    enabled: options.enabled ?? true,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/parcours', {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** The inbox: items grouped by person, most urgent first, and what is new since last seen. */
export function useAFaire(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.aFaire.inbox(),
    enabled: options.enabled ?? true,
    // Partner answers arrive while the page is open: refetch when the tab comes back.
    refetchOnWindowFocus: true,
    queryFn: async ({ signal }) => unwrap(await client.GET('/api/v1/a-faire', { signal })),
  });
}

/** Everything in the inbox is no longer new (for me); the orientations lose their marker. */
export function useMarquerAFaireVu() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await client.POST('/api/v1/a-faire/vu')),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.aFaire.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.orientations.lists() });
    },
  });
}

// --- people -------------------------------------------------------------------------------

/** 409 doublon_possible: people close to the one being entered (their ids). */
export class DoublonPossible extends Error {
  readonly candidats: string[];

  constructor(message: string, candidats: string[]) {
    super(message);
    this.name = 'DoublonPossible';
    this.candidats = candidats;
  }
}

export function useCreerSalarie() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: SalarieCreate) => {
      const result = await client.POST('/api/v1/salaries', { body });
      if (result.response.status === 409) {
        const problem = result.error as { code?: string; candidats?: string[] | null; detail?: string } | undefined;
        if (problem?.code === 'doublon_possible') {
          throw new DoublonPossible(problem.detail ?? 'Une personne proche existe déjà.', problem.candidats ?? []);
        }
      }
      return unwrap(result);
    },
    onSuccess: (salarie) => queryClient.setQueryData(queryKeys.salaries.detail(salarie.id), { salarie, etag: null }),
  });
}

export function useSalarie(salarieId: string | null, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.salaries.detail(salarieId ?? ''),
    enabled: salarieId !== null && (options.enabled ?? true),
    retry: false,
    queryFn: async ({ signal }) => {
      const result = await client.GET('/api/v1/salaries/{salarie_id}', { params: { path: { salarie_id: salarieId ?? '' } }, signal });
      return { salarie: unwrap(result), etag: result.response.headers.get('ETag') };
    },
  });
}

export function useModifierSalarie(salarieId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ changes, etag }: { changes: SalarieUpdate; etag: string | null }) => {
      const result = await client.PATCH('/api/v1/salaries/{salarie_id}', {
        params: { path: { salarie_id: salarieId }, header: ifMatch(etag) },
        body: changes,
      });
      return { salarie: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    onSuccess: (version) => {
      queryClient.setQueryData(queryKeys.salaries.detail(salarieId), version);
      void queryClient.invalidateQueries({ queryKey: queryKeys.parcours.all });
    },
  });
}

/** A person's consents; `null` waits. */
export function useConsentements(salarieId: string | null) {
  return useQuery({
    queryKey: queryKeys.salaries.consentements(salarieId ?? ''),
    enabled: salarieId !== null,
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/salaries/{salarie_id}/consentements', { params: { path: { salarie_id: salarieId ?? '' } }, signal })),
  });
}

export function useAjouterConsentement(salarieId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: ConsentementCreate) =>
      unwrap(await client.POST('/api/v1/salaries/{salarie_id}/consentements', { params: { path: { salarie_id: salarieId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.salaries.consentements(salarieId) }),
  });
}

export function useRevoquerConsentement(salarieId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ consentementId, date }: { consentementId: string; date: string }) =>
      unwrap(
        await client.POST('/api/v1/salaries/{salarie_id}/consentements/{consentement_id}/revocation', {
          params: { path: { salarie_id: salarieId, consentement_id: consentementId } },
          body: { date_revocation: date },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.salaries.consentements(salarieId) }),
  });
}

export function useReferentsExternes(salarieId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.salaries.referents(salarieId),
    enabled: options.enabled ?? true,
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/salaries/{salarie_id}/referents', { params: { path: { salarie_id: salarieId } }, signal })),
  });
}

export function useAjouterReferent(salarieId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: ReferentCreate) =>
      unwrap(await client.POST('/api/v1/salaries/{salarie_id}/referents', { params: { path: { salarie_id: salarieId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.salaries.referents(salarieId) }),
  });
}

// --- parcours -----------------------------------------------------------------------------

export function useCreerParcours() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: ParcoursCreate) => unwrap(await client.POST('/api/v1/parcours', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.parcours.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.aFaire.all });
    },
  });
}

/** A parcours and its ETag; `null` waits (e.g. until a person is chosen). */
export function useParcours(parcoursId: string | null) {
  return useQuery({
    queryKey: queryKeys.parcours.detail(parcoursId ?? ''),
    enabled: parcoursId !== null,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    queryFn: async ({ signal }) => {
      const result = await client.GET('/api/v1/parcours/{parcours_id}', { params: { path: { parcours_id: parcoursId ?? '' } }, signal });
      return { parcours: unwrap(result), etag: result.response.headers.get('ETag') };
    },
  });
}

/** The person at a glance: deadlines, open freins, orientations, last entretien, contract. */
export function useSynthese(parcoursId: string) {
  return useQuery({
    queryKey: queryKeys.parcours.synthese(parcoursId),
    queryFn: async ({ signal }) =>
      unwrap(await client.GET('/api/v1/parcours/{parcours_id}/synthese', { params: { path: { parcours_id: parcoursId } }, signal })),
  });
}

/** After any write on a parcours: its page, its journal, the lists and "À faire". */
function useInvalidateParcours(parcoursId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.parcours.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.aFaire.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.freins.ofParcours(parcoursId) });
  };
}

export function useModifierParcours(parcoursId: string) {
  const invalidate = useInvalidateParcours(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ changes, etag }: { changes: ParcoursUpdate; etag: string | null }) =>
      unwrap(
        await client.PATCH('/api/v1/parcours/{parcours_id}', {
          params: { path: { parcours_id: parcoursId }, header: ifMatch(etag) },
          body: changes,
        }),
      ),
    onSuccess: invalidate,
  });
}

/** The verbs of the parcours machine applied from its page (the exit has its own wizard). */
export type TransitionName = Exclude<Verbe<'StatutParcours'>, 'sortie'>;

export function useTransition(parcoursId: string) {
  const invalidate = useInvalidateParcours(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ name, body }: { name: TransitionName; body: TransitionIn }) => {
      const options = { params: { path: { parcours_id: parcoursId } }, body };
      switch (name) {
        case 'demarrage':
          return unwrap(await client.POST('/api/v1/parcours/{parcours_id}/demarrage', options));
        case 'suspension':
          return unwrap(await client.POST('/api/v1/parcours/{parcours_id}/suspension', options));
        case 'reprise':
          return unwrap(await client.POST('/api/v1/parcours/{parcours_id}/reprise', options));
        case 'cloture':
          return unwrap(await client.POST('/api/v1/parcours/{parcours_id}/cloture', options));
      }
    },
    onSuccess: invalidate,
  });
}

export function useSortie(parcoursId: string) {
  const invalidate = useInvalidateParcours(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: SortieIn) =>
      unwrap(await client.POST('/api/v1/parcours/{parcours_id}/sortie', { params: { path: { parcours_id: parcoursId } }, body })),
    onSuccess: invalidate,
  });
}

export function useAjouterContrat(parcoursId: string) {
  const invalidate = useInvalidateParcours(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: ContratCreate) =>
      unwrap(await client.POST('/api/v1/parcours/{parcours_id}/contrats', { params: { path: { parcours_id: parcoursId } }, body })),
    onSuccess: invalidate,
  });
}

export function useEnregistrerSuivi(parcoursId: string) {
  const invalidate = useInvalidateParcours(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async ({ suiviId, body }: { suiviId: string; body: SuiviResultatIn }) =>
      unwrap(
        await client.POST('/api/v1/parcours/{parcours_id}/suivis/{suivi_id}/resultat', {
          params: { path: { parcours_id: parcoursId, suivi_id: suiviId } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

// --- journal ------------------------------------------------------------------------------

export function useJournal(parcoursId: string, type: TypeJournal | null, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: queryKeys.parcours.journal(parcoursId, type),
    enabled: options.enabled ?? true,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/parcours/{parcours_id}/journal', {
          params: {
            path: { parcours_id: parcoursId },
            query: { limit: 30, ...(type === null ? {} : { type }), ...(pageParam === null ? {} : { cursor: pageParam }) },
          },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
  });
}

export function useAjouterEntretien(parcoursId: string) {
  const invalidate = useInvalidateParcours(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: EntretienIn) =>
      unwrap(await client.POST('/api/v1/parcours/{parcours_id}/entretiens', { params: { path: { parcours_id: parcoursId } }, body })),
    onSuccess: invalidate,
  });
}

export function useAjouterNote(parcoursId: string) {
  const invalidate = useInvalidateParcours(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: NoteIn) =>
      unwrap(await client.POST('/api/v1/parcours/{parcours_id}/notes', { params: { path: { parcours_id: parcoursId } }, body })),
    onSuccess: invalidate,
  });
}

export function useAjouterSynthese(parcoursId: string) {
  const invalidate = useInvalidateParcours(parcoursId);
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: SyntheseIn) =>
      unwrap(await client.POST('/api/v1/parcours/{parcours_id}/syntheses', { params: { path: { parcours_id: parcoursId } }, body })),
    onSuccess: invalidate,
  });
}

