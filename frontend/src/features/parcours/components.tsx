/** Small pieces shared by the parcours screens. */
import { Anchor, Badge, Group, List, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import type { CaseloadRow } from '../../api/types';
import { DataTable } from '../../ui/DataTable';
import { formatDate } from '../../ui/formatters';
import { StatutBadge } from '../../ui/StatutBadge';
import { toneColors } from '../../ui/statut';
import { alerteLabel, formatDuree, nomComplet } from './domain';
import './parcours.css';

/** A business date, machine-readable and in French. */
export function DateFr({ value, vide = '—' }: { value: string | null | undefined; vide?: string }) {
  if (value == null || value === '') return <>{vide}</>;
  return <time dateTime={value}>{formatDate(value)}</time>;
}

/** One badge per alert: colour and text (never colour alone). */
export function AlerteBadges({ alertes }: { alertes: readonly string[] }) {
  if (alertes.length === 0) return <Text span size="sm">Aucune</Text>;
  return (
    <Group gap={4} component="ul" className="plain-list" aria-label="Alertes">
      {alertes.map((code) => (
        <li key={code}>
          <Badge color={toneColors.warning} autoContrast={false} variant="filled" radius="sm" tt="none" fw={600} data-alerte={code}>
            {alerteLabel(code)}
          </Badge>
        </li>
      ))}
    </Group>
  );
}

/** A tiny "label: value" line for cards. */
export function Champ({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm">
      <Text span fw={600}>
        {label} :
      </Text>{' '}
      {children}
    </Text>
  );
}

/** The phone layout switch: cards below Mantine's "sm" breakpoint. */
export function useEstTelephone(): boolean {
  return useMediaQuery('(max-width: 47.99em)') ?? false;
}

/** The caseload as a table on a desk, as cards on a phone. */
export function CaseloadList({ rows, caption }: { rows: readonly CaseloadRow[]; caption: string }) {
  const telephone = useEstTelephone();
  if (telephone) {
    return (
      <List listStyleType="none" spacing="sm" aria-label={caption} className="caseload-cards">
        {rows.map((row) => (
          <List.Item key={row.parcours_id} className="caseload-card">
            <Stack gap={6}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Anchor component={Link} className="cell-link" to={`/parcours/${row.parcours_id}`}>
                  {nomComplet(row)}
                </Anchor>
                <StatutBadge famille="parcours" statut={row.statut} />
              </Group>
              <Champ label="Entrée">
                <DateFr value={row.date_entree} /> ({formatDuree(row.mois_parcours)})
              </Champ>
              <Champ label="Fin de contrat">
                <DateFr value={row.prochaine_fin_contrat} vide="aucun contrat en cours" />
              </Champ>
              {row.alertes.length > 0 && <AlerteBadges alertes={row.alertes} />}
            </Stack>
          </List.Item>
        ))}
      </List>
    );
  }
  return (
    <DataTable caption={caption} minWidth={720}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Nom</Table.Th>
          <Table.Th scope="col">Statut</Table.Th>
          <Table.Th scope="col">Entrée</Table.Th>
          <Table.Th scope="col">Durée du parcours</Table.Th>
          <Table.Th scope="col">Prochaine fin de contrat</Table.Th>
          <Table.Th scope="col">Alertes</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.parcours_id}>
            <Table.Th scope="row">
              <Anchor component={Link} className="cell-link" to={`/parcours/${row.parcours_id}`}>
                {nomComplet(row)}
              </Anchor>
            </Table.Th>
            <Table.Td>
              <StatutBadge famille="parcours" statut={row.statut} />
            </Table.Td>
            <Table.Td>
              <DateFr value={row.date_entree} />
            </Table.Td>
            <Table.Td>{formatDuree(row.mois_parcours)}</Table.Td>
            <Table.Td>
              <DateFr value={row.prochaine_fin_contrat} />
            </Table.Td>
            <Table.Td>
              <AlerteBadges alertes={row.alertes} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}

/** Turns "a, b ; c" into ["a", "b", "c"]. */
export function splitList(value: string): string[] {
  return value
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Options of a NativeSelect from a label map. */
export function optionsOf<K extends string>(labels: Record<K, string>, values?: readonly K[]): { value: K; label: string }[] {
  return (values ?? (Object.keys(labels) as K[])).map((value) => ({ value, label: labels[value] }));
}
