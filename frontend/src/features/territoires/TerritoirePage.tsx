import { Alert, Anchor, Badge, Box, Breadcrumbs, Button, DataList, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError, errorMessage, isNotFound } from '../../api/problem';
import type { Densite, Evenement, TerritoireDetail, TerritoireStatut } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { peut } from '../../app/actions';
import { can } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { densiteLabels, enumValues, structureTypeLabels, territoireStatutLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, formatNumber, formatSiret } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { toneColors } from '../../ui/statut';
import { ConventionsARenouveler } from '../network/ConventionsARenouveler';
import { ConventionsTable } from '../network/ConventionsTable';
import { useConventions } from '../network/useNetwork';
import { statutsPossibles } from './transitions';
import { type TerritoireVersion, useModifierTerritoire, useStructuresDuTerritoire, useTerritoire } from './useTerritoires';

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
  const moi = useMoi();
  const query = useTerritoire(territoireId);
  usePageTitle(query.data?.territoire.nom ?? 'Territoire');

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

  const { territoire } = query.data;
  const litConventions = can(moi, 'conventions:read');
  return (
    <Stack gap="xl">
      <Stack gap="lg">
        <nav aria-label="Fil d'Ariane">
          <Breadcrumbs separator="›">
            <Anchor component={Link} to="/territoires">
              Territoires
            </Anchor>
            <Text span aria-current="page" className="breadcrumb-wrap">
              {territoire.nom}
            </Text>
          </Breadcrumbs>
        </nav>

        <Group gap="md" align="center">
          <PageHeading>{territoire.nom}</PageHeading>
          <StatutBadge famille="territoire" statut={territoire.statut} />
        </Group>

        <TerritoireFiche territoire={territoire} />
      </Stack>

      {peut('StatutTerritoire', territoire, 'modification') && <StatutDensite key={territoire.version} version={query.data} />}

      {litConventions && <ConventionsARenouveler territoireId={territoire.id} />}

      <StructuresDuTerritoire territoireId={territoire.id} />

      {litConventions && <ConventionsDuTerritoire territoireId={territoire.id} />}

      <Historique evenements={territoire.evenements ?? []} />
    </Stack>
  );
}

function TerritoireFiche({ territoire }: { territoire: TerritoireDetail }) {
  const fas = territoire.fas ?? [];
  const charges = territoire.charges_partenariat ?? [];
  return (
    <DataList labelWidth="220px">
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
      <DataList.Item>
        <DataList.ItemLabel>Chantier porteur</DataList.ItemLabel>
        <DataList.ItemValue>
          {territoire.porteur == null ? (
            'Pas encore désigné'
          ) : (
            <Anchor component={Link} to={`/structures/${territoire.porteur.id}`}>
              {territoire.porteur.nom}
            </Anchor>
          )}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>FAS</DataList.ItemLabel>
        <DataList.ItemValue>
          {fas.length === 0
            ? messages.notAvailable
            : fas.map((structure, index) => (
                <span key={structure.id}>
                  {index > 0 && ', '}
                  <Anchor component={Link} to={`/structures/${structure.id}`}>
                    {structure.nom}
                  </Anchor>
                </span>
              ))}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Chargé·es de partenariat</DataList.ItemLabel>
        <DataList.ItemValue>
          {charges.length === 0 ? messages.notAvailable : charges.map((personne) => `${personne.prenom} ${personne.nom}`).join(', ')}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Chiffres clés</DataList.ItemLabel>
        <DataList.ItemValue>
          {`${formatNumber(territoire.nombre_chantiers ?? 0)} chantier(s), ${formatNumber(territoire.nombre_partenaires ?? 0)} partenaire(s), ${formatNumber(territoire.nombre_conventions_actives ?? 0)} convention(s) active(s)`}
        </DataList.ItemValue>
      </DataList.Item>
    </DataList>
  );
}

