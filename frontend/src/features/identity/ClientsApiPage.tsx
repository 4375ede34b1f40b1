import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { roleLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { scopeLabel } from './format';
import { useClientsApi } from './useIdentity';

export function ClientsApiPage() {
  usePageTitle("Clients d'API");
  const query = useClientsApi();
  const clients = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <PageHeading>Clients d'API</PageHeading>
        <Button component={Link} to="/administration/clients-api/nouveau">
          Créer un client d'API
        </Button>
      </Group>
      <Text maw={720}>
        Les systèmes des partenaires (SIAO, CSAPA…) et les scripts des FAS se connectent à l'API avec un identifiant et
        un secret.
      </Text>

      {query.isPending ? (
        <LoadingState label="Chargement des clients d'API…" />
      ) : query.isError && clients.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : clients.length === 0 ? (
        <EmptyState
          title="Aucun client d'API pour le moment"
          description="Créez-en un pour un partenaire ou une FAS qui veut relier son système."
          action={
            <Button component={Link} to="/administration/clients-api/nouveau">
              Créer un client d'API
            </Button>
          }
        />
      ) : (
        <Stack gap="sm">
          <Text role="status" aria-live="polite" fw={500}>
            {`${query.hasNextPage ? 'Au moins ' : ''}${formatNumber(clients.length)} ${clients.length > 1 ? 'clients' : 'client'}`}
          </Text>
          <DataTable caption="Liste des clients d'API" minWidth={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Nom</Table.Th>
                <Table.Th scope="col">Identifiant (client_id)</Table.Th>
                <Table.Th scope="col">Rôle</Table.Th>
                <Table.Th scope="col">Portées</Table.Th>
                <Table.Th scope="col">État</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clients.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Th scope="row">
                    <Anchor component={Link} className="cell-link" to={`/administration/clients-api/${item.id}`}>
                      {item.nom}
                    </Anchor>
                  </Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{item.client_id}</Table.Td>
                  <Table.Td>{roleLabels[item.role]}</Table.Td>
                  <Table.Td>{item.scopes.map(scopeLabel).join(', ')}</Table.Td>
                  <Table.Td>
                    <StatutBadge famille="clientApi" statut={item.actif ? 'actif' : 'revoque'} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          {query.isError && <ErrorState error={query.error} onRetry={() => void query.fetchNextPage()} />}
          {query.hasNextPage && (
            <div>
              <Button variant="outline" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {messages.loadMore}
              </Button>
            </div>
          )}
        </Stack>
      )}
    </Stack>
  );
}
