import { Anchor, List, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import type { ChangeEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { motifRefusLabels } from '../../i18n/orientations';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, formatNumber, formatPercent } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { formatDelaiHeures, resumeRefus } from './format';
import { useTousTerritoires } from '../territoires/useTerritoires';
import { useStatistiques } from './useOrientations';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The chargé·e de partenariat's table: how each partner of the territoire answers. */
export function PartenairesPage() {
  usePageTitle('Partenaires');
  const moi = useMoi();
  const [searchParams, setSearchParams] = useSearchParams();
  const param = searchParams.get('territoire');
  const territoireId = param !== null && UUID.test(param) ? param : null;
  const query = useStatistiques(territoireId);
  const territoires = useTousTerritoires();
  const choix = (territoires.data ?? []).filter(
    (territoire) => moi.perimetre.national || moi.perimetre.territoire_ids.includes(territoire.id),
  );

  const setTerritoire = (value: string) =>
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value === '') next.delete('territoire');
      else next.set('territoire', value);
      return next;
    });

  return (
    <Stack gap="lg">
      <PageHeading>Partenaires</PageHeading>
      <Text>Les réponses des partenaires aux orientations : volumes, refus par motif, délai de première réponse, demandes en souffrance.</Text>
      {choix.length > 1 && (
        <form role="search" aria-label="Choisir le territoire" onSubmit={(event) => event.preventDefault()}>
          <NativeSelect
            label="Territoire"
            data={[
              { value: '', label: moi.perimetre.national ? 'Tous les territoires' : 'Mon territoire' },
              ...choix.map((territoire) => ({ value: territoire.id, label: territoire.nom })),
            ]}
            value={territoireId ?? ''}
            onChange={(event: ChangeEvent<HTMLSelectElement>) => setTerritoire(event.currentTarget.value)}
            w={{ base: '100%', xs: 320 }}
          />
        </form>
      )}

      {query.isPending ? (
        <LoadingState label="Calcul des réponses des partenaires…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          {query.data.partenaires.length === 0 ? (
            <EmptyState
              title="Aucun partenaire n’a encore reçu d’orientation"
              description="Les chiffres apparaîtront dès les premières orientations envoyées."
            />
          ) : (
            <DataTable caption="Réponses des partenaires aux orientations" minWidth={860}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Partenaire</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Reçues
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Acceptées
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Refusées
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Réalisées
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Délai médian de 1<sup>re</sup> réponse
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Sans réponse depuis plus de 15 jours
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.partenaires.map((ligne) => {
                  const refus = resumeRefus(ligne.refus_par_motif, motifRefusLabels);
                  return (
                    <Table.Tr key={ligne.partenaire_id}>
                      <Table.Th scope="row">{ligne.nom}</Table.Th>
                      <Table.Td ta="right">{formatNumber(ligne.recues)}</Table.Td>
                      <Table.Td ta="right">
                        {formatNumber(ligne.acceptees)}
                        {ligne.recues > 0 && (
                          <Text span size="sm" c="dimmed">
                            {' '}
                            ({formatPercent(ligne.acceptees / ligne.recues)})
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">
                        {ligne.refusees === 0 ? (
                          '0'
                        ) : (
                          <details>
                            <summary style={{ cursor: 'pointer', minHeight: 44, lineHeight: '44px' }}>{formatNumber(ligne.refusees)}</summary>
                            <Text size="sm" ta="left">
                              {refus}
                            </Text>
                          </details>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{formatNumber(ligne.realisees)}</Table.Td>
                      <Table.Td ta="right">{formatDelaiHeures(ligne.delai_median_premiere_reponse_heures)}</Table.Td>
                      <Table.Td ta="right">
                        {ligne.en_attente_plus_15_jours > 0 ? <strong>{formatNumber(ligne.en_attente_plus_15_jours)}</strong> : '0'}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </DataTable>
          )}

          <Stack gap="sm" component="section" aria-labelledby="nouveaux-titre">
            <Title order={2} id="nouveaux-titre">
              Nouveaux partenaires
            </Title>
            {query.data.nouveaux.length === 0 ? (
              <Text>Aucun partenaire n’est entré dans le réseau de ce territoire depuis 90 jours.</Text>
            ) : (
              <List>
                {query.data.nouveaux.map((partenaire) => (
                  <List.Item key={partenaire.partenaire_id}>
                    <Anchor component={Link} to={`/structures/${partenaire.partenaire_id}`}>
                      {partenaire.nom}
                    </Anchor>{' '}
                    : arrivé le {formatDate(partenaire.arrive_le)}
                    {partenaire.par_candidature ? ' par une candidature' : ''},{' '}
                    {partenaire.orientations_recues === 0
                      ? 'aucune orientation reçue pour le moment'
                      : `${formatNumber(partenaire.orientations_recues)} orientation${partenaire.orientations_recues > 1 ? 's' : ''} reçue${partenaire.orientations_recues > 1 ? 's' : ''}`}
                  </List.Item>
                ))}
              </List>
            )}
          </Stack>

          <Stack gap="sm" component="section" aria-labelledby="jamais-titre">
            <Title order={2} id="jamais-titre">
              Jamais sollicités
            </Title>
            {query.data.jamais_sollicites.length === 0 ? (
              <Text>Tous les partenaires du territoire ont reçu au moins une orientation.</Text>
            ) : (
              <>
                <Text>Ces partenaires n’ont encore reçu aucune orientation : faites-les connaître aux équipes des chantiers.</Text>
                <List>
                  {query.data.jamais_sollicites.map((partenaire) => (
                    <List.Item key={partenaire.partenaire_id ?? partenaire.nom}>{partenaire.nom ?? partenaire.partenaire_id}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
          <Text size="sm">
            <Anchor component={Link} to="/orientations?statut=envoyee">
              Voir les orientations en attente de réponse
            </Anchor>
          </Text>
        </>
      )}
    </Stack>
  );
}
