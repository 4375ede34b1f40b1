/** Pieces shared by the orientation screens: shared data, status timeline, message thread. */
import { Alert, Button, DataList, List, Paper, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';

import { ApiError, errorMessage } from '../../api/problem';
import type { DonneesPartagees, Domaine, Orientation, OrientationPartenaire } from '../../api/types';
import { labelOf } from '../../i18n/labels';
import { acteurTypeLabels, coteMessageLabels, motifRefusLabels, sansReponseLabels, statutOrientationLabels } from '../../i18n/orientations';
import { formatDate, formatDateTime } from '../../ui/formatters';
import { libelleDe } from '../parcours/freins/referentiel';
import { useReferentiel } from '../parcours/useFreins';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { estVide, LISIBLE } from './format';
import { useEnvoyerMessage, useMessages } from './useOrientations';

/** Exactly the data a partner receives (or will receive): nothing else is shown. */
export function DonneesPartageesView({ personne, domaine, vide }: { personne: DonneesPartagees | null | undefined; domaine: Domaine | null; vide: string }) {
  // Situations are codes of the freins référentiel: shown by their label.
  const referentiel = useReferentiel();
  if (personne === null || personne === undefined || estVide(personne)) return <Text>{vide}</Text>;
  const lignes: { label: string; value: React.ReactNode }[] = [];
  if (personne.nom != null) lignes.push({ label: 'Nom', value: personne.nom });
  if (personne.prenoms != null) lignes.push({ label: 'Prénoms', value: personne.prenoms });
  if (personne.date_naissance != null) lignes.push({ label: 'Date de naissance', value: formatDate(personne.date_naissance) });
  if (personne.telephone != null) lignes.push({ label: 'Téléphone', value: personne.telephone });
  if (personne.courriel != null) lignes.push({ label: 'Adresse e-mail', value: personne.courriel });
  if (personne.besoin != null) lignes.push({ label: 'Besoin', value: <span style={{ whiteSpace: 'pre-wrap' }}>{personne.besoin}</span> });
  if (personne.situation != null)
    lignes.push({
      label: 'Situation',
      value:
        personne.situation.length === 0 ? (
          'Aucun élément de diagnostic validé dans ce domaine'
        ) : (
          <List size="sm">
            {personne.situation.map((item) => (
              <List.Item key={item}>{domaine === null ? item : libelleDe(referentiel.data, domaine, 'situations', item)}</List.Item>
            ))}
          </List>
        ),
    });
  if (personne.referent != null) lignes.push({ label: 'Référent·e à contacter', value: personne.referent });
  return (
    <DataList labelWidth="200px">
      {lignes.map((ligne) => (
        <DataList.Item key={ligne.label}>
          <DataList.ItemLabel>{ligne.label}</DataList.ItemLabel>
          <DataList.ItemValue>{ligne.value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

/** The partner's answer: refusal motif, comment, date of realisation. */
export function ReponseView({ orientation, lecteur }: { orientation: Orientation | OrientationPartenaire; lecteur: keyof typeof sansReponseLabels }) {
  const { motif_refus, commentaire_reponse, date_realisation, premiere_reponse_le } = orientation;
  if (premiere_reponse_le === null && motif_refus === null && commentaire_reponse === null && date_realisation === null) {
    return <Text>{sansReponseLabels[lecteur]}</Text>;
  }
  return (
    <DataList labelWidth="200px">
      {premiere_reponse_le !== null && (
        <DataList.Item>
          <DataList.ItemLabel>Première réponse</DataList.ItemLabel>
          <DataList.ItemValue>
            <time dateTime={premiere_reponse_le}>{formatDateTime(premiere_reponse_le)}</time>
          </DataList.ItemValue>
        </DataList.Item>
      )}
      {motif_refus !== null && (
        <DataList.Item>
          <DataList.ItemLabel>Motif du refus</DataList.ItemLabel>
          <DataList.ItemValue>{motifRefusLabels[motif_refus]}</DataList.ItemValue>
        </DataList.Item>
      )}
      {commentaire_reponse !== null && (
        <DataList.Item>
          <DataList.ItemLabel>Commentaire</DataList.ItemLabel>
          <DataList.ItemValue style={{ whiteSpace: 'pre-wrap' }}>{commentaire_reponse}</DataList.ItemValue>
        </DataList.Item>
      )}
      {date_realisation !== null && (
        <DataList.Item>
          <DataList.ItemLabel>Réalisée le</DataList.ItemLabel>
          <DataList.ItemValue>{formatDate(date_realisation)}</DataList.ItemValue>
        </DataList.Item>
      )}
    </DataList>
  );
}

/** The status history, oldest first. */
export function EvenementsTimeline({ evenements }: { evenements: Orientation['evenements'] }) {
  if (evenements.length === 0) return <Text>Aucun événement.</Text>;
  return (
    <Timeline active={evenements.length - 1} bulletSize={16} lineWidth={2} component="ol" aria-label="Historique des statuts">
      {evenements.map((evenement, index) => (
        <Timeline.Item key={`${evenement.at}-${index}`} component="li" title={statutOrientationLabels[evenement.statut]}>
          <Text size="sm">
            <time dateTime={evenement.at}>{formatDateTime(evenement.at)}</time>
            {' · '}
            {evenement.acteur?.libelle ?? labelOf(acteurTypeLabels, evenement.acteur_type)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/** The thread between the sender and the partner; `moi` is the reader's side. */
export function FilMessages({ orientationId, moi, ouvert }: { orientationId: string; moi: 'convergence' | 'partenaire'; ouvert: boolean }) {
  const query = useMessages(orientationId);
  const envoyer = useEnvoyerMessage(orientationId);
  const [texte, setTexte] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const contenu = texte.trim();
    if (contenu === '') {
      setErreur('Écrivez un message avant de l’envoyer.');
      return;
    }
    setErreur(null);
    envoyer.mutate(contenu, {
      onSuccess: () => {
        setTexte('');
        notifications.show({ color: 'green', title: 'Message envoyé', message: 'Il apparaît dans le fil.' });
      },
      onError: (failure) => {
        // The text stays in the field: nothing is lost on a failed submit.
        setErreur(failure instanceof ApiError ? (failure.fieldErrors.texte ?? failure.message) : errorMessage(failure));
      },
    });
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="fil-titre">
      <Title order={2} id="fil-titre">
        Messages
      </Title>
      {query.isPending ? (
        <LoadingState label="Chargement des messages…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <Text>Aucun message pour le moment.</Text>
      ) : (
        <Stack gap="xs" component="ol" aria-label="Fil des messages" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {query.data.map((message) => (
            <Paper
              key={message.id}
              component="li"
              withBorder
              p="sm"
              radius="md"
              bg={message.cote === moi ? 'blue.0' : 'gray.0'}
              ml={message.cote === moi ? { base: 0, sm: 'xl' } : 0}
              mr={message.cote === moi ? 0 : { base: 0, sm: 'xl' }}
            >
              <Text size="sm" fw={600}>
                {message.auteur?.libelle ?? labelOf(coteMessageLabels, message.cote) ?? message.cote}
                {message.cote === moi ? ' (votre côté)' : ''}
                {' · '}
                <time dateTime={message.created_at}>{formatDateTime(message.created_at)}</time>
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{message.texte}</Text>
            </Paper>
          ))}
        </Stack>
      )}
      {ouvert ? (
        <form onSubmit={submit} aria-label="Écrire un message">
          <Stack gap="sm">
            <Textarea
              label="Votre message"
              autosize
              minRows={3}
              maxLength={4000}
              value={texte}
              error={erreur}
              onChange={(event) => setTexte(event.currentTarget.value)}
            />
            <div>
              <Button type="submit" variant="outline" loading={envoyer.isPending}>
                Envoyer le message
              </Button>
            </div>
          </Stack>
        </form>
      ) : (
        <Alert color="gray" variant="light" styles={LISIBLE}>
          Le fil s’ouvre quand l’orientation est envoyée.
        </Alert>
      )}
    </Stack>
  );
}
