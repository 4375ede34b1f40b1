import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link, Outlet, useLocation } from 'react-router';

import { messages } from '../i18n/messages';
import { ErrorBoundary } from './ErrorBoundary';
import { usePageTitle } from './usePageTitle';

/** Shown when rendering a route throws: a calm French message, never a stack trace. */
export function RouteErrorPage() {
  usePageTitle(messages.unexpectedErrorTitle);
  return (
    <Stack gap="md" maw={640} p="md" component="main">
      <Title order={1}>{messages.unexpectedErrorTitle}</Title>
      <Text>{messages.unexpectedErrorText}</Text>
      <div>
        <Button onClick={() => window.location.reload()}>Recharger la page</Button>
      </div>
    </Stack>
  );
}

/**
 * Shown in place of a page that throws, inside the layout: the header and the menu stay,
 * so the person can retry or go elsewhere. Navigating away clears it.
 */
export function PageErrorPage() {
  usePageTitle(messages.unexpectedErrorTitle);
  return (
    <Stack gap="md" maw={640} role="alert">
      <Title order={1}>{messages.unexpectedErrorTitle}</Title>
      <Text>{messages.pageErrorText}</Text>
      <Group gap="sm">
        <Button onClick={() => window.location.reload()}>{messages.retry}</Button>
        <Button component={Link} to="/espace" variant="outline">
          {messages.backHome}
        </Button>
      </Group>
    </Stack>
  );
}

/** The pages inside the layout: one that throws shows PageErrorPage, until the next navigation. */
export function PageErrorBoundary() {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary resetKey={pathname} fallback={() => <PageErrorPage />}>
      <Outlet />
    </ErrorBoundary>
  );
}
