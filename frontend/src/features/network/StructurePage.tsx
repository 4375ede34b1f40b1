import { Anchor, Badge, Breadcrumbs, Button, Card, DataList, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';

import { isNotFound } from '../../api/problem';
import type { Structure } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { can, structureTypesFor } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { domaineLabels, structureTypeLabels, typePartenaireLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { EmptyState } from '../../ui/EmptyState';
import { formatNumber, formatSiret } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { useTousTerritoires } from '../territoires/useTerritoires';
import { ConventionsTable } from './ConventionsTable';
import { useConventions, useStructureVersion } from './useNetwork';
import { uuidOrUndefined } from './useUrlFilters';

export function StructureIntrouvable() {
  usePageTitle('Structure introuvable');
  return (
    <Stack gap="md" maw={640}>
      <PageHeading>Structure introuvable</PageHeading>
      <Text>Cette structure n'existe pas ou n'appartient pas à votre périmètre.</Text>
      <div>
        <Button component={Link} to="/structures">
          Retour à l'annuaire
        </Button>
      </div>
    </Stack>
  );
}

export function StructurePage() {
  const { structureId = '' } = useParams();
  if (uuidOrUndefined(structureId) === undefined) return <StructureIntrouvable />;
  return <StructureDetails structureId={structureId} />;
}

function StructureDetails({ structureId }: { structureId: string }) {
  const moi = useMoi();
  const query = useStructureVersion(structureId);
  usePageTitle(query.data?.structure.nom ?? 'Structure');

  if (query.isPending) return <LoadingState label="Chargement de la structure…" />;
  if (query.isError) {
    if (isNotFound(query.error)) return <StructureIntrouvable />;
    return (
      <Stack gap="md">
        <PageHeading>Structure</PageHeading>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  const { structure } = query.data;
  return (
    <Stack gap="lg">
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/structures">
            Annuaire
          </Anchor>
          <Text span aria-current="page" className="breadcrumb-wrap">
            {structure.nom}
          </Text>
        </Breadcrumbs>
      </nav>
      <Group gap="md" align="center" justify="space-between">
        <Group gap="md" align="center">
          <PageHeading>{structure.nom}</PageHeading>
          {structure.engagement != null && <StatutBadge famille="engagement" statut={structure.engagement} />}
        </Group>
        {structureTypesFor(moi).includes(structure.type) && (
          <Button component={Link} to={`/structures/${structure.id}/modifier`} variant="outline">
            Modifier la structure
          </Button>
        )}
      </Group>
      <StructureFiche structure={structure} />
      <Contacts structure={structure} />
      {can(moi, 'conventions:read') && <ConventionsDeLaStructure structureId={structure.id} />}
    </Stack>
  );
}

function Valeur({ value }: { value: string | null | undefined }) {
  return <>{value == null || value === '' ? messages.notAvailable : value}</>;
}

function StructureFiche({ structure }: { structure: Structure }) {
  const territoires = useTousTerritoires();
  const nom = (id: string) => territoires.data?.find((territoire) => territoire.id === id)?.nom ?? messages.loading;
  const adresse = [structure.adresse, [structure.code_postal, structure.commune].filter(Boolean).join(' ')]
    .filter((part) => part != null && part !== '')
    .join(', ');
  return (
    <DataList labelWidth="220px">
      <DataList.Item>
        <DataList.ItemLabel>Type</DataList.ItemLabel>
        <DataList.ItemValue>
          {structureTypeLabels[structure.type]}
          {structure.type_partenaire != null && ` — ${typePartenaireLabels[structure.type_partenaire]}`}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Territoire</DataList.ItemLabel>
        <DataList.ItemValue>
          {structure.territoire_id == null ? (
            'National'
          ) : (
            <Anchor component={Link} to={`/territoires/${structure.territoire_id}`}>
              {nom(structure.territoire_id)}
            </Anchor>
          )}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>SIRET</DataList.ItemLabel>
        <DataList.ItemValue>{structure.siret == null ? messages.notAvailable : formatSiret(structure.siret)}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Adresse</DataList.ItemLabel>
        <DataList.ItemValue>
          <Valeur value={adresse} />
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Courriel</DataList.ItemLabel>
        <DataList.ItemValue>
          {structure.courriel == null ? messages.notAvailable : <Anchor href={`mailto:${structure.courriel}`}>{structure.courriel}</Anchor>}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Téléphone</DataList.ItemLabel>
        <DataList.ItemValue>
          <Valeur value={structure.telephone} />
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Site web</DataList.ItemLabel>
        <DataList.ItemValue>
          {structure.site_web == null ? (
            messages.notAvailable
          ) : (
            <Anchor href={structure.site_web} target="_blank" rel="noreferrer noopener">
              {structure.site_web}
            </Anchor>
          )}
        </DataList.ItemValue>
      </DataList.Item>
      {structure.type === 'chantier' && (
        <>
          <DataList.Item>
            <DataList.ItemLabel>Porteur de la coordination</DataList.ItemLabel>
            <DataList.ItemValue>{structure.porteur_coordination ? messages.yes : messages.no}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Postes Convergence</DataList.ItemLabel>
            <DataList.ItemValue>{structure.nombre_postes == null ? messages.notAvailable : formatNumber(structure.nombre_postes)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Activités support</DataList.ItemLabel>
            <DataList.ItemValue>
              {structure.activites_support.length === 0 ? messages.notAvailable : structure.activites_support.join(', ')}
            </DataList.ItemValue>
          </DataList.Item>
        </>
      )}
      {structure.type === 'partenaire' && (
        <>
          <DataList.Item>
            <DataList.ItemLabel>Domaines</DataList.ItemLabel>
            <DataList.ItemValue>
              {structure.domaines.length === 0 ? (
                messages.notAvailable
              ) : (
                <Group gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {structure.domaines.map((domaine) => (
                    <li key={domaine}>
                      <Badge variant="outline" color="dark" radius="sm" size="lg" tt="none" fw={500}>
                        {domaineLabels[domaine]}
                      </Badge>
                    </li>
                  ))}
                </Group>
              )}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Territoires desservis</DataList.ItemLabel>
            <DataList.ItemValue>
              {structure.territoire_ids_servis.length === 0 ? messages.notAvailable : structure.territoire_ids_servis.map(nom).join(', ')}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Engagement dans le réseau</DataList.ItemLabel>
            <DataList.ItemValue>
              {structure.engagement == null ? messages.notAvailable : <StatutBadge famille="engagement" statut={structure.engagement} />}
            </DataList.ItemValue>
          </DataList.Item>
        </>
      )}
    </DataList>
  );
}

function Contacts({ structure }: { structure: Structure }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="contacts-titre">
      <Title order={2} id="contacts-titre">
        Contacts
      </Title>
      {structure.contacts.length === 0 ? (
        <Text>Aucun contact renseigné.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {structure.contacts.map((contact, index) => (
            <Card withBorder component="li" key={`${contact.nom}-${index}`} padding="md">
              <Text fw={600}>{contact.nom}</Text>
              {contact.fonction != null && <Text size="sm">{contact.fonction}</Text>}
              {contact.courriel != null && (
                <Anchor href={`mailto:${contact.courriel}`} size="sm">
                  {contact.courriel}
                </Anchor>
              )}
              {contact.telephone != null && <Text size="sm">{contact.telephone}</Text>}
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function ConventionsDeLaStructure({ structureId }: { structureId: string }) {
  const query = useConventions({ structure_id: structureId });
  const conventions = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="conventions-titre">
      <Title order={2} id="conventions-titre">
        Conventions
      </Title>
      {query.isPending ? (
        <LoadingState label="Chargement des conventions…" />
      ) : query.isError && conventions.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : conventions.length === 0 ? (
        <EmptyState title="Aucune convention avec cette structure" description="Les conventions dont elle est partie apparaîtront ici." />
      ) : (
        <>
          <ConventionsTable caption="Conventions de la structure" conventions={conventions} />
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
