import { Anchor, Button, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import { renouvellementMessages, typeConventionLabels } from '../../i18n/network';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { RENOUVELLEMENT_JOURS, daysBetween, echeanceRelative, echeanceRenouvellement, todayIso } from './dates';
import { useConventions } from './useNetwork';

interface ConventionsARenouvelerProps {
  /** Only the conventions of this territoire; all those the person may read otherwise. */
  territoireId?: string;
  /** Heading level of the panel's title (2 on a page, 3 inside a section). */
  titleOrder?: 2 | 3;
}

/**
 * "Conventions à renouveler": the active conventions reaching their échéance
 * within 90 days, soonest first, each with a link. For the coordinateur's home
 * and the territoire page.
 */
export function ConventionsARenouveler({ territoireId, titleOrder = 2 }: ConventionsARenouvelerProps) {
  const echeanceAvant = echeanceRenouvellement();
  const query = useConventions({ echeance_avant: echeanceAvant, ...(territoireId === undefined ? {} : { territoire_id: territoireId }) });
  const today = todayIso();
  const conventions = (query.data?.pages.flatMap((page) => page.items) ?? [])
    .filter((convention) => convention.date_echeance != null)
    .sort((a, b) => (a.date_echeance ?? '').localeCompare(b.date_echeance ?? ''));
  const titleId = `a-renouveler-${territoireId ?? 'tous'}`;
  const listLink = `/conventions?renouveler=1${territoireId === undefined ? '' : `&territoire_id=${territoireId}`}`;

  return (
    <Stack gap="sm" component="section" aria-labelledby={titleId}>
      <Title order={titleOrder} id={titleId}>
        Conventions à renouveler
      </Title>
      {query.isPending ? (
        <LoadingState label="Chargement des conventions à renouveler…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : conventions.length === 0 ? (
        <EmptyState
          title={`Aucune convention n'arrive à échéance dans les ${RENOUVELLEMENT_JOURS} jours`}
          description="Les conventions actives proches de leur échéance apparaîtront ici, à temps pour préparer leur renouvellement."
        />
      ) : (
        <>
          <Text>
            {conventions.length > 1
              ? `${conventions.length} conventions actives arrivent à échéance dans les ${RENOUVELLEMENT_JOURS} jours.`
              : `Une convention active arrive à échéance dans les ${RENOUVELLEMENT_JOURS} jours.`}
          </Text>
          <List spacing="xs" listStyleType="none" ml={0} pl={0}>
            {conventions.map((convention) => {
              const echeance = convention.date_echeance ?? '';
              const days = daysBetween(today, echeance);
              return (
                <List.Item key={convention.id}>
                  <Anchor component={Link} className="cell-link" to={`/conventions/${convention.id}`}>
                    {convention.titre}
                  </Anchor>
                  <Text size="sm">
                    {typeConventionLabels[convention.type]} · échéance le <time dateTime={echeance}>{formatDate(echeance)}</time>
                    {days === null ? '' : ` (${echeanceRelative(days)})`}
                    {convention.suivante_id != null && (
                      <>
                        {' · '}
                        <Anchor component={Link} className="cell-link" to={`/conventions/${convention.suivante_id}`}>
                          {renouvellementMessages.voir}
                        </Anchor>
                      </>
                    )}
                  </Text>
                </List.Item>
              );
            })}
          </List>
          {query.hasNextPage && (
            <div>
              <Button component={Link} to={listLink} variant="outline">
                Voir toutes les conventions à renouveler
              </Button>
            </div>
          )}
        </>
      )}
    </Stack>
  );
}
