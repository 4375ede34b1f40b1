import { Anchor, Table } from '@mantine/core';
import { Link } from 'react-router';

import type { Convention } from '../../api/types';
import { typeConventionLabels } from '../../i18n/network';
import { messages } from '../../i18n/messages';
import { DataTable } from '../../ui/DataTable';
import { formatDate } from '../../ui/formatters';
import { StatutBadge } from '../../ui/StatutBadge';

interface ConventionsTableProps {
  caption: string;
  conventions: Convention[];
  /** Territoire names by id; the column is left out when absent. */
  territoires?: Map<string, string>;
}

function DateCell({ value }: { value: string | null | undefined }) {
  return value == null ? <>{messages.notAvailable}</> : <time dateTime={value}>{formatDate(value)}</time>;
}

/** Conventions with their type, statut and échéance; the title opens the convention. */
export function ConventionsTable({ caption, conventions, territoires }: ConventionsTableProps) {
  return (
    <DataTable caption={caption} minWidth={territoires === undefined ? 560 : 720}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Titre</Table.Th>
          <Table.Th scope="col">Type</Table.Th>
          <Table.Th scope="col">Statut</Table.Th>
          {territoires !== undefined && <Table.Th scope="col">Territoire</Table.Th>}
          <Table.Th scope="col">Échéance</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {conventions.map((convention) => (
          <Table.Tr key={convention.id}>
            <Table.Th scope="row">
              <Anchor component={Link} className="cell-link" to={`/conventions/${convention.id}`}>
                {convention.titre}
              </Anchor>
            </Table.Th>
            <Table.Td>{typeConventionLabels[convention.type]}</Table.Td>
            <Table.Td>
              <StatutBadge famille="convention" statut={convention.statut} />
            </Table.Td>
            {territoires !== undefined && (
              <Table.Td>
                {convention.territoire_id == null ? 'National' : (territoires.get(convention.territoire_id) ?? messages.notAvailable)}
              </Table.Td>
            )}
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <DateCell value={convention.date_echeance} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </DataTable>
  );
}
