/** Server state of the audit trail: the journal, page by page, and its CSV export. */
import { keepPreviousData, useInfiniteQuery, useMutation } from '@tanstack/react-query';

import { client, unwrap } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import { toApiError } from '../../api/problem';
import { auditActionLabels, isEnumValue } from '../../i18n/labels';

export interface AuditFilters {
  action?: string;
  /** First day included, YYYY-MM-DD. */
  debut?: string;
  /** Last day included, YYYY-MM-DD. */
  fin?: string;
}

const PAGE_SIZE = 50;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Filters from the URL; unknown or malformed values are ignored. */
export function auditFiltersFrom(searchParams: URLSearchParams): AuditFilters {
  const action = searchParams.get('action');
  const debut = searchParams.get('debut');
  const fin = searchParams.get('fin');
  return {
    ...(isEnumValue(auditActionLabels, action) ? { action } : {}),
    ...(debut !== null && ISO_DATE.test(debut) ? { debut } : {}),
    ...(fin !== null && ISO_DATE.test(fin) ? { fin } : {}),
  };
}

export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit.list(filters),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await client.GET('/api/v1/audit', {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam === null ? {} : { cursor: pageParam }) } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The file name of an export: journal-audit-2026-03-12.csv. */
export function exportFileName(today: Date = new Date()): string {
  const day = today.toISOString().slice(0, 10);
  return `journal-audit-${day}.csv`;
}

/** Downloads the CSV export (it needs the bearer token, so it is fetched, then saved). */
export function useAuditExport() {
  return useMutation({
    mutationFn: async (filters: AuditFilters) => {
      const result = await client.GET('/api/v1/audit/export.csv', { params: { query: filters }, parseAs: 'blob' });
      if (!result.response.ok || result.data === undefined) throw toApiError(result.error, result.response);
      const url = URL.createObjectURL(result.data);
      try {
        const link = document.createElement('a');
        link.href = url;
        link.download = exportFileName();
        document.body.append(link);
        link.click();
        link.remove();
      } finally {
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }
    },
  });
}
