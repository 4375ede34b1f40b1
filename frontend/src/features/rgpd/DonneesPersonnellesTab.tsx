import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';

import { errorMessage } from '../../api/problem';
import type { Acces, FormatDonnees } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { can } from '../../app/permissions';
import { auditActionLabels, auditActorTypeLabels, auditObjectTypeLabels, labelOf, roleLabels } from '../../i18n/labels';
import { messages } from '../../i18n/messages';
import { typeConsentementLabels } from '../../i18n/parcours';
import { DataTable } from '../../ui/DataTable';
import { EmptyState } from '../../ui/EmptyState';
import { formatDate, formatDateTime } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { useStructuresParType } from '../identity/useIdentity';
import { useConsentements } from '../parcours/useParcours';
import { EffacementDialog } from './EffacementDialog';
import { useAcces, useExportDonnees } from './useRgpd';

/** The person page's "Données personnelles" section: consents, who accessed, export, erasure. */
export function DonneesPersonnellesTab({ salarieId, parcoursId }: { salarieId: string; parcoursId: string }) {
  const moi = useMoi();
  const [effacement, setEffacement] = useState(false);
  return (
    <Stack gap="xl">
      <Text maw={720}>
        Ce que la personne a accepté, qui a consulté son dossier, et ses droits : lui remettre ses données, les faire effacer. La notice
        d'information se trouve dans le menu (« <Anchor component={Link} to="/notice-information">Notice d'information</Anchor> »).
      </Text>
      <Consentements salarieId={salarieId} parcoursId={parcoursId} />
      <ExportSection salarieId={salarieId} />
      <HistoriqueAcces salarieId={salarieId} />
      {can(moi, 'rgpd:effacement') && (
        <Stack gap="sm" component="section" aria-labelledby="titre-effacement">
          <Title order={2} id="titre-effacement">
            Effacement
          </Title>
          <Text maw={720}>
            À la demande de la personne, ses données sont effacées définitivement : il ne reste que ce que la loi impose de garder, sans son
            nom. La fenêtre de confirmation dit exactement ce qui restera.
          </Text>
          <div>
            <Button variant="outline" color="red.9" onClick={() => setEffacement(true)}>
              Effacer les données de la personne
            </Button>
          </div>
          <EffacementDialog salarieId={salarieId} parcoursId={parcoursId} opened={effacement} onClose={() => setEffacement(false)} />
        </Stack>
      )}
    </Stack>
  );
}

function Consentements({ salarieId, parcoursId }: { salarieId: string; parcoursId: string }) {
  const query = useConsentements(salarieId);
  const partenaires = useStructuresParType('partenaire');
  const nom = (id: string | null) => (id === null ? null : (partenaires.data?.find((p) => p.id === id)?.nom ?? 'Partenaire'));
  return (
    <Stack gap="sm" component="section" aria-labelledby="titre-rgpd-consentements">
      <Title order={2} id="titre-rgpd-consentements">
        Consentements
      </Title>
      {query.isPending ? (
        <LoadingState label="Chargement des consentements…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState title="Aucun consentement recueilli" description="Commencez par remettre la notice d'information." />
      ) : (
        <Stack gap={4} component="ul" className="plain-list" aria-label="Consentements de la personne">
          {query.data.map((c) => (
            <li key={c.id}>
              <Group gap="xs">
                <StatutBadge famille="consentement" statut={c.actif ? 'actif' : 'retire'} />
                <Text span>
                  {typeConsentementLabels[c.type]}
                  {c.partenaire_id !== null && ` : ${nom(c.partenaire_id) ?? ''}`}
                  {c.partenaire_id !== null && (c.inclut_sante ? ' (santé incluse)' : ' (sans la santé)')} · recueilli le{' '}
                  {formatDate(c.date_recueil)}
                  {c.revoque_le !== null && `, retiré le ${formatDate(c.revoque_le)}`}
                </Text>
              </Group>
            </li>
          ))}
        </Stack>
      )}
      <Anchor component={Link} to={`/parcours/${parcoursId}?onglet=consentements`} className="cell-link">
        Recueillir ou retirer un consentement
      </Anchor>
    </Stack>
  );
}

const EXPORTS: { format: FormatDonnees; bouton: string }[] = [
  { format: 'html', bouton: 'Document à remettre (HTML imprimable)' },
  { format: 'json', bouton: 'Données complètes (JSON)' },
];

function ExportSection({ salarieId }: { salarieId: string }) {
  const exporter = useExportDonnees(salarieId);
  const [enCours, setEnCours] = useState<FormatDonnees | null>(null);
  const lancer = (format: FormatDonnees) => {
    setEnCours(format);
    exporter.mutate(format, {
      onSuccess: () =>
        notifications.show({
          color: 'green',
          title: 'Export téléchargé',
          message: 'Relisez-le avant de le remettre : une note peut citer une autre personne.',
        }),
      onError: (error) => notifications.show({ color: 'red', title: "L'export n'a pas abouti", message: errorMessage(error) }),
      onSettled: () => setEnCours(null),
    });
  };
  return (
    <Stack gap="sm" component="section" aria-labelledby="titre-export">
      <Title order={2} id="titre-export">
        Remettre ses données à la personne
      </Title>
      <Text maw={720}>
        Tout ce qui est conservé sur la personne : identité, parcours, contrats, diagnostics, freins, journal, orientations avec ce que
        chaque partenaire a reçu, consentements et historique des accès. Chaque export est enregistré.
      </Text>
      <Group gap="sm">
        {EXPORTS.map(({ format, bouton }) => (
          <Button key={format} variant={format === 'html' ? 'filled' : 'outline'} loading={enCours === format} onClick={() => lancer(format)}>
            {bouton}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

function acteur(a: Acces): string {
  const nom = a.acteur.nom ?? labelOf(auditActorTypeLabels, a.acteur.type) ?? messages.notAvailable;
  const details = [a.acteur.role === null ? null : roleLabels[a.acteur.role], a.acteur.structure].filter((x) => x !== null && x !== '');
  return details.length > 0 ? `${nom} (${details.join(', ')})` : nom;
}

function HistoriqueAcces({ salarieId }: { salarieId: string }) {
  const query = useAcces(salarieId);
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="titre-acces">
      <Title order={2} id="titre-acces">
        Historique des accès
      </Title>
      <Text maw={720}>Qui a ouvert, modifié ou transmis le dossier, et quand (le plus récent d'abord).</Text>
      {query.isPending ? (
        <LoadingState label="Chargement de l'historique…" />
      ) : query.isError && rows.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="Aucun accès enregistré" />
      ) : (
        <>
          <DataTable caption="Historique des accès au dossier" minWidth={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">Qui</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Partie du dossier</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={a.occurred_at}>{formatDateTime(a.occurred_at)}</time>
                  </Table.Td>
                  <Table.Td>{acteur(a)}</Table.Td>
                  <Table.Td>{labelOf(auditActionLabels, a.action)}</Table.Td>
                  <Table.Td>{labelOf(auditObjectTypeLabels, a.object_type) ?? messages.notAvailable}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </DataTable>
          {query.isError && <ErrorState error={query.error} onRetry={() => void query.fetchNextPage()} />}
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
