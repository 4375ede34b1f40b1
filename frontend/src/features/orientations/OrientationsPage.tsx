import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import type { ChangeEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { Orientation, OrientationPartenaire } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { can } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { domaineLabels, enumValues, isEnumValue } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { statutOrientationLabels, urgenceLabels } from '../../i18n/orientations';
import { ROLE_STRUCTURE } from '../../i18n/referentiel.generated';
import { aFaireMessages } from '../../i18n/parcours';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime, formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { toneColors } from '../../ui/statut';
import { StatutBadge } from '../../ui/StatutBadge';
import { isPartnerView, nomPartage } from './format';
import { type OrientationFilters, useOrientations } from './useOrientations';

function pluralOrientations(count: number): string {
  return `${formatNumber(count)} ${count > 1 ? 'orientations' : 'orientation'}`;
}

/** The statut filter lives in the URL: shareable, and the back button undoes it. */
function useStatutFilter() {
  const [searchParams, setSearchParams] = useSearchParams();
  const statut = searchParams.get('statut');
  const filters: OrientationFilters = isEnumValue(statutOrientationLabels, statut) ? { statut } : {};
  const setStatut = (value: string) => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value === '') next.delete('statut');
      else next.set('statut', value);
      return next;
    });
  };
  return { filters, setStatut };
}

export function OrientationsPage() {
  const moi = useMoi();
  // People of a partner structure read their inbox (the API answers them the partner's view).
  const partenaire = ROLE_STRUCTURE[moi.role] === 'partenaire';
  const titre = partenaire ? 'Orientations reçues' : 'Orientations';
  usePageTitle(titre);
  const { filters, setStatut } = useStatutFilter();
  const query = useOrientations(filters);
  const orientations = query.data?.pages.flatMap((page) => page.items) ?? [];
  const peutOrienter = can(moi, 'orientations:create');

  const statutOptions = [
    { value: '', label: 'Tous les statuts' },
    ...enumValues(statutOrientationLabels)
      .filter((value) => !(partenaire && value === 'brouillon'))
      .map((value) => ({ value, label: statutOrientationLabels[value] })),
  ];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <PageHeading>{titre}</PageHeading>
        {peutOrienter && (
          <Button component={Link} to="/orientations/nouvelle">
            Orienter une personne
          </Button>
        )}
      </Group>
      {partenaire && (
        <Text>
          Les orientations adressées à {moi.structure_nom}, les plus récentes d’abord. Vous ne voyez que ce que la personne a accepté de
          partager.
        </Text>
      )}

      <form role="search" aria-label="Filtrer les orientations" onSubmit={(event) => event.preventDefault()}>
        <Group align="flex-end" gap="md">
          <NativeSelect
            label="Statut"
            data={statutOptions}
            value={filters.statut ?? ''}
            onChange={(event: ChangeEvent<HTMLSelectElement>) => setStatut(event.currentTarget.value)}
            w={{ base: '100%', xs: 320 }}
          />
          {filters.statut !== undefined && (
            <Button variant="subtle" onClick={() => setStatut('')}>
              Réinitialiser le filtre
            </Button>
          )}
        </Group>
      </form>

      {query.isPending ? (
        <LoadingState label="Chargement des orientations…" />
      ) : query.isError && orientations.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : orientations.length === 0 ? (
        filters.statut !== undefined ? (
          <EmptyState
            title="Aucune orientation avec ce statut"
            description="Choisissez un autre statut ou affichez toutes les orientations."
            action={<Button onClick={() => setStatut('')}>Réinitialiser le filtre</Button>}
          />
        ) : partenaire ? (
          <EmptyState
            title="Aucune orientation reçue pour le moment"
            description="Les orientations que les chantiers vous adressent apparaîtront ici."
          />
        ) : (
          <EmptyState
            title="Aucune orientation pour le moment"
            description={peutOrienter ? 'Orientez une personne vers un partenaire depuis son parcours.' : undefined}
            action={
              peutOrienter ? (
                <Button component={Link} to="/orientations/nouvelle">
                  Orienter une personne
                </Button>
              ) : undefined
            }
          />
        )
      ) : (
        <Stack gap="sm">
          <Text role="status" aria-live="polite" fw={500}>
            {query.hasNextPage ? `Au moins ${pluralOrientations(orientations.length)}` : pluralOrientations(orientations.length)}
          </Text>
          {partenaire ? (
            <TablePartenaire orientations={orientations.filter(isPartnerView)} />
          ) : (
            <TableEmetteur orientations={orientations.filter((o): o is Orientation => !isPartnerView(o))} />
          )}
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

function TablePartenaire({ orientations }: { orientations: OrientationPartenaire[] }) {
  return (
    <DataTable caption="Orientations reçues" minWidth={640}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Personne</Table.Th>
          <Table.Th scope="col">Domaine</Table.Th>
          <Table.Th scope="col">Urgence</Table.Th>
          <Table.Th scope="col">Reçue le</Table.Th>
          <Table.Th scope="col">Statut</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orientations.map((orientation) => (
          <Table.Tr key={orientation.id}>
            <Table.Th scope="row">
              <Anchor component={Link} className="cell-link" to={`/orientations/${orientation.id}`}>
                {nomPartage(orientation.personne) ?? 'Personne (identité non partagée)'}
              </Anchor>
              <Text size="sm" c="dimmed">
                {orientation.motif}
              </Text>
            </Table.Th>
            <Table.Td>{domaineLabels[orientation.domaine]}</Table.Td>
            <Table.Td>{orientation.urgence === 'urgente' ? <strong>{urgenceLabels.urgente}</strong> : urgenceLabels.normale}</Table.Td>
            <Table.Td>
              {orientation.envoyee_le === null ? '—' : <time dateTime={orientation.envoyee_le}>{formatDateTime(orientation.envoyee_le)}</time>}
            </Table.Td>
            <Table.Td>
              <StatutBadge famille="orientation" statut={orientation.statut} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}

function TableEmetteur({ orientations }: { orientations: Orientation[] }) {
  return (
    <DataTable caption="Liste des orientations" minWidth={760}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Personne</Table.Th>
          <Table.Th scope="col">Partenaire</Table.Th>
          <Table.Th scope="col">Domaine</Table.Th>
          <Table.Th scope="col">Envoyée le</Table.Th>
          <Table.Th scope="col">Statut</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {orientations.map((orientation) => (
          <Table.Tr key={orientation.id}>
            <Table.Th scope="row">
              <Anchor component={Link} className="cell-link" to={`/orientations/${orientation.id}`}>
                {`${orientation.salarie.prenoms} ${orientation.salarie.nom}`}
              </Anchor>
              {orientation.nouvelle_reponse && (
                <Badge color={toneColors.info} autoContrast={false} variant="filled" radius="sm" tt="none" ml="xs" className="badge-nowrap">
                  {aFaireMessages.nouvelleReponse}
                </Badge>
              )}
              <Text size="sm" c="dimmed">
                {orientation.motif}
                {orientation.urgence === 'urgente' ? ` · ${urgenceLabels.urgente}` : ''}
              </Text>
            </Table.Th>
            <Table.Td>{orientation.partenaire_nom}</Table.Td>
            <Table.Td>{domaineLabels[orientation.domaine]}</Table.Td>
            <Table.Td>
              {orientation.envoyee_le === null ? 'Non envoyée' : <time dateTime={orientation.envoyee_le}>{formatDateTime(orientation.envoyee_le)}</time>}
            </Table.Td>
            <Table.Td>
              <StatutBadge famille="orientation" statut={orientation.statut} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}
