import { Alert, Anchor, Breadcrumbs, Button, DataList, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { isNotFound } from '../../api/problem';
import type { MotifSortie, Parcours, SituationLogement } from '../../api/types';
import { peut } from '../../app/actions';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { categorieSortieLabels, motifSortieLabels, situationLogementLabels } from '../../i18n/parcours';
import { CATEGORIE_DU_MOTIF, SEUILS } from '../../i18n/referentiel.generated';
import { formatDate } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { MOIS_DE_SUIVI, aujourdhui, categorieDuMotif, estEnLogement, estSortieEmploi, moisEntre, nomComplet, ouvreSuivis } from './domain';
import { diagnosticsCourants } from './diagnostics/draft';
import { FormAlert, orNull, useFormFeedback } from './forms';
import { situationLogementOptions } from './logement';
import { ParcoursIntrouvable } from './ParcoursPage';
import { useDiagnostics } from './useFreins';
import { useParcours, useSortie } from './useParcours';

/** Motifs grouped by their official category, for the select. */
function motifOptions() {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const [motif, categorie] of Object.entries(CATEGORIE_DU_MOTIF) as [MotifSortie, keyof typeof categorieSortieLabels][]) {
    const label = categorieSortieLabels[categorie];
    const items = groups.get(label) ?? [];
    items.push({ value: motif, label: motifSortieLabels[motif] });
    groups.set(label, items);
  }
  return [...groups.entries()].map(([group, items]) => ({ group, items }));
}

export function SortiePage() {
  const { parcoursId = '' } = useParams();
  const parcours = useParcours(parcoursId);
  const diagnostics = useDiagnostics(parcoursId);
  usePageTitle('Sortie du chantier');
  if (parcours.isPending || diagnostics.isPending) return <LoadingState label="Chargement du parcours…" />;
  if (parcours.isError) return isNotFound(parcours.error) ? <ParcoursIntrouvable /> : <ErrorState error={parcours.error} onRetry={() => void parcours.refetch()} />;
  if (diagnostics.isError) return <ErrorState error={diagnostics.error} onRetry={() => void diagnostics.refetch()} />;
  const aDiagnosticSortie = diagnosticsCourants(diagnostics.data).some((d) => d.etape === 'sortie');
  return <SortieWizard parcours={parcours.data.parcours} aDiagnosticSortie={aDiagnosticSortie} />;
}

type Etape = 1 | 2 | 3 | 4;
const ETAPES: Record<Etape, string> = { 1: 'Date et motif', 2: 'Logement à la sortie', 3: 'Employeur', 4: 'Vérifier et enregistrer' };