/** The national team changes the statut (preparation → operationnel → suspendu…) and the density. */
function StatutDensite({ version }: { version: TerritoireVersion }) {
  const { territoire, etag } = version;
  const modifier = useModifierTerritoire(territoire.id);
  const [statut, setStatut] = useState<TerritoireStatut>(territoire.statut);
  const [densite, setDensite] = useState<Densite>(territoire.densite);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const inchange = statut === territoire.statut && densite === territoire.densite;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    modifier.mutate(
      {
        changes: { ...(statut !== territoire.statut ? { statut } : {}), ...(densite !== territoire.densite ? { densite } : {}) },
        etag,
      },
      {
        onSuccess: () => notifications.show({ color: 'green', title: 'Territoire enregistré', message: 'Le statut et la densité sont à jour.' }),
        onError: (error) => {
          if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) setErrors(error.fieldErrors);
          else if (error instanceof ApiError && error.status === 412)
            setFailure("Ce territoire a été modifié entre-temps par quelqu'un d'autre : rechargez la page puis recommencez.");
          else setFailure(errorMessage(error));
        },
      },
    );
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="pilotage-titre">
      <Title order={2} id="pilotage-titre">
        Statut et densité
      </Title>
      <form onSubmit={submit} aria-label="Modifier le statut et la densité">
        <Stack gap="md">
          {failure !== null && (
            <Alert color="red" variant="light" role="alert" title="La modification n'a pas été enregistrée">
              {failure}
            </Alert>
          )}
          <Group align="flex-start" gap="md">
            <NativeSelect
              label="Statut du territoire"
              description="Seules les étapes possibles depuis le statut actuel sont proposées."
              data={statutsPossibles(territoire).map((value) => ({ value, label: territoireStatutLabels[value] }))}
              value={statut}
              error={errors.statut}
              onChange={(event) => setStatut(event.currentTarget.value as TerritoireStatut)}
              w={{ base: '100%', xs: 240 }}
            />
            <NativeSelect
              label="Densité du territoire"
              data={enumValues(densiteLabels).map((value) => ({ value, label: densiteLabels[value] }))}
              value={densite}
              error={errors.densite}
              onChange={(event) => setDensite(event.currentTarget.value as Densite)}
              w={{ base: '100%', xs: 240 }}
            />
          </Group>
          <div>
            <Button type="submit" loading={modifier.isPending} disabled={inchange}>
              Enregistrer le statut et la densité
            </Button>
          </div>
        </Stack>
      </form>
    </Stack>
  );
}

function StructuresDuTerritoire({ territoireId }: { territoireId: string }) {
  const query = useStructuresDuTerritoire(territoireId);
  const structures = query.data?.pages.flatMap((page) => page.items) ?? [];
  const chantiers = structures.filter((structure) => structure.type === 'chantier').length;
  const partenaires = structures.filter((structure) => structure.type === 'partenaire').length;

  return (
    <Stack gap="sm" component="section" aria-labelledby="structures-titre">
      <Title order={2} id="structures-titre">
        Chantiers et partenaires
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
            {` dont ${formatNumber(chantiers)} chantier(s) et ${formatNumber(partenaires)} partenaire(s)`}
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
                  <Table.Th scope="row">
                    <Anchor component={Link} className="cell-link" to={`/structures/${structure.id}`}>
                      {structure.nom}
                    </Anchor>
                  </Table.Th>
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
          <Group gap="sm">
            {query.hasNextPage && (
              <Button variant="outline" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {messages.loadMore}
              </Button>
            )}
            <Button variant="subtle" component={Link} to={`/structures?territoire_id=${territoireId}&type=partenaire`}>
              Voir les partenaires dans l'annuaire
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

function ConventionsDuTerritoire({ territoireId }: { territoireId: string }) {
  const query = useConventions({ territoire_id: territoireId });
  const conventions = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="conventions-territoire-titre">
      <Title order={2} id="conventions-territoire-titre">
        Conventions
      </Title>
      {query.isPending ? (
        <LoadingState label="Chargement des conventions…" />
      ) : query.isError && conventions.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : conventions.length === 0 ? (
        <EmptyState title="Aucune convention sur ce territoire" description="La convention de coordination est la première à établir." />
      ) : (
        <>
          <ConventionsTable caption="Conventions du territoire" conventions={conventions} />
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

/** The territoire's history, oldest first, as a vertical timeline (an ordered list). */
function Historique({ evenements }: { evenements: Evenement[] }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="historique-titre">
      <Title order={2} id="historique-titre">
        Historique
      </Title>
      {evenements.length === 0 ? (
        <Text>Aucun événement enregistré pour ce territoire.</Text>
      ) : (
        <Box
          component="ol"
          aria-label="Historique du territoire"
          m={0}
          p={0}
          style={{ listStyle: 'none', borderInlineStart: '3px solid var(--mantine-color-blue-8)', marginInlineStart: 8 }}
        >
          {evenements.map((evenement, index) => (
            <Box component="li" key={`${evenement.date}-${index}`} pos="relative" pl="lg" pb="md">
              <Box
                aria-hidden="true"
                pos="absolute"
                style={{
                  left: -10,
                  top: 4,
                  width: 16,
                  height: 16,
                  borderRadius: '50%',
                  background: 'var(--mantine-color-white)',
                  border: '3px solid var(--mantine-color-blue-8)',
                }}
              />
              <Text fw={600} size="sm">
                <time dateTime={evenement.date}>{formatDate(evenement.date)}</time>
              </Text>
              <Text>{evenement.libelle}</Text>
            </Box>
          ))}
        </Box>
      )}
    </Stack>
  );
}
