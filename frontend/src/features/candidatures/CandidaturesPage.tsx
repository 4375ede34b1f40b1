import { Anchor, Button, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import type { Candidature, StatutCandidature } from '../../api/types';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { statutCandidatureLabels, voieCandidatureLabels } from '../../i18n/candidatures';
import { enumValues, isEnumValue } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, formatNumber, formatPercent } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { useUrlFilters, uuidOrUndefined } from '../network/useUrlFilters';
import { useTousTerritoires } from '../territoires/useTerritoires';
import { type CandidatureFilters, useCandidatures, useCompteursCandidatures, useIndicateursCandidatures } from './useCandidatures';

const FILTERS = ['statut', 'voie', 'territoire_id'] as const;
const STATUTS: StatutCandidature[] = ['soumise', 'en_instruction', 'acceptee', 'refusee', 'sans_suite'];

function pluriel(count: number): string {
  return `${formatNumber(count)} ${count > 1 ? 'candidatures' : 'candidature'}`;
}

function territoiresDe(candidature: Candidature): string {
  if (candidature.nouveau_territoire) return `Nouveau territoire : ${candidature.nouveau_territoire}`;
  return candidature.territoires.map((t) => t.nom).join(', ') || messages.notAvailable;
}

/** The instructors' queue: filters in the URL, counts per statut, the list. */
export function CandidaturesPage() {
  usePageTitle('Candidatures');
  const { values, setFilter, resetFilters, hasFilters } = useUrlFilters(FILTERS);
  const territoires = useTousTerritoires();
  const filters: CandidatureFilters = {
    ...(isEnumValue(statutCandidatureLabels, values.statut) ? { statut: values.statut } : {}),
    ...(isEnumValue(voieCandidatureLabels, values.voie) ? { voie: values.voie } : {}),
    ...(uuidOrUndefined(values.territoire_id) !== undefined ? { territoire_id: values.territoire_id } : {}),
  };
  const { statut: _statut, ...sansStatut } = filters;
  const compteurs = useCompteursCandidatures(sansStatut);
  const query = useCandidatures(filters);
  const candidatures = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="lg">
      <PageHeading>Candidatures au réseau</PageHeading>
      <Text>Les organisations qui demandent à devenir chantier porteur, partenaire ou financeur de Convergence.</Text>

      {compteurs.data !== undefined && (
        <ul className="candidatures-compteurs" aria-label="Candidatures par statut">
          {STATUTS.map((statut) => (
            <li key={statut}>
              <Anchor
                component="button"
                type="button"
                className="candidatures-compteur"
                aria-pressed={filters.statut === statut}
                onClick={() => setFilter('statut', filters.statut === statut ? '' : statut)}
              >
                <strong>{formatNumber(compteurs.data.par_statut[statut] ?? 0)}</strong> {statutCandidatureLabels[statut]}
              </Anchor>
            </li>
          ))}
        </ul>
      )}

      <form role="search" aria-label="Filtrer les candidatures" onSubmit={(event) => event.preventDefault()}>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
            <NativeSelect
              label="Statut"
              data={[{ value: '', label: 'Tous les statuts' }, ...STATUTS.map((value) => ({ value, label: statutCandidatureLabels[value] }))]}
              value={filters.statut ?? ''}
              onChange={(event) => setFilter('statut', event.currentTarget.value)}
            />
            <NativeSelect
              label="Voie"
              data={[{ value: '', label: 'Toutes les voies' }, ...enumValues(voieCandidatureLabels).map((value) => ({ value, label: voieCandidatureLabels[value] }))]}
              value={filters.voie ?? ''}
              onChange={(event) => setFilter('voie', event.currentTarget.value)}
            />
            <NativeSelect
              label="Territoire"
              data={[{ value: '', label: 'Tous les territoires' }, ...(territoires.data ?? []).map((t) => ({ value: t.id, label: t.nom }))]}
              value={filters.territoire_id ?? ''}
              onChange={(event) => setFilter('territoire_id', event.currentTarget.value)}
            />
          </SimpleGrid>
          {hasFilters && (
            <div>
              <Button variant="subtle" onClick={resetFilters}>
                Réinitialiser les filtres
              </Button>
            </div>
          )}
        </Stack>
      </form>

      {query.isPending ? (
        <LoadingState label="Chargement des candidatures…" />
      ) : query.isError && candidatures.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : candidatures.length === 0 ? (
        <EmptyState
          title={hasFilters ? 'Aucune candidature ne correspond à ces filtres' : 'Aucune candidature pour le moment'}
          description={
            hasFilters
              ? 'Modifiez ou réinitialisez les filtres pour voir les autres candidatures.'
              : 'Les candidatures envoyées depuis les pages « Être partenaire » apparaîtront ici.'
          }
          action={hasFilters ? <Button onClick={resetFilters}>Réinitialiser les filtres</Button> : undefined}
        />
      ) : (
        <Stack gap="sm">
          <Text role="status" aria-live="polite" fw={500}>
            {query.hasNextPage ? `Au moins ${pluriel(candidatures.length)}` : pluriel(candidatures.length)}
          </Text>
          <DataTable caption="Liste des candidatures" minWidth={720}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Organisation</Table.Th>
                <Table.Th scope="col">Voie</Table.Th>
                <Table.Th scope="col">Statut</Table.Th>
                <Table.Th scope="col">Territoire</Table.Th>
                <Table.Th scope="col">Reçue le</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {candidatures.map((candidature) => (
                <Table.Tr key={candidature.id}>
                  <Table.Th scope="row">
                    <Anchor component={Link} className="cell-link" to={`/candidatures/${candidature.id}`}>
                      {candidature.nom ?? messages.notAvailable}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{voieCandidatureLabels[candidature.voie]}</Table.Td>
                  <Table.Td>
                    <StatutBadge famille="candidature" statut={candidature.statut} />
                  </Table.Td>
                  <Table.Td>{territoiresDe(candidature)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {candidature.soumise_le == null ? messages.notAvailable : <time dateTime={candidature.soumise_le}>{formatDate(candidature.soumise_le)}</time>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          {query.hasNextPage && (
            <div>
              <Button variant="outline" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {messages.loadMore}
              </Button>
            </div>
          )}
        </Stack>
      )}
      <Croissance />
    </Stack>
  );
}

/** The network's growth in the caller's perimeter (computed by the API). */
function Croissance() {
  const query = useIndicateursCandidatures();
  if (query.data === undefined) return null;
  const data = query.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby="croissance-titre">
      <Title order={2} size="h3" id="croissance-titre">
        Croissance du réseau
      </Title>
      <Text>
        Taux d’acceptation : <strong>{data.taux_acceptation == null ? messages.notAvailable : formatPercent(data.taux_acceptation)}</strong> · délai médian
        jusqu’à la décision :{' '}
        <strong>{data.delai_median_decision_jours == null ? messages.notAvailable : `${formatNumber(data.delai_median_decision_jours)} jours`}</strong>
      </Text>
      <DataTable caption="Candidatures par voie" minWidth={480}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Voie</Table.Th>
            <Table.Th scope="col" ta="right">
              Reçues
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Décidées
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Acceptées
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.par_voie.map((ligne) => (
            <Table.Tr key={ligne.voie}>
              <Table.Th scope="row">{voieCandidatureLabels[ligne.voie]}</Table.Th>
              <Table.Td ta="right">{formatNumber(ligne.candidatures)}</Table.Td>
              <Table.Td ta="right">{formatNumber(ligne.decidees)}</Table.Td>
              <Table.Td ta="right">{formatNumber(ligne.acceptees)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </DataTable>
    </Stack>
  );
}
