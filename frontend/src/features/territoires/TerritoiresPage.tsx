import { Anchor, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import type { ChangeEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { can } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { densiteLabels, enumValues, isEnumValue, territoireStatutLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { type TerritoireFilters, useTerritoires } from './useTerritoires';

type FilterName = keyof TerritoireFilters;

/** Filters live in the URL: shareable links, and the back button undoes a filter. */
function useTerritoireFilters() {
  const [searchParams, setSearchParams] = useSearchParams();
  const statut = searchParams.get('statut');
  const densite = searchParams.get('densite');
  const filters: TerritoireFilters = {
    ...(isEnumValue(territoireStatutLabels, statut) ? { statut } : {}),
    ...(isEnumValue(densiteLabels, densite) ? { densite } : {}),
  };

  const setFilter = (name: FilterName, value: string) => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value === '') next.delete(name);
      else next.set(name, value);
      return next;
    });
  };
  const resetFilters = () => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      next.delete('statut');
      next.delete('densite');
      return next;
    });
  };
  return { filters, setFilter, resetFilters };
}

function pluralTerritoires(count: number): string {
  return `${formatNumber(count)} ${count > 1 ? 'territoires' : 'territoire'}`;
}

export function TerritoiresPage() {
  usePageTitle('Territoires');
  const moi = useMoi();
  const peutCreer = can(moi, 'territoires:write');
  const { filters, setFilter, resetFilters } = useTerritoireFilters();
  const query = useTerritoires(filters);
  const hasFilters = filters.statut !== undefined || filters.densite !== undefined;
  const territoires = query.data?.pages.flatMap((page) => page.items) ?? [];

  const statutOptions = [
    { value: '', label: 'Tous les statuts' },
    ...enumValues(territoireStatutLabels).map((value) => ({ value, label: territoireStatutLabels[value] })),
  ];
  const densiteOptions = [
    { value: '', label: 'Toutes les densités' },
    ...enumValues(densiteLabels).map((value) => ({ value, label: densiteLabels[value] })),
  ];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <PageHeading>Territoires</PageHeading>
        {peutCreer && (
          <Button component={Link} to="/territoires/nouveau">
            Nouveau territoire
          </Button>
        )}
      </Group>

      <form role="search" aria-label="Filtrer les territoires" onSubmit={(event) => event.preventDefault()}>
        <Group align="flex-end" gap="md">
          <NativeSelect
            label="Statut"
            data={statutOptions}
            value={filters.statut ?? ''}
            onChange={(event: ChangeEvent<HTMLSelectElement>) => setFilter('statut', event.currentTarget.value)}
            w={{ base: '100%', xs: 240 }}
          />
          <NativeSelect
            label="Densité"
            data={densiteOptions}
            value={filters.densite ?? ''}
            onChange={(event: ChangeEvent<HTMLSelectElement>) => setFilter('densite', event.currentTarget.value)}
            w={{ base: '100%', xs: 240 }}
          />
          {hasFilters && (
            <Button variant="subtle" onClick={resetFilters}>
              Réinitialiser les filtres
            </Button>
          )}
        </Group>
      </form>

      {query.isPending ? (
        <LoadingState label="Chargement des territoires…" />
      ) : query.isError && territoires.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : territoires.length === 0 ? (
        hasFilters ? (
          <EmptyState
            title="Aucun territoire ne correspond à ces filtres"
            description="Modifiez ou réinitialisez les filtres pour voir d'autres territoires."
            action={<Button onClick={resetFilters}>Réinitialiser les filtres</Button>}
          />
        ) : (
          <EmptyState
            title="Aucun territoire pour le moment"
            description="Les territoires sont créés par l'équipe nationale de Convergence France."
          />
        )
      ) : (
        <Stack gap="sm">
          <Text role="status" aria-live="polite" fw={500}>
            {query.hasNextPage ? `Au moins ${pluralTerritoires(territoires.length)}` : pluralTerritoires(territoires.length)}
          </Text>
          <DataTable caption="Liste des territoires" minWidth={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Nom</Table.Th>
                <Table.Th scope="col">Statut</Table.Th>
                <Table.Th scope="col">Densité</Table.Th>
                <Table.Th scope="col">Date de démarrage</Table.Th>
                <Table.Th scope="col" ta="right">
                  Chantiers
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Partenaires
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Conventions actives
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {territoires.map((territoire) => (
                <Table.Tr key={territoire.id}>
                  <Table.Th scope="row">
                    <Anchor component={Link} className="cell-link" to={`/territoires/${territoire.id}`}>
                      {territoire.nom}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>
                    <StatutBadge famille="territoire" statut={territoire.statut} />
                  </Table.Td>
                  <Table.Td>{densiteLabels[territoire.densite]}</Table.Td>
                  <Table.Td>
                    <time dateTime={territoire.date_demarrage}>{formatDate(territoire.date_demarrage)}</time>
                  </Table.Td>
                  <Table.Td ta="right">{formatNumber(territoire.nombre_chantiers ?? 0)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(territoire.nombre_partenaires ?? 0)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(territoire.nombre_conventions_actives ?? 0)}</Table.Td>
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
