import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';

import { errorMessage } from '../api/problem';
import { messages } from '../i18n/messages';

/** A loader announced to screen readers. */
export function LoadingState({ label = messages.loading }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden="true" />
        <Text>{label}</Text>
      </Stack>
    </Center>
  );
}

/** A failed query: what happened, in French, and a way to try again. */
export function ErrorState({ error, onRetry, title = "Le chargement n'a pas abouti" }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text>{errorMessage(error)}</Text>
        {onRetry !== undefined && (
          <Button variant="outline" color="red.9" onClick={onRetry}>
            {messages.retry}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
