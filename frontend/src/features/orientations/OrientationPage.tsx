import { Alert, Anchor, Breadcrumbs, Button, DataList, Group, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type ChangeEvent, type FormEvent, type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError, errorMessage, isNotFound } from '../../api/problem';
import type { MotifRefus, Orientation, OrientationPartenaire } from '../../api/types';
import { libelleAction, peut } from '../../app/actions';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { domaineLabels, enumValues, isEnumValue } from '../../i18n/labels';
import { elementPartageLabels, motifRefusLabels, urgenceLabels } from '../../i18n/orientations';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { isPartnerView, LISIBLE, nomPartage, todayIso } from './format';
import { DonneesPartageesView, EvenementsTimeline, FilMessages, ReponseView } from './OrientationParts';
import {
  useAbandonnerOrientation,
  useAccepterOrientation,
  useAnnulerOrientation,
  useOrientation,
  useParcours,
  usePartenaires,
  useRealiserOrientation,
  useRefuserOrientation,
} from './useOrientations';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function OrientationIntrouvable() {
  usePageTitle('Orientation introuvable');
  return (
    <Stack gap="md" maw={640}>
      <PageHeading>Orientation introuvable</PageHeading>
      <Text>Cette orientation n'existe pas ou n'appartient pas à votre périmètre.</Text>
      <div>
        <Button component={Link} to="/orientations">
          Voir les orientations
        </Button>
      </div>
    </Stack>
  );
}

export function OrientationPage() {
  const { orientationId = '' } = useParams();
  if (!UUID.test(orientationId)) return <OrientationIntrouvable />;
  return <OrientationDetails orientationId={orientationId} />;
}

