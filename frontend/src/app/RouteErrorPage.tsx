import { Button, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';

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