function SortieWizard({ parcours, aDiagnosticSortie }: { parcours: Parcours; aDiagnosticSortie: boolean }) {
  const navigate = useNavigate();
  const sortie = useSortie(parcours.id);
  const feedback = useFormFeedback();
  const [etape, setEtape] = useState<Etape>(1);
  const [date, setDate] = useState(aujourdhui());
  const [motif, setMotif] = useState<MotifSortie | ''>('');
  const [logement, setLogement] = useState<SituationLogement | ''>('');
  const [employeur, setEmployeur] = useState('');
  const [contrat, setContrat] = useState('');
  const [justification, setJustification] = useState('');
  const nom = nomComplet(parcours.salarie);
  const retour = `/parcours/${parcours.id}`;
  const emploi = motif !== '' && estSortieEmploi(motif);
  const auDela24 = moisEntre(parcours.date_entree, date) >= SEUILS.duree_norme_mois && (parcours.justification_duree == null || parcours.justification_duree === '');

  if (!peut('StatutParcours', parcours, 'sortie')) {
    return (
      <Stack gap="md" maw={640}>
        <PageHeading>Sortie du chantier</PageHeading>
        <Text>La sortie de ce parcours ne peut pas être enregistrée (elle l'est déjà, ou vous n'en avez pas le droit).</Text>
        <div>
          <Button component={Link} to={retour}>
            Retour au parcours
          </Button>
        </div>
      </Stack>
    );
  }

  const suivant = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    if (etape === 1) {
      const missing: Record<string, string> = {};
      if (date === '') missing.date = 'Indiquez la date de sortie.';
      if (motif === '') missing.motif = 'Choisissez le motif de sortie.';
      if (Object.keys(missing).length > 0) return feedback.setErrors(missing);
      setEtape(2);
    } else if (etape === 2) {
      if (logement === '') return feedback.setErrors({ logement_sortie: 'Choisissez la situation de logement à la sortie.' });
      setEtape(3);
    } else if (etape === 3) {
      if (emploi && employeur.trim() === '') return feedback.setErrors({ employeur: "Indiquez l'employeur pour une sortie en emploi." });
      setEtape(4);
    } else {
      if (motif === '' || logement === '') return;
      sortie.mutate(
        { date, motif, logement_sortie: logement, employeur: orNull(employeur), contrat: orNull(contrat), justification_duree: orNull(justification), historique: false },
        {
          onSuccess: () => {
            notifications.show({ color: 'green', title: 'Sortie enregistrée', message: `${nom} : ${categorieSortieLabels[categorieDuMotif(motif)]}.` });
            void navigate(`${retour}?onglet=suivis`);
          },
          onError: (error) => {
            feedback.fromError(error);
            const fields = Object.keys((error as { fieldErrors?: Record<string, string> }).fieldErrors ?? {});
            if (fields.includes('date') || fields.includes('motif')) setEtape(1);
            else if (fields.includes('logement_sortie')) setEtape(2);
            else if (fields.includes('employeur') || fields.includes('contrat')) setEtape(3);
          },
        },
      );
    }
  };

  return (
    <Stack gap="lg" maw={720}>
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/parcours">
            Salariés
          </Anchor>
          <Anchor component={Link} to={retour}>
            {nom}
          </Anchor>
          <Text span aria-current="page">
            Sortie du chantier
          </Text>
        </Breadcrumbs>
      </nav>
      <PageHeading>Sortie du chantier : {nom}</PageHeading>

      {!aDiagnosticSortie && (
        <Alert color="orange" variant="light" className="avis-orange" title="Diagnostic de sortie à remplir">
          <Stack gap="xs">
            <Text>La sortie ne peut être enregistrée qu'après la validation du diagnostic de sortie.</Text>
            <div>
              <Button component={Link} to={`/parcours/${parcours.id}/diagnostics/nouveau?etape=sortie&retour=sortie`} variant="outline" color="dark">
                Remplir le diagnostic de sortie
              </Button>
            </div>
          </Stack>
        </Alert>
      )}

      <Text fw={600} aria-live="polite">
        Étape {etape} sur 4 : {ETAPES[etape]}
      </Text>
      <FormAlert title="La sortie n'a pas été enregistrée" message={feedback.formError} />
      {feedback.code === 'diagnostic_requis' && (
        <Anchor component={Link} to={`/parcours/${parcours.id}/diagnostics/nouveau?etape=sortie&retour=sortie`} className="cell-link">
          Remplir le diagnostic de sortie
        </Anchor>
      )}

      <form onSubmit={suivant} aria-label={ETAPES[etape]} noValidate>
        <Stack gap="md">
          <Title order={2}>{ETAPES[etape]}</Title>
          {etape === 1 && (
            <>
              <TextInput label="Date de sortie" type="date" required value={date} max={aujourdhui()} onChange={(e) => setDate(e.currentTarget.value)} error={feedback.errors.date} maw={260} />
              <NativeSelect
                label="Motif de sortie"
                required
                data={[{ value: '', label: 'Choisir un motif' }, ...motifOptions()]}
                value={motif}
                onChange={(e) => setMotif(e.currentTarget.value as MotifSortie | '')}
                error={feedback.errors.motif}
              />
              {motif !== '' && <CategorieDerivee motif={motif} />}
            </>
          )}
          {etape === 2 && (
            <>
              <NativeSelect
                label="Logement à la sortie"
                required
                data={[{ value: '', label: 'Choisir une situation' }, ...situationLogementOptions()]}
                value={logement}
                onChange={(e) => setLogement(e.currentTarget.value as SituationLogement | '')}
                error={feedback.errors.logement_sortie}
              />
              {logement !== '' && <Text>{estEnLogement(logement) ? 'Compté « en logement » à la sortie.' : 'Non compté « en logement » à la sortie.'}</Text>}
            </>
          )}
          {etape === 3 && (
            <>
              {!emploi && <Text>Ce motif n'est pas une sortie en emploi : l'employeur est facultatif.</Text>}
              <TextInput label="Employeur" required={emploi} value={employeur} onChange={(e) => setEmployeur(e.currentTarget.value)} error={feedback.errors.employeur} />
              <TextInput label="Contrat" description="Par exemple : CDI à temps plein" value={contrat} onChange={(e) => setContrat(e.currentTarget.value)} error={feedback.errors.contrat} />
            </>
          )}
          {etape === 4 && motif !== '' && logement !== '' && (
            <>
              <DataList labelWidth="200px">
                <DataList.Item>
                  <DataList.ItemLabel>Date de sortie</DataList.ItemLabel>
                  <DataList.ItemValue>{formatDate(date)}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Motif</DataList.ItemLabel>
                  <DataList.ItemValue>{motifSortieLabels[motif]}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Catégorie officielle</DataList.ItemLabel>
                  <DataList.ItemValue>{categorieSortieLabels[categorieDuMotif(motif)]}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Logement à la sortie</DataList.ItemLabel>
                  <DataList.ItemValue>{situationLogementLabels[logement]}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Employeur</DataList.ItemLabel>
                  <DataList.ItemValue>{employeur.trim() === '' ? '—' : employeur}</DataList.ItemValue>
                </DataList.Item>
              </DataList>
              <Text>
                {ouvreSuivis(motif, logement)
                  ? `Le parcours passe « Sorti » : des suivis sont prévus à ${MOIS_DE_SUIVI}.`
                  : 'Le parcours passe « Sorti » puis sera clos un mois après la sortie (pas de suivi prévu).'}
              </Text>
              {(auDela24 || feedback.code === 'justification_requise' || feedback.errors.justification_duree !== undefined) && (
                <Textarea
                  label={`Justification de la durée (au-delà de ${SEUILS.duree_norme_mois} mois)`}
                  required
                  autosize
                  minRows={3}
                  value={justification}
                  onChange={(e) => setJustification(e.currentTarget.value)}
                  error={feedback.errors.justification_duree}
                />
              )}
            </>
          )}
          <Group gap="sm">
            {etape > 1 && (
              <Button variant="default" onClick={() => setEtape((etape - 1) as Etape)}>
                Étape précédente
              </Button>
            )}
            <Button type="submit" loading={sortie.isPending} disabled={etape === 4 && !aDiagnosticSortie}>
              {etape === 4 ? 'Enregistrer la sortie' : 'Continuer'}
            </Button>
            <Button component={Link} to={retour} variant="subtle">
              Annuler
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function CategorieDerivee({ motif }: { motif: MotifSortie }) {
  const categorie = categorieDuMotif(motif);
  return (
    <Alert color="blue" variant="light" className="avis-bleu" title="Catégorie officielle de sortie" aria-live="polite">
      <Text fw={700} data-testid="categorie-sortie">
        {categorieSortieLabels[categorie]}
      </Text>
      <Text size="sm">Déduite du motif, selon la classification officielle de l'IAE.</Text>
    </Alert>
  );
}
