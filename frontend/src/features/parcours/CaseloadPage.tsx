import { Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { StatutParcours } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { can, inChantier } from '../../app/permissions';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { isEnumValue } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { statutParcoursLabels } from '../../i18n/parcours';
import { EmptyState } from '../../ui/EmptyState';
import { formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { useStructuresParType } from '../identity/useIdentity';
import { CaseloadList, optionsOf } from './components';
import { type CaseloadFilters, useCaseload } from './useParcours';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILTERS = ['statut', 'chantier_id', 'referent_id', 'q'] as const;
type FilterName = (typeof FILTERS)[number];

/** Filters live in the URL: shareable links, and the back button undoes a filter. */
function useCaseloadFilters() {
  const [searchParams, setSearchParams] = useSearchParams();
  const statut = searchParams.get('statut');
  const chantier = searchParams.get('chantier_id');
  const referent = searchParams.get('referent_id');
  const q = searchParams.get('q')?.trim() ?? '';
  const filters: CaseloadFilters = {
    ...(isEnumValue(statutParcoursLabels, statut) ? { statut: statut as StatutParcours } : {}),
    ...(chantier !== null && UUID.test(chantier) ? { chantier_id: chantier } : {}),
    ...(referent !== null && UUID.test(referent) ? { referent_id: referent } : {}),
    ...(q !== '' ? { q } : {}),
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
      for (const name of FILTERS) next.delete(name);
      return next;
    });
  };
  return { filters, setFilter, resetFilters };
}

function pluralSalaries(count: number): string {
  return `${formatNumber(count)} ${count > 1 ? 'personnes' : 'personne'}`;
}

export function CaseloadPage() {
  usePageTitle('Salariés');
  const moi = useMoi();
  const { filters, setFilter, resetFilters } = useCaseloadFilters();
  const query = useCaseload(filters);
  const multiChantier = !inChantier(moi.role);
  const chantiers = useStructuresParType(multiChantier ? 'chantier' : null);
  const [recherche, setRecherche] = useState(filters.q ?? '');
  useEffect(() => setRecherche(filters.q ?? ''), [filters.q]);

  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  const hasFilters = Object.keys(filters).length > 0;

  const statutOptions = [{ value: '', label: 'Parcours non clos' }, ...optionsOf(statutParcoursLabels)];
  const referentOptions = [
    { value: '', label: 'Tous les référents' },
    { value: moi.id, label: 'Moi (mes salariés)' },
    ...(filters.referent_id != null && filters.referent_id !== moi.id ? [{ value: filters.referent_id, label: 'Référent choisi' }] : []),
  ];
  const chantierOptions = [
    { value: '', label: 'Tous les chantiers' },
    ...(chantiers.data ?? []).map((chantier) => ({ value: chantier.id, label: chantier.nom })),
  ];

  const submitSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFilter('q', recherche.trim());
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <PageHeading>Salariés</PageHeading>
        {can(moi, 'parcours:write') && (
          <Button component={Link} to="/parcours/nouveau">
            Accueillir une personne
          </Button>
        )}
      </Group>

      <form role="search" aria-label="Filtrer les salariés" onSubmit={submitSearch}>
        <Group align="flex-end" gap="md">
          <TextInput
            label="Rechercher une personne"
            description="Nom ou prénom, accents facultatifs"
            value={recherche}
            onChange={(event) => setRecherche(event.currentTarget.value)}
            w={{ base: '100%', xs: 260 }}
            type="search"
          />
          <Button type="submit" variant="outline">
            Rechercher
          </Button>
          <NativeSelect
            label="Statut"
            data={statutOptions}
            value={filters.statut ?? ''}
            onChange={(event) => setFilter('statut', event.currentTarget.value)}
            w={{ base: '100%', xs: 200 }}
          />
          <NativeSelect
            label="Référent"
            data={referentOptions}
            value={filters.referent_id ?? ''}
            onChange={(event) => setFilter('referent_id', event.currentTarget.value)}
            w={{ base: '100%', xs: 200 }}
          />
          {multiChantier && (
            <NativeSelect
              label="Chantier"
              data={chantierOptions}
              value={filters.chantier_id ?? ''}
              onChange={(event) => setFilter('chantier_id', event.currentTarget.value)}
              w={{ base: '100%', xs: 240 }}
            />
          )}
          {hasFilters && (
            <Button variant="subtle" onClick={resetFilters}>
              Réinitialiser les filtres
            </Button>
          )}
        </Group>
      </form>

      {query.isPending ? (
        <LoadingState label="Chargement des salariés…" />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        hasFilters ? (
          <EmptyState
            title="Aucune personne ne correspond à ces filtres"
            description="Modifiez la recherche ou réinitialisez les filtres."
            action={<Button onClick={resetFilters}>Réinitialiser les filtres</Button>}
          />
        ) : (
          <EmptyState
            title="Aucun parcours en cours"
            description="Accueillez une personne pour ouvrir son parcours."
            action={
              can(moi, 'parcours:write') ? (
                <Button component={Link} to="/parcours/nouveau">
                  Accueillir une personne
                </Button>
              ) : undefined
            }
          />
        )
      ) : (
        <Stack gap="sm">
          <Text role="status" aria-live="polite" fw={500}>
            {query.hasNextPage ? `Au moins ${pluralSalaries(rows.length)}` : pluralSalaries(rows.length)}
          </Text>
          <CaseloadList rows={rows} caption="Liste des salariés" />
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
