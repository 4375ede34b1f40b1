import { Anchor, Breadcrumbs, Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { isNotFound } from '../../api/problem';
import type { Parcours } from '../../api/types';
import { actionsDe, libelleAction } from '../../app/actions';
import { useMoi } from '../../app/auth/AuthProvider';
import { PageHeading } from '../../app/PageHeading';
import { can } from '../../app/permissions';
import { usePageTitle } from '../../app/usePageTitle';
import { categorieSortieLabels, motifSortieLabels, neLe } from '../../i18n/parcours';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDate } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { StatutBadge } from '../../ui/StatutBadge';
import { DateFr } from './components';
import { DiagnosticsTab } from './diagnostics/DiagnosticsTab';
import { age, aujourdhui, DUREE_NORME_MOIS, formatDuree, nomComplet } from './domain';
import { aComparer } from './freins/evolution';
import { EvolutionTab } from './freins/EvolutionTab';
import { FreinsTab } from './freins/FreinsTab';
import { FormAlert, orNull, useFormFeedback } from './forms';
import { DonneesPersonnellesTab } from '../rgpd/DonneesPersonnellesTab';
import { ConsentementsTab } from './tabs/ConsentementsTab';
import { ContratsTab } from './tabs/ContratsTab';
import { IdentiteTab } from './tabs/IdentiteTab';
import { JournalTab } from './tabs/JournalTab';
import { ReferentsTab } from './tabs/ReferentsTab';
import { SuivisTab } from './tabs/SuivisTab';
import { groupesDe, Rubriques } from './Rubriques';
import { SyntheseTab } from './synthese/SyntheseTab';
import { useEvolution } from './useFreins';
import { type TransitionName, useParcours, useTransition } from './useParcours';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function ParcoursIntrouvable() {
  usePageTitle('Parcours introuvable');
  return (
    <Stack gap="md" maw={640}>
      <PageHeading>Parcours introuvable</PageHeading>
      <Text>Ce parcours n'existe pas ou n'appartient pas à votre périmètre.</Text>
      <div>
        <Button component={Link} to="/parcours">
          Voir la liste des salariés
        </Button>
      </div>
    </Stack>
  );
}

export function ParcoursPage() {
  const { parcoursId = '' } = useParams();
  if (!UUID.test(parcoursId)) return <ParcoursIntrouvable />;
  return <ParcoursDetails parcoursId={parcoursId} />;
}

