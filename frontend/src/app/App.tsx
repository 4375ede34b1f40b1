import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './global.css';

import { MantineProvider } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { useRoutes } from 'react-router';

import { AuthProvider } from './auth/AuthProvider';
import { ErrorBoundary } from './ErrorBoundary';
import { createQueryClient } from './queryClient';
import { RouteErrorPage } from './RouteErrorPage';
import { staffRoutes } from './routes';
import { cssVariablesResolver, theme } from './theme';

function StaffRoutes() {
  return useRoutes(staffRoutes);
}

/**
 * The staff application: Mantine, the server-state cache, the session and every page behind
 * the login. main.tsx loads it (a chunk of its own, with Mantine's CSS) for any path the public
 * pages do not take, so a visitor of the public pages never downloads it.
 */
export default function App() {
  const [queryClient] = useState(createQueryClient);
  // At the bottom, where they hide neither the page title nor the menu and the logout button.
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position={phone === true ? 'bottom-center' : 'bottom-right'} />
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <ErrorBoundary fallback={() => <RouteErrorPage />}>
            <StaffRoutes />
          </ErrorBoundary>
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
