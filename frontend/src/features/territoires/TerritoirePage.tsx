import { Anchor, Badge, Breadcrumbs, Button, DataList, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';

import { PageHeading } from '../../app/PageHeading';
import { isNotFound } from '../../api/problem';
import type { Territoire } from '../../api/types';
import { usePageTitle } from '../../app/usePageTitle';
import { densiteLabels, structureTypeLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, formatNumber, formatSiret } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { toneColors } from '../../ui/statut';
import { useStructuresDuTerritoire, useTerritoire } from './useTerritoires';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function TerritoireIntrouvable() {
  usePageTitle('Territoire introuvable');
  return (
    <Stack gap="md" maw={640}>
      <PageHeading>Territoire introuvable</PageHeading>
      <Text>Ce territoire n'existe pas ou vous n'y avez pas accès.</Text>
      <div>
        <Button component={Link} to="/territoires">
          Voir tous les territoires
        </Button>
      </div>
    </Stack>
  );
}

export function TerritoirePage() {
  const { territoireId = '' } = useParams();
  if (!UUID.test(territoireId)) {
    return <TerritoireIntrouvable />;
  }
  return <TerritoireDetails territoireId={territoireId} />;
}

function TerritoireDetails({ territoireId }: { territoireId: string }) {
  const query = useTerritoire(territoireId);
  usePageTitle(query.data?.nom ?? 'Territoire');

  if (query.isPending) {
    return <LoadingState label="Chargement du territoire…" />;
  }
  if (query.isError) {
    if (isNotFound(query.error)) return <TerritoireIntrouvable />;
    return (
      <Stack gap="md">
        <PageHeading>Territoire</PageHeading>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }

  const territoire = query.data;
  return (
    <Stack gap="lg">
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/territoires">
            Territoires
          </Anchor>
          <Text span aria-current="page">
            {territoire.nom}
          </Text>
        </Breadcrumbs>
      </nav>

      <Group gap="md" align="center">
        <PageHeading>{territoire.nom}</PageHeading>
        <StatutBadge famille="territoire" statut={territoire.statut} />
      </Group>

      <TerritoireFiche territoire={territoire} />

      <StructuresDuTerritoire territoireId={territoire.id} />
    </Stack>
  );
}

function TerritoireFiche({ territoire }: { territoire: Territoire }) {
  return (
    <DataList labelWidth="180px">
      <DataList.Item>
        <DataList.ItemLabel>Densité</DataList.ItemLabel>
        <DataList.ItemValue>{densiteLabels[territoire.densite]}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Date de démarrage</DataList.ItemLabel>
        <DataList.ItemValue>
          <time dateTime={territoire.date_demarrage}>{formatDate(territoire.date_demarrage)}</time>
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Code</DataList.ItemLabel>
        <DataList.ItemValue>{territoire.code}</DataList.ItemValue>
      </DataList.Item>
    </DataList>
  );
}

function StructuresDuTerritoire({ territoireId }: { territoireId: string }) {
  const query = useStructuresDuTerritoire(territoireId);
  const structures = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="sm" component="section" aria-labelledby="structures-titre">
      <Title order={2} id="structures-titre">
        Structures
      </Title>
      {query.isPending ? (
        <LoadingState label="Chargement des structures…" />
      ) : query.isError && structures.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : structures.length === 0 ? (
        <EmptyState
          title="Aucune structure rattachée à ce territoire"
          description="Les chantiers, partenaires et financeurs apparaîtront ici dès leur rattachement."
        />
      ) : (
        <>
          <Text fw={500}>
            {formatNumber(structures.length)} {structures.length > 1 ? 'structures' : 'structure'}
            {query.hasNextPage ? ' affichées' : ''}
          </Text>
          <DataTable caption="Structures du territoire" minWidth={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Nom</Table.Th>
                <Table.Th scope="col">Type</Table.Th>
                <Table.Th scope="col">Commune</Table.Th>
                <Table.Th scope="col">SIRET</Table.Th>
                <Table.Th scope="col">Porteur de la coordination</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {structures.map((structure) => (
                <Table.Tr key={structure.id}>
                  <Table.Th scope="row">{structure.nom}</Table.Th>
                  <Table.Td>{structureTypeLabels[structure.type]}</Table.Td>
                  <Table.Td>
                    {structure.commune === null
                      ? messages.notAvailable
                      : structure.code_postal === null
                        ? structure.commune
                        : `${structure.commune} (${structure.code_postal})`}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {structure.siret === null ? messages.notAvailable : formatSiret(structure.siret)}
                  </Table.Td>
                  <Table.Td>
                    {structure.porteur_coordination ? (
                      <Badge color={toneColors.info} variant="filled" radius="sm" size="lg" tt="none" fw={600}>
                        {messages.yes}
                      </Badge>
                    ) : (
                      messages.no
                    )}
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
        </>
      )}
    </Stack>
  );
}
