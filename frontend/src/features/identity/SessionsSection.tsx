import { Button, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { client, unwrap, unwrapEmpty } from '../../api/client';
import { errorMessage } from '../../api/problem';
import { formatDateTime } from '../../ui/formatters';

const SESSIONS_KEY = ['moi', 'sessions'] as const;

/** "Mon compte": the account's active sessions; end one, or all of them. */
export function SessionsSection({ onAllEnded }: { onAllEnded: () => void }) {
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: async () => unwrap(await client.GET('/api/v1/moi/sessions')),
  });
  const terminer = useMutation({
    mutationFn: async (sessionId: string) =>
      unwrapEmpty(await client.POST('/api/v1/moi/sessions/{session_id}/fin', { params: { path: { session_id: sessionId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
  const toutes = useMutation({
    mutationFn: async () => unwrapEmpty(await client.POST('/api/v1/moi/sessions/fin')),
    onSuccess: onAllEnded,
  });
  return (
    <Stack gap="sm" component="section" aria-labelledby="sessions-titre">
      <Title order={2} id="sessions-titre">
        Sessions ouvertes
      </Title>
      {sessions.isError && <Text c="red">{errorMessage(sessions.error)}</Text>}
      {terminer.isError && <Text c="red">{errorMessage(terminer.error)}</Text>}
      {/* On a phone the table scrolls within its box, never the page. */}
      <div className="table-scroll" role="region" aria-label="Sessions ouvertes (tableau)" tabIndex={0}>
      <Table aria-labelledby="sessions-titre">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Appareil</Table.Th>
            <Table.Th>Adresse</Table.Th>
            <Table.Th>Début</Table.Th>
            <Table.Th>Dernière activité</Table.Th>
            <Table.Th>Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.data?.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                {s.appareil}
                {s.methode === 'proconnect' ? ' (ProConnect)' : ''}
              </Table.Td>
              <Table.Td>{s.adresse ?? '—'}</Table.Td>
              <Table.Td>{formatDateTime(s.debut)}</Table.Td>
              <Table.Td>{formatDateTime(s.derniere_activite)}</Table.Td>
              <Table.Td>
                {s.courante ? (
                  'Cette session'
                ) : (
                  <Button size="xs" variant="light" color="red" onClick={() => terminer.mutate(s.id)}>
                    Terminer la session {s.appareil}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      </div>
      <Button
        variant="outline"
        color="red"
        h="auto"
        py={6}
        styles={{ label: { whiteSpace: 'normal' } }}
        onClick={() => toutes.mutate()}
        loading={toutes.isPending}
      >
        Terminer toutes mes sessions (reconnexion nécessaire)
      </Button>
    </Stack>
  );
}
