import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import type { AFaireItem, AFairePersonne } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { messages } from '../../i18n/messages';
import { aFaireMessages } from '../../i18n/parcours';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, formatDateTime } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { toneColors } from '../../ui/statut';
import { CaseloadList } from './components';
import { alerteLabel, nomComplet } from './domain';
import { useAFaire, useCaseload, useMarquerAFaireVu } from './useParcours';

/**
 * The caseworker's home, an inbox: partner answers and what is due, grouped by person, the
 * most urgent first (the API's order); what arrived since the last "seen" is marked new.
 */
export function AFairePage() {
  const moi = useMoi();
  const aFaire = useAFaire();
  const marquerVu = useMarquerAFaireVu();
  const nouveaux = aFaire.data?.nouveaux ?? 0;
  usePageTitle(nouveaux > 0 ? `(${nouveaux}) ${aFaireMessages.titre}` : aFaireMessages.titre);

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Group gap="sm" align="center">
          <PageHeading>{aFaireMessages.titre}</PageHeading>
          {nouveaux > 0 && (
            <Badge color={toneColors.info} autoContrast={false} variant="filled" size="lg" tt="none" data-testid="a-faire-nouveaux">
              {aFaireMessages.nouveauxTitre(nouveaux)}
            </Badge>
          )}
        </Group>
        <Button component={Link} to="/parcours/nouveau">
          Accueillir une personne
        </Button>
      </Group>

      {(aFaire.data?.candidatures_a_instruire ?? 0) > 0 && (
        <Text>
          <Anchor component={Link} to="/candidatures">
            {aFaire.data?.candidatures_a_instruire === 1
              ? '1 candidature au réseau à instruire'
              : `${aFaire.data?.candidatures_a_instruire ?? 0} candidatures au réseau à instruire`}
          </Anchor>
        </Text>
      )}

      <Stack gap="md" component="section" aria-label={aFaireMessages.titre}>
        {aFaire.isPending ? (
          <LoadingState label={aFaireMessages.chargement} />
        ) : aFaire.isError ? (
          <ErrorState error={aFaire.error} onRetry={() => void aFaire.refetch()} />
        ) : aFaire.data.personnes.length === 0 ? (
          <EmptyState title={aFaireMessages.vide} description={aFaireMessages.videDescription} />
        ) : (
          <>
            <Group justify="space-between" gap="sm">
              <Text size="sm">
                {aFaire.data.vu_le ? `${aFaireMessages.vuLe} ${formatDateTime(aFaire.data.vu_le)}` : aFaireMessages.jamaisVu}
              </Text>
              {nouveaux > 0 && (
                <Button variant="outline" loading={marquerVu.isPending} onClick={() => marquerVu.mutate()}>
                  {aFaireMessages.marquerVu}
                </Button>
              )}
            </Group>
            <Stack gap="sm" component="ul" className="plain-list" aria-label="Personnes">
              {aFaire.data.personnes.map((personne) => (
                <PersonneCard key={personne.parcours_id} personne={personne} />
              ))}
            </Stack>
          </>
        )}
      </Stack>

      <MesSalaries referentId={moi.id} />
    </Stack>
  );
}

function PersonneCard({ personne }: { personne: AFairePersonne }) {
  const nom = nomComplet(personne);
  const titreId = `a-faire-${personne.parcours_id}`;
  const resume = aFaireMessages.personne(personne.nouveaux, personne.en_retard);
  return (
    <Card component="li" withBorder padding="sm" radius="md" aria-labelledby={titreId} data-nouveau={personne.nouveaux > 0 || undefined}>
      <Group justify="space-between" gap="xs" mb={4}>
        <Title order={2} size="h4" id={titreId}>
          <Anchor component={Link} to={personne.lien} className="cell-link">
            {nom}
          </Anchor>
        </Title>
        {resume !== '' && (
          <Text size="sm" fw={600}>
            {resume}
          </Text>
        )}
      </Group>
      <Stack gap={6} component="ul" className="plain-list">
        {personne.items.map((item) => (
          <Item key={`${item.type}-${item.objet_id ?? ''}-${item.echeance ?? ''}`} item={item} />
        ))}
      </Stack>
    </Card>
  );
}

function Item({ item }: { item: AFaireItem }) {
  return (
    <li className="a-faire-item" data-type={item.type}>
      <Group gap="xs" wrap="wrap" align="baseline">
        {item.nouveau && (
          <Badge color={toneColors.info} autoContrast={false} variant="filled" radius="sm" tt="none" className="badge-nowrap">
            {aFaireMessages.nouveau}
          </Badge>
        )}
        {item.en_retard && (
          <Badge color={toneColors.danger} autoContrast={false} variant="filled" radius="sm" tt="none" className="badge-nowrap">
            {aFaireMessages.enRetard}
          </Badge>
        )}
        <Text span fw={600} size="sm">
          {alerteLabel(item.type, item.libelle)}
        </Text>
        <Text span size="sm">
          {item.objet_id !== null && item.objet_id !== undefined ? (
            <Anchor component={Link} to={item.lien} className="cell-link">
              {item.libelle}
            </Anchor>
          ) : (
            item.libelle
          )}
          {item.echeance !== null && item.echeance !== undefined && (
            <>
              {' '}
              — échéance le {formatDate(item.echeance)}
              {item.delai ? ` (${item.delai})` : ''}
            </>
          )}
          {item.survenu_le !== null && item.survenu_le !== undefined && <> — le {formatDateTime(item.survenu_le)}</>}
        </Text>
      </Group>
    </li>
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
