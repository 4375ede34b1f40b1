/** What the person's page opens on: the parcours at a glance (GET /parcours/{id}/synthese). */
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import type { Parcours, Synthese } from '../../../api/types';
import { domaineLabels } from '../../../i18n/labels';
import { motifRefusLabels } from '../../../i18n/orientations';
import { aFaireMessages, niveauLabels, typeContratLabels } from '../../../i18n/parcours';
import { formatDate, formatDateTime } from '../../../ui/formatters';
import { ErrorState, LoadingState } from '../../../ui/QueryState';
import { StatutBadge } from '../../../ui/StatutBadge';
import { toneColors } from '../../../ui/statut';
import { DateFr } from '../components';
import { alerteLabel, formatDuree } from '../domain';
import { useSynthese } from '../useParcours';

function Bloc({ id, titre, children }: { id: string; titre: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={id}>
      <Stack gap="xs">
        <Title order={2} size="h4" id={id}>
          {titre}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

export function SyntheseTab({ parcours }: { parcours: Parcours }) {
  const query = useSynthese(parcours.id);
  if (query.isPending) return <LoadingState label="Chargement de la synthèse…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const synthese = query.data;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Bloc id="synthese-parcours" titre="Parcours">
          <Group gap="xs">
            <StatutBadge famille="parcours" statut={parcours.statut} />
            <Text size="sm">
              {formatDuree(parcours.duree_mois)} depuis l’entrée le <DateFr value={parcours.date_entree} />
            </Text>
          </Group>
          <Contrat contrat={synthese.contrat} />
        </Bloc>
        <Echeances echeances={synthese.echeances} />
        {synthese.freins != null && <Freins freins={synthese.freins} parcoursId={parcours.id} />}
        {synthese.orientations != null && <Orientations orientations={synthese.orientations} />}
        {synthese.dernier_entretien !== undefined && (
          <Bloc id="synthese-entretien" titre="Dernier entretien">
            {synthese.dernier_entretien === null ? (
              <Text size="sm">Aucun entretien consigné.</Text>
            ) : (
              <Text size="sm">
                <DateFr value={synthese.dernier_entretien.date} /> : {synthese.dernier_entretien.titre}
              </Text>
            )}
            <Anchor component={Link} to={`/parcours/${parcours.id}?onglet=journal`} className="cell-link">
              Voir le journal
            </Anchor>
          </Bloc>
        )}
      </SimpleGrid>
    </Stack>
  );
}

function Contrat({ contrat }: { contrat: Synthese['contrat'] }) {
  if (contrat === null) return <Text size="sm">Aucun contrat enregistré.</Text>;
  return (
    <Text size="sm">
      {typeContratLabels[contrat.type]} depuis le <DateFr value={contrat.date_debut} />
      {contrat.date_fin != null && (
        <>
          {' '}
          jusqu’au <DateFr value={contrat.date_fin} />
        </>
      )}
      , {Number(contrat.heures_hebdo).toLocaleString('fr-FR')} h par semaine
    </Text>
  );
}

function Echeances({ echeances }: { echeances: Synthese['echeances'] }) {
  return (
    <Bloc id="synthese-echeances" titre="Prochaines échéances">
      {echeances.length === 0 ? (
        <Text size="sm">Rien d’urgent.</Text>
      ) : (
        <Stack gap={6} component="ul" className="plain-list">
          {echeances.map((item) => (
            <li key={item.type}>
              <Group gap="xs" wrap="wrap" align="baseline">
                {item.en_retard && (
                  <Badge color={toneColors.danger} autoContrast={false} variant="filled" radius="sm" tt="none" className="badge-nowrap">
                    {aFaireMessages.enRetard}
                  </Badge>
                )}
                <Text span size="sm" fw={600}>
                  {alerteLabel(item.type, item.libelle)}
                </Text>
                {item.echeance != null && (
                  <Text span size="sm">
                    {formatDate(item.echeance)}
                    {item.delai != null && ` (${item.delai})`}
                  </Text>
                )}
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </Bloc>
  );
}

function Freins({ freins, parcoursId }: { freins: NonNullable<Synthese['freins']>; parcoursId: string }) {
  return (
    <Bloc id="synthese-freins" titre="Freins ouverts">
      {freins.length === 0 ? (
        <Text size="sm">Aucun frein ouvert.</Text>
      ) : (
        <Stack gap={4} component="ul" className="plain-list" aria-label="Freins ouverts par domaine">
          {freins.map((frein) => (
            <li key={frein.domaine}>
              <Text size="sm">
                <strong>{domaineLabels[frein.domaine]}</strong>
                {frein.niveau_max != null && ` : ${niveauLabels[frein.niveau_max as 0 | 1 | 2 | 3] ?? frein.niveau_max}`}
                {frein.nombre > 1 && ` (${frein.nombre} freins)`}
              </Text>
            </li>
          ))}
        </Stack>
      )}
      <Anchor component={Link} to={`/parcours/${parcoursId}?onglet=freins`} className="cell-link">
        Voir les freins
      </Anchor>
    </Bloc>
  );
}

function Orientations({ orientations }: { orientations: NonNullable<Synthese['orientations']> }) {
  return (
    <Bloc id="synthese-orientations" titre="Orientations en cours et dernières réponses">
      {orientations.length === 0 ? (
        <Text size="sm">Aucune orientation en cours.</Text>
      ) : (
        <Stack gap="xs" component="ul" className="plain-list">
          {orientations.map((orientation) => (
            <li key={orientation.id}>
              <Stack gap={2}>
                <Group gap="xs" wrap="wrap">
                  <StatutBadge famille="orientation" statut={orientation.statut} />
                  <Anchor component={Link} to={`/orientations/${orientation.id}`} className="cell-link" size="sm">
                    {orientation.partenaire} ({domaineLabels[orientation.domaine]}) : {orientation.motif}
                  </Anchor>
                </Group>
                <Text size="sm">{derniereReponse(orientation)}</Text>
              </Stack>
            </li>
          ))}
        </Stack>
      )}
    </Bloc>
  );
}

function derniereReponse(orientation: NonNullable<Synthese['orientations']>[number]): string {
  const parts: string[] = [];
  if (orientation.derniere_reponse_le != null) parts.push(`Réponse le ${formatDateTime(orientation.derniere_reponse_le)}`);
  else if (orientation.envoyee_le != null) parts.push(`Envoyée le ${formatDateTime(orientation.envoyee_le)}, pas encore de réponse`);
  else parts.push('Pas encore envoyée');
  if (orientation.motif_refus != null) parts.push(motifRefusLabels[orientation.motif_refus]);
  if (orientation.commentaire_reponse != null) parts.push(`« ${orientation.commentaire_reponse} »`);
  if (orientation.dernier_message_le != null) parts.push(`dernier message du partenaire le ${formatDateTime(orientation.dernier_message_le)}`);
  return parts.join(' · ');
}
