/**
 * Server state of the indicators: the figures of a scope and period, and the
 * chantiers a reader may pick. Screens read them only through these hooks.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { client, unwrap } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import type { IndicateursQuery, SelectionEvaluation, Structure } from '../../api/types';


/** The indicators of a query; `null` waits (e.g. for the default year). */
export function useIndicateurs(query: IndicateursQuery | null) {
  return useQuery({
    queryKey: queryKeys.indicateurs.requete(query ?? {}),
    enabled: query !== null,
    retry: false,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => unwrap(await client.GET('/api/v1/indicateurs', { params: { query: query ?? {} }, signal })),
  });
}

/** The headline figures over the evaluation dataset of a selection (the API computes them). */
export function useSyntheseEvaluation(selection: SelectionEvaluation) {
  return useQuery({
    queryKey: queryKeys.evaluation.synthese(selection),
    retry: false,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => unwrap(await client.GET('/api/v1/exports/evaluation/synthese', { params: { query: selection }, signal })),
  });
}

/** The chantiers of a territoire (or every visible one), for the picker. */
export function useChantiers(territoireId: string | null, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.structures.chantiers(territoireId),
    enabled: options.enabled ?? true,
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async ({ signal }): Promise<Structure[]> => {
      const items: Structure[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const result: { items: Structure[]; next_cursor?: string | null } = unwrap(
          await client.GET('/api/v1/structures', {
            params: {
              query: {
                type: 'chantier',
                ...(territoireId === null ? {} : { territoire_id: territoireId }),
                limit: 200,
                ...(cursor === null ? {} : { cursor }),
              },
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
