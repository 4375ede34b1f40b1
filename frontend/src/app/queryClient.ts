import { notifications } from '@mantine/notifications';
import { MutationCache, QueryClient } from '@tanstack/react-query';

import { ApiError, errorMessage } from '../api/problem';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** The screen shows the error itself (inline form errors): no notification. */
      handlesErrors?: boolean;
    };
  }
}

/** Client errors (4xx) will not change by retrying; network and 5xx may. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: shouldRetry,
      },
      mutations: {
        retry: false,
      },
    },
    // Failed writes notify in French unless the form shows the errors itself
    // (mutation meta `{ handlesErrors: true }`).
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.handlesErrors === true) return;
        notifications.show({ color: 'red', title: 'Échec', message: errorMessage(error) });
      },
    }),
  });
}
