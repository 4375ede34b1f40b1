import { Button, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

import { PageHeading } from './PageHeading';
import { messages } from '../i18n/messages';
import { usePageTitle } from './usePageTitle';

export function NotFoundPage() {
  usePageTitle(messages.notFoundTitle);
  return (
    <Stack gap="md" maw={640}>
      <PageHeading>{messages.notFoundTitle}</PageHeading>
      <Text>{messages.notFoundText}</Text>
      <div>
        <Button component={Link} to="/espace">
          {messages.backHome}
        </Button>
      </div>
    </Stack>
  );
}