function ParcoursDetails({ parcoursId }: { parcoursId: string }) {
  const query = useParcours(parcoursId);
  const parcours = query.data?.parcours;
  usePageTitle(parcours === undefined ? 'Parcours' : nomComplet(parcours.salarie));

  if (query.isPending) return <LoadingState label="Chargement du parcours…" />;
  if (query.isError) {
    if (isNotFound(query.error)) return <ParcoursIntrouvable />;
    return (
      <Stack gap="md">
        <PageHeading>Parcours</PageHeading>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  return <ParcoursFiche parcours={query.data.parcours} etag={query.data.etag} />;
}

function ParcoursFiche({ parcours, etag }: { parcours: Parcours; etag: string | null }) {
  const moi = useMoi();
  const ecrit = can(moi, 'parcours:write');
  // The evolution is offered once there is something to compare (a second diagnostic).
  const evolution = useEvolution(parcours.id, { enabled: ecrit });
  const groupes = groupesDe(moi, aComparer(evolution.data?.domaines ?? []));
  const nom = nomComplet(parcours.salarie);

  return (
    <Stack gap="lg">
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/parcours">
            Salariés
          </Anchor>
          <Text span aria-current="page">
            {nom}
          </Text>
        </Breadcrumbs>
      </nav>
      <Stack gap="xs">
        <Group gap="md" align="center">
          <PageHeading>{nom}</PageHeading>
          <StatutBadge famille="parcours" statut={parcours.statut} />
        </Group>
        <Text>
          {neLe(parcours.salarie.sexe)} {formatDate(parcours.salarie.date_naissance)} ({age(parcours.salarie.date_naissance)} ans) · Entrée le{' '}
          <DateFr value={parcours.date_entree} /> · {formatDuree(parcours.duree_mois)} de parcours
          {parcours.referent_id === moi.id ? ' · Vous êtes référent·e' : ''}
        </Text>
        {parcours.statut === 'suspendu' && parcours.motif_suspension != null && <Text>Suspendu : {parcours.motif_suspension}</Text>}
        {parcours.motif_sortie != null && (
          <Text>
            Sortie le <DateFr value={parcours.date_sortie} /> : {motifSortieLabels[parcours.motif_sortie]}
            {parcours.categorie_sortie != null && ` (${categorieSortieLabels[parcours.categorie_sortie]})`}
          </Text>
        )}
      </Stack>

      <Transitions parcours={parcours} />

      <Rubriques groupes={groupes}>
        {(rubrique) => {
          switch (rubrique) {
            case 'synthese':
              return <SyntheseTab parcours={parcours} />;
            case 'journal':
              return <JournalTab parcours={parcours} />;
            case 'contrats':
              return <ContratsTab parcours={parcours} ecrit={ecrit} />;
            case 'freins':
              return <FreinsTab parcours={parcours} />;
            case 'diagnostics':
              return <DiagnosticsTab parcours={parcours} />;
            case 'evolution':
              return <EvolutionTab parcours={parcours} />;
            case 'suivis':
              return <SuivisTab parcours={parcours} />;
            case 'identite':
              return <IdentiteTab parcours={parcours} etag={etag} ecrit={ecrit} />;
            case 'consentements':
              return <ConsentementsTab salarieId={parcours.salarie.id} />;
            case 'referents':
              return <ReferentsTab salarieId={parcours.salarie.id} />;
            case 'donnees':
              return <DonneesPersonnellesTab salarieId={parcours.salarie.id} parcoursId={parcours.id} />;
          }
        }}
      </Rubriques>
    </Stack>
  );
}

/** What each confirmation says (UI copy); which verbs apply and their labels come from the API. */
const TRANSITIONS: Record<TransitionName, { titre: string; texte: string; confirmer: string }> = {
  demarrage: {
    titre: 'Démarrer le parcours ?',
    texte: "Le parcours passe « En cours ». Le diagnostic d'entrée doit être validé.",
    confirmer: 'Démarrer',
  },
  suspension: {
    titre: 'Suspendre le parcours ?',
    texte: 'Le parcours est mis en pause (hospitalisation, incarcération…) jusqu’à sa reprise.',
    confirmer: 'Suspendre',
  },
  reprise: {
    titre: 'Reprendre le parcours ?',
    texte: 'Le parcours repasse « En cours ».',
    confirmer: 'Reprendre',
  },
  cloture: {
    titre: 'Clore le parcours ?',
    texte: 'Le suivi après sortie s’arrête ; le parcours ne pourra plus être modifié.',
    confirmer: 'Clore',
  },
};

function Transitions({ parcours }: { parcours: Parcours }) {
  const moi = useMoi();
  const transition = useTransition(parcours.id);
  const feedback = useFormFeedback();
  const [ouverte, setOuverte] = useState<TransitionName | null>(null);
  const [date, setDate] = useState(aujourdhui());
  const [motif, setMotif] = useState('');
  const [justification, setJustification] = useState('');

  // The verbs the API lets this caller apply now; the exit is a wizard of its own.
  const actions = actionsDe('StatutParcours', parcours);
  const orienter = can(moi, 'orientations:create') && parcours.statut !== 'clos';

  const ouvrir = (name: TransitionName) => {
    feedback.reset();
    setDate(aujourdhui());
    setMotif('');
    setOuverte(name);
  };
  const confirmer = () => {
    if (ouverte === null) return;
    const name = ouverte;
    if (name === 'suspension' && motif.trim() === '') {
      feedback.setErrors({ motif: 'Indiquez le motif de la suspension.' });
      return;
    }
    transition.mutate(
      { name, body: { date, motif: orNull(motif), justification_duree: orNull(justification) } },
      {
        onSuccess: () => {
          setOuverte(null);
          notifications.show({ color: 'green', title: 'Parcours mis à jour', message: TRANSITIONS[name].confirmer + ' : enregistré.' });
        },
        onError: feedback.fromError,
      },
    );
  };

  if (actions.length === 0 && !orienter) return null;
  const info = ouverte === null ? null : TRANSITIONS[ouverte];
  return (
    <>
      <Group gap="sm" aria-label="Changer le statut du parcours" role="group">
        {actions.map((verbe) =>
          verbe === 'sortie' ? (
            <Button key={verbe} component={Link} to={`/parcours/${parcours.id}/sortie`} variant="outline">
              {libelleAction('StatutParcours', verbe)}
            </Button>
          ) : (
            <Button key={verbe} variant={verbe === 'demarrage' ? 'filled' : 'outline'} onClick={() => ouvrir(verbe)}>
              {libelleAction('StatutParcours', verbe)}
            </Button>
          ),
        )}
        {orienter && (
          <Button component={Link} to={`/orientations/nouvelle?parcours=${parcours.id}`} variant="outline">
            Orienter vers un partenaire
          </Button>
        )}
      </Group>
      <ConfirmDialog
        opened={ouverte !== null}
        title={info?.titre ?? ''}
        confirmLabel={info?.confirmer ?? ''}
        onConfirm={confirmer}
        onCancel={() => setOuverte(null)}
        loading={transition.isPending}
        danger={ouverte === 'cloture'}
      >
        <Stack gap="sm">
          <Text>{info?.texte}</Text>
          <FormAlert title="Le changement n'a pas été enregistré" message={feedback.formError} />
          {feedback.code === 'diagnostic_requis' && (
            <Anchor component={Link} to={`/parcours/${parcours.id}/diagnostics/nouveau?etape=entree`} className="cell-link">
              Remplir le diagnostic d'entrée
            </Anchor>
          )}
          <TextInput label="Date" type="date" value={date} max={aujourdhui()} onChange={(e) => setDate(e.currentTarget.value)} error={feedback.errors.date} />
          {(ouverte === 'suspension' || ouverte === 'cloture') && (
            <TextInput
              label={ouverte === 'suspension' ? 'Motif de la suspension' : 'Motif (facultatif)'}
              required={ouverte === 'suspension'}
              value={motif}
              onChange={(e) => setMotif(e.currentTarget.value)}
              error={feedback.errors.motif}
            />
          )}
          {(feedback.code === 'justification_requise' || feedback.errors.justification_duree !== undefined) && (
            <Textarea
              label={`Justification de la durée (au-delà de ${DUREE_NORME_MOIS} mois)`}
              required
              autosize
              minRows={3}
              value={justification}
              onChange={(e) => setJustification(e.currentTarget.value)}
              error={feedback.errors.justification_duree}
            />
          )}
        </Stack>
      </ConfirmDialog>
    </>
  );
}

