import { Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';

import { messages } from '../../i18n/messages';
import { formatDateTime } from '../../ui/formatters';

interface SecretRevealProps {
  clientId: string;
  secret: string;
  /** After a rotation: until when the previous secret still works. */
  ancienValideJusquA?: string | null;
  onDone: () => void;
}

/** A client secret, shown once: copy it now, it will not be shown again. */
export function SecretReveal({ clientId, secret, ancienValideJusquA, onDone }: SecretRevealProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <Paper className="secret-reveal" p="md" radius="md" component="section" aria-labelledby="secret-titre" data-testid="secret-client">
      <Stack gap="sm">
        <Title order={2} id="secret-titre" ref={heading} tabIndex={-1} fz="h3">
          Secret du client d'API
        </Title>
        <Text fw={600}>Copiez ce secret maintenant : il ne sera plus jamais affiché.</Text>
        <Text>
          Identifiant du client : <Code fz="md">{clientId}</Code>
        </Text>
        <Text component="div">
          Secret :{' '}
          <Code fz="md" block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="secret-valeur">
            {secret}
          </Code>
        </Text>
        {ancienValideJusquA != null && (
          <Text>
            L'ancien secret reste valide jusqu'au{' '}
            <time dateTime={ancienValideJusquA}>{formatDateTime(ancienValideJusquA)}</time> : mettez à jour le système du
            partenaire avant cette date.
          </Text>
        )}
        <Group gap="sm">
          <Button onClick={() => void copySecret()}>{copy === 'copied' ? messages.copied : `${messages.copy} le secret`}</Button>
          <Button variant="outline" onClick={onDone}>
            J'ai conservé le secret
          </Button>
        </Group>
        <Text role="status" size="sm">
          {copy === 'copied'
            ? 'Le secret est dans le presse-papiers.'
            : copy === 'failed'
              ? 'La copie automatique a échoué : sélectionnez le secret et copiez-le à la main.'
              : ''}
        </Text>
      </Stack>
    </Paper>
  );
}
