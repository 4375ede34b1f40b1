import { Anchor, Button, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';

import { useMoi } from '../../app/auth/AuthProvider';
import { structureTypesFor } from '../../app/permissions';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { domaineLabels, enumValues, isEnumValue, structureTypeLabels, typePartenaireLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { engagementLabels } from '../../i18n/network';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { ImporterDepuisDataInclusion } from '../connecteurs/ImporterDepuisDataInclusion';
import { useTousTerritoires } from '../territoires/useTerritoires';
import { type StructureFilters, useStructures } from './useNetwork';
import { useUrlFilters, uuidOrUndefined } from './useUrlFilters';

const FILTERS = ['q', 'type', 'type_partenaire', 'domaine', 'territoire_id', 'engagement'] as const;

function options<K extends string>(labels: Record<K, string>, all: string) {
  return [{ value: '', label: all }, ...enumValues(labels).map((value) => ({ value, label: labels[value] }))];
}

function pluralStructures(count: number): string {
  return `${formatNumber(count)} ${count > 1 ? 'structures' : 'structure'}`;
}

/** The partner directory: search by name, filters in the address, "Afficher plus". */
export function StructuresPage() {
  usePageTitle('Annuaire des structures');
  const moi = useMoi();
  const { values, setFilter, resetFilters, hasFilters } = useUrlFilters(FILTERS);
  const territoires = useTousTerritoires();
  const [recherche, setRecherche] = useState(values.q);

  // The search box follows the address (back button, shared link)…
  useEffect(() => setRecherche(values.q), [values.q]);
  // …and writes to it once typing pauses (replacing the entry: no history step per letter).
  useEffect(() => {
    const trimmed = recherche.trim();
    if (trimmed === values.q) return;
    const timer = setTimeout(() => setFilter('q', trimmed, { replace: true }), 350);
    return () => clearTimeout(timer);
  }, [recherche]);

  const filters: StructureFilters = {
    ...(values.q !== '' ? { q: values.q.slice(0, 100) } : {}),
    ...(isEnumValue(structureTypeLabels, values.type) ? { type: values.type } : {}),
    ...(isEnumValue(typePartenaireLabels, values.type_partenaire) ? { type_partenaire: values.type_partenaire } : {}),
    ...(isEnumValue(domaineLabels, values.domaine) ? { domaine: values.domaine } : {}),
    ...(isEnumValue(engagementLabels, values.engagement) ? { engagement: values.engagement } : {}),
    ...(uuidOrUndefined(values.territoire_id) !== undefined ? { territoire_id: values.territoire_id } : {}),
  };
  const query = useStructures(filters);
  const structures = query.data?.pages.flatMap((page) => page.items) ?? [];
  const nomsTerritoires = new Map((territoires.data ?? []).map((territoire) => [territoire.id, territoire.nom]));
  const peutCreer = structureTypesFor(moi).length > 0;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <PageHeading>Annuaire des structures</PageHeading>
        <Group gap="sm">
          <ImporterDepuisDataInclusion />
          {peutCreer && (
            <Button component={Link} to="/structures/nouveau">
              Nouvelle structure
            </Button>
          )}
        </Group>
      </Group>

      <form
        role="search"
        aria-label="Rechercher dans l'annuaire"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter('q', recherche.trim());
        }}
      >
        <Stack gap="md">
          <Group align="flex-end" gap="sm">
            <TextInput
              type="search"
              label="Nom de la structure"
              description="Une partie du nom suffit"
              value={recherche}
              maxLength={100}
              onChange={(event) => setRecherche(event.currentTarget.value)}
              w={{ base: '100%', xs: 320 }}
            />
            <Button type="submit" variant="outline">
              Rechercher
            </Button>
          </Group>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
            <NativeSelect
              label="Type de structure"
              data={options(structureTypeLabels, 'Tous les types')}
              value={filters.type ?? ''}
              onChange={(event) => setFilter('type', event.currentTarget.value)}
            />
            <NativeSelect
              label="Type de partenaire"
              data={options(typePartenaireLabels, 'Tous les types de partenaire')}
              value={filters.type_partenaire ?? ''}
              onChange={(event) => setFilter('type_partenaire', event.currentTarget.value)}
            />
            <NativeSelect
              label="Domaine"
              data={options(domaineLabels, 'Tous les domaines')}
              value={filters.domaine ?? ''}
              onChange={(event) => setFilter('domaine', event.currentTarget.value)}
            />
            <NativeSelect
              label="Territoire"
              data={[
                { value: '', label: 'Tous les territoires' },
                ...(territoires.data ?? []).map((territoire) => ({ value: territoire.id, label: territoire.nom })),
              ]}
              value={filters.territoire_id ?? ''}
              onChange={(event) => setFilter('territoire_id', event.currentTarget.value)}
            />
            <NativeSelect
              label="Engagement dans le réseau"
              data={options(engagementLabels, 'Tous les engagements')}
              value={filters.engagement ?? ''}
              onChange={(event) => setFilter('engagement', event.currentTarget.value)}
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
        <LoadingState label="Chargement de l'annuaire…" />
      ) : query.isError && structures.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : structures.length === 0 ? (
        hasFilters ? (
          <EmptyState
            title="Aucune structure ne correspond à cette recherche"
            description="Vérifiez l'orthographe du nom, ou retirez un filtre."
            action={<Button onClick={resetFilters}>Réinitialiser les filtres</Button>}
          />
        ) : (
          <EmptyState
            title="L'annuaire est vide"
            description={peutCreer ? 'Ajoutez les chantiers et partenaires de votre territoire.' : 'Les structures apparaîtront ici dès leur création.'}
            action={
              peutCreer ? (
                <Button component={Link} to="/structures/nouveau">
                  Nouvelle structure
                </Button>
              ) : undefined
            }
          />
        )
      ) : (
        <Stack gap="sm">
          <Text role="status" aria-live="polite" fw={500}>
            {query.hasNextPage ? `Au moins ${pluralStructures(structures.length)}` : pluralStructures(structures.length)}
          </Text>
          <DataTable caption="Annuaire des structures" minWidth={760}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Nom</Table.Th>
                <Table.Th scope="col">Type</Table.Th>
                <Table.Th scope="col">Territoire</Table.Th>
                <Table.Th scope="col">Domaines</Table.Th>
                <Table.Th scope="col">Engagement</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {structures.map((structure) => (
                <Table.Tr key={structure.id}>
                  <Table.Th scope="row">
                    <Anchor component={Link} className="cell-link" to={`/structures/${structure.id}`}>
                      {structure.nom}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>
                    {structure.type_partenaire == null
                      ? structureTypeLabels[structure.type]
                      : typePartenaireLabels[structure.type_partenaire]}
                  </Table.Td>
                  <Table.Td>
                    {structure.territoire_id == null ? 'National' : (nomsTerritoires.get(structure.territoire_id) ?? messages.notAvailable)}
                  </Table.Td>
                  <Table.Td>
                    {structure.domaines.length === 0 ? 'Aucun' : structure.domaines.map((domaine) => domaineLabels[domaine]).join(', ')}
                  </Table.Td>
                  <Table.Td>{structure.engagement == null ? 'Sans objet' : <StatutBadge famille="engagement" statut={structure.engagement} />}</Table.Td>
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