function OrientationDetails({ orientationId }: { orientationId: string }) {
  const query = useOrientation(orientationId);
  usePageTitle(query.data === undefined ? 'Orientation' : `Orientation ${domaineLabels[query.data.orientation.domaine].toLowerCase()}`);

  if (query.isPending) return <LoadingState label="Chargement de l’orientation…" />;
  if (query.isError) {
    if (isNotFound(query.error)) return <OrientationIntrouvable />;
    return (
      <Stack gap="md">
        <PageHeading>Orientation</PageHeading>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  const { orientation } = query.data;
  return isPartnerView(orientation) ? <FichePartenaire orientation={orientation} /> : <FicheEmetteur orientation={orientation} />;
}

function Section({ id, titre, children }: { id: string; titre: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <Title order={2} id={id}>
        {titre}
      </Title>
      {children}
    </Stack>
  );
}

function FilAriane({ libelle, racine }: { libelle: string; racine: string }) {
  return (
    <nav aria-label="Fil d'Ariane">
      <Breadcrumbs separator="›">
        <Anchor component={Link} to="/orientations">
          {racine}
        </Anchor>
        <Text span aria-current="page">
          {libelle}
        </Text>
      </Breadcrumbs>
    </nav>
  );
}

function Resume({ orientation, partenaireNom }: { orientation: Orientation | OrientationPartenaire; partenaireNom?: string }) {
  return (
    <DataList labelWidth="200px">
      {partenaireNom !== undefined && (
        <DataList.Item>
          <DataList.ItemLabel>Partenaire</DataList.ItemLabel>
          <DataList.ItemValue>{partenaireNom}</DataList.ItemValue>
        </DataList.Item>
      )}
      <DataList.Item>
        <DataList.ItemLabel>Domaine</DataList.ItemLabel>
        <DataList.ItemValue>{domaineLabels[orientation.domaine]}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Motif</DataList.ItemLabel>
        <DataList.ItemValue>{orientation.motif}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Urgence</DataList.ItemLabel>
        <DataList.ItemValue>{urgenceLabels[orientation.urgence]}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Envoyée le</DataList.ItemLabel>
        <DataList.ItemValue>
          {orientation.envoyee_le === null ? 'Pas encore envoyée' : <time dateTime={orientation.envoyee_le}>{formatDateTime(orientation.envoyee_le)}</time>}
        </DataList.ItemValue>
      </DataList.Item>
    </DataList>
  );
}

function ErreurAction({ error }: { error: unknown }) {
  if (error === null) return null;
  return (
    <Alert color="red" variant="light" role="alert" title="L’action n’a pas abouti">
      {errorMessage(error)}
    </Alert>
  );
}

// --- the sender's view -------------------------------------------------------------------------

function FicheEmetteur({ orientation }: { orientation: Orientation }) {
  const partenaires = usePartenaires({});
  const parcours = useParcours(orientation.parcours_id);
  const annuler = useAnnulerOrientation(orientation.id);
  const abandonner = useAbandonnerOrientation(orientation.id);
  const [confirmation, setConfirmation] = useState<'annuler' | 'abandonner' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const partenaireNom = partenaires.data?.find((structure) => structure.id === orientation.partenaire_id)?.nom ?? 'Partenaire';
  const personne =
    parcours.data !== undefined
      ? `${parcours.data.parcours.salarie.prenoms} ${parcours.data.parcours.salarie.nom}`
      : (nomPartage(orientation.donnees_partagees) ?? 'Personne accompagnée');

  const agir = () => {
    const mutation = confirmation === 'annuler' ? annuler : abandonner;
    setError(null);
    mutation.mutate(undefined, {
      onSuccess: () => {
        setConfirmation(null);
        notifications.show({
          color: 'green',
          title: confirmation === 'annuler' ? 'Orientation annulée' : 'Orientation abandonnée',
          message: 'Le partenaire en est informé.',
        });
      },
      onError: (failure) => {
        setConfirmation(null);
        setError(failure);
      },
    });
  };

  return (
    <Stack gap="lg" maw={900}>
      <FilAriane racine="Orientations" libelle={`${personne} → ${partenaireNom}`} />
      <Group gap="md" align="center">
        <PageHeading>
          {personne} → {partenaireNom}
        </PageHeading>
        <StatutBadge famille="orientation" statut={orientation.statut} />
      </Group>
      {parcours.data !== undefined && (
        <Text>
          <Anchor component={Link} to={`/parcours/${orientation.parcours_id}`}>
            Voir le parcours de {personne}
          </Anchor>
        </Text>
      )}
      <ErreurAction error={error} />

      {peut('StatutOrientation', orientation, 'modification') && (
        <Alert color="blue" variant="light" styles={LISIBLE} title="Brouillon non envoyé">
          <Stack gap="sm" align="flex-start">
            <Text>Le partenaire ne voit rien tant que l’orientation n’est pas envoyée.</Text>
            <Button component={Link} to={`/orientations/nouvelle?parcours=${orientation.parcours_id}&brouillon=${orientation.id}`}>
              Reprendre le brouillon
            </Button>
          </Stack>
        </Alert>
      )}

      <Resume orientation={orientation} partenaireNom={partenaireNom} />

      <Section id="historique-titre" titre="Historique">
        <EvenementsTimeline evenements={orientation.evenements} />
      </Section>

      <Section id="partage-titre" titre="Données partagées avec le partenaire">
        <Text size="sm">Éléments choisis : {orientation.partage.map((element) => elementPartageLabels[element]).join(' ; ') || 'aucun'}.</Text>
        {orientation.donnees_partagees === null ? (
          <Text>Les données seront figées au moment de l’envoi.</Text>
        ) : (
          <DonneesPartageesView personne={orientation.donnees_partagees} domaine={orientation.domaine} vide="Aucune donnée partagée." />
        )}
      </Section>

      <Section id="reponse-titre" titre="Réponse du partenaire">
        <ReponseView orientation={orientation} lecteur="emetteur" />
      </Section>

      <FilMessages orientationId={orientation.id} moi="convergence" ouvert={peut('StatutOrientation', orientation, 'message')} />

      {(peut('StatutOrientation', orientation, 'abandon') || peut('StatutOrientation', orientation, 'annulation')) && (
        <Section id="actions-titre" titre="Clore l’orientation">
          <Group gap="sm">
            {peut('StatutOrientation', orientation, 'abandon') && (
              <Button variant="outline" color="red.9" onClick={() => setConfirmation('abandonner')}>
                {libelleAction('StatutOrientation', 'abandon')}
              </Button>
            )}
            {peut('StatutOrientation', orientation, 'annulation') && (
              <Button variant="outline" color="red.9" onClick={() => setConfirmation('annuler')}>
                {libelleAction('StatutOrientation', 'annulation')}
              </Button>
            )}
          </Group>
        </Section>
      )}

      <ConfirmDialog
        opened={confirmation !== null}
        title={confirmation === 'abandonner' ? 'Signaler l’abandon ?' : 'Annuler cette orientation ?'}
        confirmLabel={confirmation === 'abandonner' ? 'Signaler l’abandon' : 'Annuler l’orientation'}
        onConfirm={agir}
        onCancel={() => setConfirmation(null)}
        loading={annuler.isPending || abandonner.isPending}
      >
        {confirmation === 'abandonner'
          ? `L’accompagnement proposé par ${partenaireNom} ne se fera pas. L’orientation sera close comme abandonnée ; cette action est définitive.`
          : orientation.statut === 'brouillon'
            ? 'Le brouillon sera annulé ; rien n’a été envoyé au partenaire. Cette action est définitive.'
            : `${partenaireNom} sera informé que l’orientation est annulée et ne pourra plus y répondre. Cette action est définitive.`}
      </ConfirmDialog>
    </Stack>
  );
}

// --- the partner's view ------------------------------------------------------------------------

function FichePartenaire({ orientation }: { orientation: OrientationPartenaire }) {
  const personne = nomPartage(orientation.personne) ?? 'Personne orientée';
  return (
    <Stack gap="lg" maw={900}>
      <FilAriane racine="Orientations reçues" libelle={personne} />
      <Group gap="md" align="center">
        <PageHeading>{personne}</PageHeading>
        <StatutBadge famille="orientation" statut={orientation.statut} />
      </Group>

      <Resume orientation={orientation} />

      <Section id="personne-titre" titre="Ce que la personne a accepté de partager">
        <DonneesPartageesView personne={orientation.personne} domaine={orientation.domaine} vide="Aucune donnée partagée." />
      </Section>

      {(peut('StatutOrientation', orientation, 'acceptation') || peut('StatutOrientation', orientation, 'refus')) && <RepondrePartenaire orientation={orientation} />}
      {peut('StatutOrientation', orientation, 'realisation') && <RealiserPartenaire orientation={orientation} />}

      <Section id="reponse-titre" titre="Votre réponse">
        <ReponseView orientation={orientation} lecteur="partenaire" />
      </Section>

      <FilMessages orientationId={orientation.id} moi="partenaire" ouvert={peut('StatutOrientation', orientation, 'message')} />
    </Stack>
  );
}

function RepondrePartenaire({ orientation }: { orientation: OrientationPartenaire }) {
  const accepter = useAccepterOrientation(orientation.id);
  const refuser = useRefuserOrientation(orientation.id);
  const [mode, setMode] = useState<'accepter' | 'refuser'>('accepter');
  const [commentaire, setCommentaire] = useState('');
  const [motif, setMotif] = useState<MotifRefus | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);

  const onError = (failure: unknown) => {
    if (failure instanceof ApiError && Object.keys(failure.fieldErrors).length > 0) setErrors(failure.fieldErrors);
    else setError(failure);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const texte = commentaire.trim() === '' ? null : commentaire.trim();
    if (mode === 'accepter') {
      setErrors({});
      accepter.mutate(texte, {
        onSuccess: () => notifications.show({ color: 'green', title: 'Orientation acceptée', message: 'Le chantier en est informé.' }),
        onError,
      });
      return;
    }
    if (motif === '') {
      setErrors({ motif: 'Choisissez le motif du refus.' });
      return;
    }
    setErrors({});
    refuser.mutate(
      { motif, commentaire: texte },
      {
        onSuccess: () => notifications.show({ color: 'green', title: 'Orientation refusée', message: 'Le chantier en est informé.' }),
        onError,
      },
    );
  };

  return (
    <Section id="repondre-titre" titre="Répondre">
      <ErreurAction error={error} />
      <form onSubmit={submit} aria-label="Répondre à l’orientation">
        <Stack gap="md" maw={560}>
          <NativeSelect
            label="Votre réponse"
            data={[
              { value: 'accepter', label: 'Accepter l’orientation' },
              { value: 'refuser', label: 'Refuser l’orientation' },
            ]}
            value={mode}
            onChange={(event: ChangeEvent<HTMLSelectElement>) => setMode(event.currentTarget.value === 'refuser' ? 'refuser' : 'accepter')}
          />
          {mode === 'refuser' && (
            <NativeSelect
              label="Motif du refus"
              withAsterisk
              data={[
                { value: '', label: 'Choisir un motif' },
                ...enumValues(motifRefusLabels).map((value) => ({ value, label: motifRefusLabels[value] })),
              ]}
              value={motif}
              error={errors.motif}
              onChange={(event: ChangeEvent<HTMLSelectElement>) => {
                const value = event.currentTarget.value;
                setMotif(isEnumValue(motifRefusLabels, value) ? value : '');
              }}
            />
          )}
          <Textarea
            label="Commentaire (facultatif)"
            description={mode === 'accepter' ? 'Par exemple : date et lieu du premier rendez-vous.' : 'Expliquez le refus au chantier.'}
            autosize
            minRows={2}
            maxLength={4000}
            value={commentaire}
            error={errors.commentaire}
            onChange={(event) => setCommentaire(event.currentTarget.value)}
          />
          <div>
            <Button type="submit" color={mode === 'refuser' ? 'red.9' : undefined} loading={accepter.isPending || refuser.isPending}>
              {mode === 'accepter' ? 'Accepter' : 'Refuser'}
            </Button>
          </div>
        </Stack>
      </form>
    </Section>
  );
}

function RealiserPartenaire({ orientation }: { orientation: OrientationPartenaire }) {
  const realiser = useRealiserOrientation(orientation.id);
  const abandonner = useAbandonnerOrientation(orientation.id);
  const [date, setDate] = useState(todayIso());
  const [commentaire, setCommentaire] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [confirmAbandon, setConfirmAbandon] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    if (date === '') {
      setErrors({ date_realisation: 'Indiquez la date de réalisation.' });
      return;
    }
    setErrors({});
    realiser.mutate(
      { date_realisation: date, commentaire: commentaire.trim() === '' ? null : commentaire.trim() },
      {
        onSuccess: () => notifications.show({ color: 'green', title: 'Orientation réalisée', message: 'Le chantier en est informé.' }),
        onError: (failure) => {
          if (failure instanceof ApiError && Object.keys(failure.fieldErrors).length > 0) setErrors(failure.fieldErrors);
          else setError(failure);
        },
      },
    );
  };

  return (
    <Section id="realiser-titre" titre="Suite de l’accompagnement">
      <ErreurAction error={error} />
      <form onSubmit={submit} aria-label="Marquer l’orientation réalisée">
        <Stack gap="md" maw={560}>
          <TextInput
            type="date"
            label="Date de réalisation"
            withAsterisk
            max={todayIso()}
            value={date}
            error={errors.date_realisation}
            onChange={(event) => setDate(event.currentTarget.value)}
          />
          <Textarea
            label="Commentaire (facultatif)"
            autosize
            minRows={2}
            maxLength={4000}
            value={commentaire}
            error={errors.commentaire}
            onChange={(event) => setCommentaire(event.currentTarget.value)}
          />
          <Group gap="sm">
            <Button type="submit" loading={realiser.isPending}>
              Marquer réalisée
            </Button>
            <Button variant="outline" color="red.9" onClick={() => setConfirmAbandon(true)}>
              Signaler un abandon
            </Button>
          </Group>
        </Stack>
      </form>
      <ConfirmDialog
        opened={confirmAbandon}
        title="Signaler l’abandon ?"
        confirmLabel="Signaler l’abandon"
        loading={abandonner.isPending}
        onCancel={() => setConfirmAbandon(false)}
        onConfirm={() =>
          abandonner.mutate(undefined, {
            onSuccess: () => {
              setConfirmAbandon(false);
              notifications.show({ color: 'green', title: 'Orientation abandonnée', message: 'Le chantier en est informé.' });
            },
            onError: (failure) => {
              setConfirmAbandon(false);
              setError(failure);
            },
          })
        }
      >
        L’accompagnement ne se fera pas (la personne ne s’est pas présentée, ou a renoncé). L’orientation sera close comme abandonnée ; cette
        action est définitive.
      </ConfirmDialog>
    </Section>
  );
}
