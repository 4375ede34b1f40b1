import { Anchor, List, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

import type { RetentionTerritoire } from '../../api/types';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { DataTable } from '../../ui/DataTable';
import { formatDate, formatDateTime, formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { useRetention } from './useRgpd';

function Ligne({ row, total = false }: { row: RetentionTerritoire; total?: boolean }) {
  const Cell = total ? Table.Th : Table.Td;
  return (
    <Table.Tr>
      {total ? (
        <Table.Th scope="row">{row.nom}</Table.Th>
      ) : (
        <Table.Th scope="row" fw={400}>
          {row.territoire_id === null ? row.nom : <Anchor component={Link} to={`/territoires/${row.territoire_id}`}>{row.nom}</Anchor>}
        </Table.Th>
      )}
      <Cell>{formatNumber(row.dossiers)}</Cell>
      <Cell>{formatNumber(row.echeance_30_jours)}</Cell>
      <Cell>{formatNumber(row.echeance_depassee)}</Cell>
      <Cell>{formatNumber(row.ouverts_sans_contact)}</Cell>
    </Table.Tr>
  );
}

/** Retention status by territoire (admin_national: all; coordinateur: its own). */
export function ConservationPage() {
  usePageTitle('Conservation des données');
  const query = useRetention();
  return (
    <Stack gap="lg">
      <PageHeading>Conservation des données</PageHeading>
      {query.isPending ? (
        <LoadingState label="Calcul des échéances…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <Text maw={760}>
            Un dossier est conservé {formatNumber(query.data.retention_mois)} mois après le dernier contact avec la personne, puis anonymisé
            chaque nuit : il n'en reste qu'une fiche statistique sans nom, et les indicateurs ne changent pas. Un dossier dont le parcours
            est encore ouvert n'est jamais anonymisé : enregistrez la sortie des personnes perdues de vue.
          </Text>
          <Text>
            {query.data.derniere_execution === null
              ? 'Aucun passage du traitement quotidien pour le moment.'
              : `Dernier passage du traitement quotidien : ${formatDateTime(query.data.derniere_execution)}.`}{' '}
            Échéances calculées au {formatDate(query.data.date_reference)}.
          </Text>
          <DataTable caption="Dossiers par territoire et échéance de conservation" minWidth={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Territoire</Table.Th>
                <Table.Th scope="col">Dossiers</Table.Th>
                <Table.Th scope="col">Limite atteinte sous 30 jours</Table.Th>
                <Table.Th scope="col">Limite dépassée (anonymisés au prochain passage)</Table.Th>
                <Table.Th scope="col">Ouverts sans contact depuis {formatNumber(query.data.retention_mois)} mois</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.territoires.map((row) => (
                <Ligne key={row.territoire_id ?? row.nom} row={row} />
              ))}
            </Table.Tbody>
            {query.data.territoires.length > 1 && (
              <Table.Tfoot>
                <Ligne row={query.data.total} total />
              </Table.Tfoot>
            )}
          </DataTable>
          <Stack gap="xs" component="section" aria-labelledby="titre-conserve">
            <Text fw={700} id="titre-conserve">
              Ce qui est gardé après l'anonymisation
            </Text>
            <List size="sm">
              <List.Item>Les fiches statistiques des parcours et des orientations, sans nom ni date de naissance.</List.Item>
              {query.data.conservation_legale.map((c) => (
                <List.Item key={c.element}>
                  Les contrats, sans nom, {formatNumber(Math.round(c.duree_mois / 12))} ans après leur fin : {c.motif}
                </List.Item>
              ))}
              <List.Item>
                Le journal d'audit, sans nom, {formatNumber(query.data.audit_retention_jours)} jours.
              </List.Item>
            </List>
            <Anchor component={Link} to="/notice-information">
              La notice d'information remise aux personnes
            </Anchor>
          </Stack>
        </>
      )}
    </Stack>
  );
}
