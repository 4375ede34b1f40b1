import { Anchor, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { messages } from '../../i18n/messages';
import { EmptyState } from '../../ui/EmptyState';
import { formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { CaseloadList, DateFr } from './components';
import { grouperAlertes, nomComplet } from './domain';
import { useAFaire, useCaseload } from './useParcours';

/** The accompagnateur's home: what needs doing, then their people. */
export function AFairePage() {
  usePageTitle('À faire');
  const moi = useMoi();
  const aFaire = useAFaire();
  const groupes = grouperAlertes(aFaire.data ?? []);

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end" gap="sm">
        <PageHeading>À faire</PageHeading>
        <Button component={Link} to="/parcours/nouveau">
          Accueillir une personne
        </Button>
      </Group>

      <Stack gap="md" component="section" aria-labelledby="alertes-titre">
        <Title order={2} id="alertes-titre">
          Alertes
        </Title>
        {aFaire.isPending ? (
          <LoadingState label="Chargement des alertes…" />
        ) : aFaire.isError ? (
          <ErrorState error={aFaire.error} onRetry={() => void aFaire.refetch()} />
        ) : groupes.length === 0 ? (
          <EmptyState title="Rien d'urgent pour le moment" description="Aucune alerte sur les personnes que vous accompagnez." />
        ) : (
          groupes.map((groupe) => (
            <Stack key={groupe.type} gap="xs" component="section" aria-labelledby={`alerte-${groupe.type}`}>
              <Title order={3} id={`alerte-${groupe.type}`}>
                {groupe.label} ({formatNumber(groupe.items.length)})
              </Title>
              <List spacing={4} listStyleType="disc">
                {groupe.items.map((item) => (
                  <List.Item key={`${item.parcours_id}-${item.type}-${item.objet_id ?? ''}`}>
                    <Anchor component={Link} to={item.lien.startsWith('/') ? item.lien : `/parcours/${item.parcours_id}`} className="cell-link">
                      {nomComplet(item)}
                    </Anchor>{' '}
                    <Text span size="sm">
                      — {item.libelle}
                      {item.echeance !== null && item.echeance !== undefined && (
                        <>
                          {' '}
                          (échéance : <DateFr value={item.echeance} />)
                        </>
                      )}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </Stack>
          ))
        )}
      </Stack>

      <MesSalaries referentId={moi.id} />
    </Stack>
  );
}

function MesSalaries({ referentId }: { referentId: string }) {
  const query = useCaseload({ referent_id: referentId });
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="mes-salaries-titre">
      <Group justify="space-between" align="flex-end">
        <Title order={2} id="mes-salaries-titre">
          Mes salariés
        </Title>
        <Anchor component={Link} to={`/parcours?referent_id=${referentId}`} className="cell-link">
          Voir dans la liste complète
        </Anchor>
      </Group>
      {query.isPending ? (
        <LoadingState label="Chargement de vos salariés…" />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          title="Vous n'êtes référent·e d'aucun parcours en cours"
          description="Les personnes que vous accueillez apparaîtront ici."
          action={
            <Button component={Link} to="/parcours/nouveau">
              Accueillir une personne
            </Button>
          }
        />
      ) : (
        <>
          <CaseloadList rows={rows} caption="Liste de mes salariés" />
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
