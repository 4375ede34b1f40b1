import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link, isRouteErrorResponse, useNavigate, useRouteError } from 'react-router';

import { messages } from '../i18n/messages';
import { NotFoundPage } from './NotFoundPage';
import { usePageTitle } from './usePageTitle';

/** Shown when rendering a route throws: a calm French message, never a stack trace. */
export function RouteErrorPage() {
  const error = useRouteError();
  usePageTitle(messages.unexpectedErrorTitle);
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <NotFoundPage />;
  }
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
  const error = useRouteError();
  const navigate = useNavigate();
  usePageTitle(messages.unexpectedErrorTitle);
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <NotFoundPage />;
  }
  return (
    <Stack gap="md" maw={640} role="alert">
      <Title order={1}>{messages.unexpectedErrorTitle}</Title>
      <Text>{messages.pageErrorText}</Text>
      <Group gap="sm">
        <Button onClick={() => void navigate(0)}>{messages.retry}</Button>
        <Button component={Link} to="/" variant="outline">
          {messages.backHome}
        </Button>
      </Group>
    </Stack>
  );
}
