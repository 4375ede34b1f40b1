import { Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import type { ChangeEvent } from 'react';
import { useSearchParams } from 'react-router';

import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { auditActionLabels, auditActorTypeLabels, auditObjectTypeLabels, labelOf } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime, formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { type AuditFilters, auditFiltersFrom, useAudit, useAuditExport } from './useAudit';

type FilterName = keyof AuditFilters;

export function AuditPage() {
  usePageTitle("Journal d'audit");
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = auditFiltersFrom(searchParams);
  const query = useAudit(filters);
  const exporter = useAuditExport();
  const events = query.data?.pages.flatMap((page) => page.items) ?? [];
  const hasFilters = Object.keys(filters).length > 0;

  const setFilter = (name: FilterName, value: string) => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value === '') next.delete(name);
      else next.set(name, value);
      return next;
    });
  };
  const resetFilters = () => setSearchParams(new URLSearchParams());

  const actionOptions = [
    { value: '', label: 'Toutes les actions' },
    ...Object.entries(auditActionLabels).map(([value, label]) => ({ value, label })),
  ];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <PageHeading>Journal d'audit</PageHeading>
        <Button variant="outline" onClick={() => exporter.mutate(filters)} loading={exporter.isPending}>
          Télécharger le CSV
        </Button>
      </Group>
      <Text maw={720}>
        Chaque consultation, modification, connexion et export est enregistré ici, le plus récent d'abord. Le
        téléchargement reprend les filtres choisis.
      </Text>

      <form role="search" aria-label="Filtrer le journal" onSubmit={(event) => event.preventDefault()}>
        <Group align="flex-end" gap="md">
          <NativeSelect
            label="Action"
            data={actionOptions}
            value={filters.action ?? ''}
            onChange={(event: ChangeEvent<HTMLSelectElement>) => setFilter('action', event.currentTarget.value)}
            w={{ base: '100%', xs: 280 }}
          />
          <TextInput
            label="Du"
            type="date"
            value={filters.debut ?? ''}
            onChange={(event) => setFilter('debut', event.currentTarget.value)}
            w={{ base: '100%', xs: 200 }}
          />
          <TextInput
            label="Au"
            type="date"
            value={filters.fin ?? ''}
            onChange={(event) => setFilter('fin', event.currentTarget.value)}
            w={{ base: '100%', xs: 200 }}
          />
          {hasFilters && (
            <Button variant="subtle" onClick={resetFilters}>
              Réinitialiser les filtres
            </Button>
          )}
        </Group>
      </form>

      {query.isPending ? (
        <LoadingState label="Chargement du journal…" />
      ) : query.isError && events.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : events.length === 0 ? (
        hasFilters ? (
          <EmptyState
            title="Aucun événement ne correspond à ces filtres"
            description="Élargissez la période ou choisissez une autre action."
            action={<Button onClick={resetFilters}>Réinitialiser les filtres</Button>}
          />
        ) : (
          <EmptyState title="Le journal est vide" description="Les événements apparaîtront ici dès les premières connexions." />
        )
      ) : (
        <Stack gap="sm">
          <Text role="status" aria-live="polite" fw={500}>
            {`${query.hasNextPage ? 'Au moins ' : ''}${formatNumber(events.length)} ${events.length > 1 ? 'événements' : 'événement'}`}
          </Text>
          <DataTable caption="Événements du journal d'audit" minWidth={860}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Type d'objet</Table.Th>
                <Table.Th scope="col">Acteur</Table.Th>
                <Table.Th scope="col">Adresse</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at)}</time>
                  </Table.Td>
                  <Table.Td>{labelOf(auditActionLabels, event.action)}</Table.Td>
                  <Table.Td>{labelOf(auditObjectTypeLabels, event.object_type) ?? messages.notAvailable}</Table.Td>
                  <Table.Td>
                    {event.acteur?.libelle ?? labelOf(auditActorTypeLabels, event.actor_type)}
                  </Table.Td>
                  <Table.Td>{event.client_address ?? messages.notAvailable}</Table.Td>
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
