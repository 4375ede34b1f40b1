import { Anchor, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import type { ChangeEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { enumValues, isEnumValue, roleLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { type UtilisateurFilters, useUtilisateurs } from './useIdentity';

function pluralComptes(count: number): string {
  return `${formatNumber(count)} ${count > 1 ? 'comptes' : 'compte'}`;
}

export function UtilisateursPage() {
  usePageTitle('Utilisateurs');
  const [searchParams, setSearchParams] = useSearchParams();
  const role = searchParams.get('role');
  const filters: UtilisateurFilters = isEnumValue(roleLabels, role) ? { role } : {};
  const query = useUtilisateurs(filters);
  const utilisateurs = query.data?.pages.flatMap((page) => page.items) ?? [];

  const setRole = (value: string) => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value === '') next.delete('role');
      else next.set('role', value);
      return next;
    });
  };

  const roleOptions = [
    { value: '', label: 'Tous les rôles' },
    ...enumValues(roleLabels).map((value) => ({ value, label: roleLabels[value] })),
  ];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <PageHeading>Utilisateurs</PageHeading>
        <Button component={Link} to="/administration/utilisateurs/nouveau">
          Créer un compte
        </Button>
      </Group>

      <form role="search" aria-label="Filtrer les comptes" onSubmit={(event) => event.preventDefault()}>
        <Group align="flex-end" gap="md">
          <NativeSelect
            label="Rôle"
            data={roleOptions}
            value={filters.role ?? ''}
            onChange={(event: ChangeEvent<HTMLSelectElement>) => setRole(event.currentTarget.value)}
            w={{ base: '100%', xs: 320 }}
          />
          {filters.role !== undefined && (
            <Button variant="subtle" onClick={() => setRole('')}>
              Réinitialiser le filtre
            </Button>
          )}
        </Group>
      </form>

      {query.isPending ? (
        <LoadingState label="Chargement des comptes…" />
      ) : query.isError && utilisateurs.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : utilisateurs.length === 0 ? (
        filters.role !== undefined ? (
          <EmptyState
            title="Aucun compte avec ce rôle"
            description="Choisissez un autre rôle ou créez un compte."
            action={<Button onClick={() => setRole('')}>Réinitialiser le filtre</Button>}
          />
        ) : (
          <EmptyState
            title="Aucun compte pour le moment"
            description="Créez le premier compte de votre périmètre."
            action={
              <Button component={Link} to="/administration/utilisateurs/nouveau">
                Créer un compte
              </Button>
            }
          />
        )
      ) : (
        <Stack gap="sm">
          <Text role="status" aria-live="polite" fw={500}>
            {query.hasNextPage ? `Au moins ${pluralComptes(utilisateurs.length)}` : pluralComptes(utilisateurs.length)}
          </Text>
          <DataTable caption="Liste des comptes" minWidth={720}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Adresse e-mail</Table.Th>
                <Table.Th scope="col">Nom</Table.Th>
                <Table.Th scope="col">Prénom</Table.Th>
                <Table.Th scope="col">Rôle</Table.Th>
                <Table.Th scope="col">État</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {utilisateurs.map((utilisateur) => (
                <Table.Tr key={utilisateur.id}>
                  <Table.Th scope="row">
                    <Anchor component={Link} className="cell-link" to={`/administration/utilisateurs/${utilisateur.id}`}>
                      {utilisateur.email}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{utilisateur.nom}</Table.Td>
                  <Table.Td>{utilisateur.prenom}</Table.Td>
                  <Table.Td>{roleLabels[utilisateur.role]}</Table.Td>
                  <Table.Td>
                    <StatutBadge famille="compte" statut={utilisateur.actif ? 'actif' : 'desactive'} />
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
