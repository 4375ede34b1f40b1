import { Button, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

import { messages } from '../i18n/messages';
import { PageHeading } from './PageHeading';
import { usePageTitle } from './usePageTitle';

/** A page the person's role may not open (the API would answer 403). */
export function ForbiddenPage() {
  usePageTitle(messages.forbiddenTitle);
  return (
    <Stack gap="md" maw={640}>
      <PageHeading>{messages.forbiddenTitle}</PageHeading>
      <Text>{messages.forbiddenText}</Text>
      <div>
        <Button component={Link} to="/espace">
          {messages.backHome}
        </Button>
      </div>
    </Stack>
  );
}
