import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';

import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { conventionTypesFor } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { enumValues, isEnumValue } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { statutConventionLabels, typeConventionLabels } from '../../i18n/network';
import { EmptyState } from '../../ui/EmptyState';
import { formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { useTousTerritoires } from '../territoires/useTerritoires';
import { ConventionsTable } from './ConventionsTable';
import { RENOUVELLEMENT_JOURS, echeanceRenouvellement } from './dates';
import { type ConventionFilters, useConventions } from './useNetwork';
import { useUrlFilters, uuidOrUndefined } from './useUrlFilters';

const FILTERS = ['type', 'statut', 'territoire_id', 'renouveler'] as const;

function pluralConventions(count: number): string {
  return `${formatNumber(count)} ${count > 1 ? 'conventions' : 'convention'}`;
}

export function ConventionsPage() {
  usePageTitle('Conventions');
  const moi = useMoi();
  const { values, setFilter, resetFilters, hasFilters } = useUrlFilters(FILTERS);
  const territoires = useTousTerritoires();
  const aRenouveler = values.renouveler === '1';
  const filters: ConventionFilters = {
    ...(isEnumValue(typeConventionLabels, values.type) ? { type: values.type } : {}),
    ...(isEnumValue(statutConventionLabels, values.statut) ? { statut: values.statut } : {}),
    ...(uuidOrUndefined(values.territoire_id) !== undefined ? { territoire_id: values.territoire_id } : {}),
    ...(aRenouveler ? { echeance_avant: echeanceRenouvellement() } : {}),
  };
  const query = useConventions(filters);
  const conventions = query.data?.pages.flatMap((page) => page.items) ?? [];
  const noms = new Map((territoires.data ?? []).map((territoire) => [territoire.id, territoire.nom]));
  const peutCreer = conventionTypesFor(moi).length > 0;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <PageHeading>Conventions</PageHeading>
        {peutCreer && (
          <Button component={Link} to="/conventions/nouveau">
            Nouvelle convention
          </Button>
        )}
      </Group>

      <form role="search" aria-label="Filtrer les conventions" onSubmit={(event) => event.preventDefault()}>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
            <NativeSelect
              label="Type"
              data={[{ value: '', label: 'Tous les types' }, ...enumValues(typeConventionLabels).map((value) => ({ value, label: typeConventionLabels[value] }))]}
              value={filters.type ?? ''}
              onChange={(event) => setFilter('type', event.currentTarget.value)}
            />
            <NativeSelect
              label="Statut"
              data={[
                { value: '', label: 'Tous les statuts' },
                ...enumValues(statutConventionLabels).map((value) => ({ value, label: statutConventionLabels[value] })),
              ]}
              value={filters.statut ?? ''}
              onChange={(event) => setFilter('statut', event.currentTarget.value)}
            />
            <NativeSelect
              label="Territoire"
              data={[{ value: '', label: 'Tous les territoires' }, ...(territoires.data ?? []).map((territoire) => ({ value: territoire.id, label: territoire.nom }))]}
              value={filters.territoire_id ?? ''}
              onChange={(event) => setFilter('territoire_id', event.currentTarget.value)}
            />
          </SimpleGrid>
          <Checkbox
            className="touch-checkbox"
            label={`À renouveler sous ${RENOUVELLEMENT_JOURS} jours`}
            description={`Conventions actives dont l'échéance tombe dans les ${RENOUVELLEMENT_JOURS} prochains jours`}
            checked={aRenouveler}
            onChange={(event) => setFilter('renouveler', event.currentTarget.checked ? '1' : '')}
          />
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
        <LoadingState label="Chargement des conventions…" />
      ) : query.isError && conventions.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : conventions.length === 0 ? (
        hasFilters ? (
          <EmptyState
            title="Aucune convention ne correspond à ces filtres"
            description="Modifiez ou réinitialisez les filtres pour voir d'autres conventions."
            action={<Button onClick={resetFilters}>Réinitialiser les filtres</Button>}
          />
        ) : (
          <EmptyState
            title="Aucune convention pour le moment"
            description={peutCreer ? 'Créez la première convention de votre territoire.' : 'Les conventions dont votre structure est partie apparaîtront ici.'}
          />
        )
      ) : (
        <Stack gap="sm">
          <Text role="status" aria-live="polite" fw={500}>
            {query.hasNextPage ? `Au moins ${pluralConventions(conventions.length)}` : pluralConventions(conventions.length)}
          </Text>
          <ConventionsTable caption="Liste des conventions" conventions={conventions} territoires={noms} />
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
