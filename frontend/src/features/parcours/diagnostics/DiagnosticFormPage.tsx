import { Alert, Anchor, Breadcrumbs, Button, Group, Progress, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';

import { isNotFound } from '../../../api/problem';
import type { Diagnostic, Domaine, DomaineIn, EtapeDiagnostic, Parcours, Referentiel } from '../../../api/types';
import { PageHeading } from '../../../app/PageHeading';
import { usePageTitle } from '../../../app/usePageTitle';
import { domaineLabels, enumValues, isEnumValue } from '../../../i18n/labels';
import { diagnosticTitreLabels, etapeDiagnosticLabels } from '../../../i18n/parcours';
import { ErrorState, LoadingState } from '../../../ui/QueryState';
import { aujourdhui, domainesAFreiner, nomComplet } from '../domain';
import { EtapesAccueil } from '../inscription/EtapesAccueil';
import { FormAlert, useFormFeedback } from '../forms';
import { ParcoursIntrouvable } from '../ParcoursPage';
import { useCorrigerDiagnostic, useCreerDiagnostic, useDiagnostics, useFreinsDepuisDiagnostic, useModifierDiagnostic, useReferentiel, useValiderDiagnostic } from '../useFreins';
import { useParcours } from '../useParcours';
import { DomaineFieldset } from './DomaineFieldset';
import { type DiagnosticSaisi, type DomaineSaisi, cleBrouillon, depuisDiagnostic, ecrireBrouillon, erreursParDomaine, lireBrouillon, versApi } from './draft';

const DOMAINES: readonly Domaine[] = enumValues(domaineLabels);
const VIDE: DomaineSaisi = { niveau: null, situations: [], commentaire: '' };

export function DiagnosticFormPage() {
  const { parcoursId = '', diagnosticId } = useParams();
  const parcours = useParcours(parcoursId);
  const diagnostics = useDiagnostics(parcoursId);
  const referentiel = useReferentiel();
  usePageTitle('Diagnostic');

  if (parcours.isPending || diagnostics.isPending || referentiel.isPending) return <LoadingState label="Chargement du diagnostic…" />;
  if (parcours.isError) return isNotFound(parcours.error) ? <ParcoursIntrouvable /> : <ErrorState error={parcours.error} onRetry={() => void parcours.refetch()} />;
  if (diagnostics.isError) return <ErrorState error={diagnostics.error} onRetry={() => void diagnostics.refetch()} />;
  if (referentiel.isError) return <ErrorState error={referentiel.error} onRetry={() => void referentiel.refetch()} />;
  const existant = diagnosticId === undefined ? null : (diagnostics.data.find((d) => d.id === diagnosticId) ?? null);
  if (diagnosticId !== undefined && existant === null) {
    if (diagnostics.isFetching) return <LoadingState label="Chargement du diagnostic…" />;
    return <ParcoursIntrouvable />;
  }
  return <DiagnosticForm key={existant?.id ?? 'nouveau'} parcours={parcours.data.parcours} existant={existant} referentiel={referentiel.data} />;
}

function DiagnosticForm({ parcours, existant, referentiel }: { parcours: Parcours; existant: Diagnostic | null; referentiel: Referentiel }) {
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const corriger = existant !== null && existant.statut === 'valide' && searchParams.get('corriger') === '1';
  const etapeDemandee = searchParams.get('etape');
  const etape: EtapeDiagnostic = existant?.etape ?? (isEnumValue(etapeDiagnosticLabels, etapeDemandee) ? etapeDemandee : 'entree');
  const retourSortie = searchParams.get('retour') === 'sortie';
  const cle = cleBrouillon(parcours.id, existant?.id ?? `nouveau-${etape}`);
  const lectureSeule = existant !== null && existant.statut === 'valide' && !corriger;

  const [saisie, setSaisie] = useState<DiagnosticSaisi>(() => {
    const stocke = lectureSeule ? null : lireBrouillon(window.sessionStorage, cle);
    if (stocke !== null) return stocke;
    if (existant !== null) return depuisDiagnostic(existant);
    return { date: etape === 'entree' ? parcours.date_entree : aujourdhui(), domaines: {} };
  });
  const [restaure] = useState(() => !lectureSeule && lireBrouillon(window.sessionStorage, cle) !== null);
  const [valide, setValide] = useState<Diagnostic | null>(null);
  const [envoyes, setEnvoyes] = useState<Domaine[]>([]);
  // One domaine per step; the enrolment's steps above it when it continues an enrolment.
  const [index, setIndex] = useState(0);
  const accueil = searchParams.get('accueil') === '1' && etape === 'entree';
  // At entry, the housing situation is the one given when the parcours was opened.
  const logementEntree = etape === 'entree' ? (parcours.logement_entree ?? null) : null;
  const feedback = useFormFeedback();

  const creer = useCreerDiagnostic(parcours.id);
  const modifier = useModifierDiagnostic(parcours.id);
  const valider = useValiderDiagnostic(parcours.id);
  const corrigerMutation = useCorrigerDiagnostic(parcours.id);
  const creerFreins = useFreinsDepuisDiagnostic(parcours.id);
  const pending = creer.isPending || modifier.isPending || valider.isPending || corrigerMutation.isPending;

  useEffect(() => {
    if (!lectureSeule && valide === null) ecrireBrouillon(window.sessionStorage, cle, saisie);
  }, [cle, saisie, lectureSeule, valide]);

  const erreurs = useMemo(() => erreursParDomaine(feedback.errors, envoyes), [feedback.errors, envoyes]);
  // A refused domaine is shown: the step jumps to the first one with an error.
  useEffect(() => {
    const premier = DOMAINES.findIndex((domaine) => erreurs[domaine] !== undefined);
    if (premier >= 0) setIndex(premier);
  }, [erreurs]);
  const setDomaine = (domaine: Domaine, changes: Partial<DomaineSaisi>) =>
    setSaisie((previous) => ({ ...previous, domaines: { ...previous.domaines, [domaine]: { ...(previous.domaines[domaine] ?? VIDE), ...changes } } }));

  const titre = `${diagnosticTitreLabels[etape]}${corriger ? ' (correction)' : ''}`;
  usePageTitle(`${titre} · ${nomComplet(parcours.salarie)}`);

  const oublierBrouillon = () => window.sessionStorage.removeItem(cle);

  const enregistrer = (validation: boolean) => {
    feedback.reset();
    const domaines: DomaineIn[] = versApi(saisie, DOMAINES).map((d) =>
      d.domaine === 'logement' && logementEntree !== null ? { ...d, situations: [logementEntree] } : d,
    );
    setEnvoyes(domaines.map((d) => d.domaine));
    if (domaines.length === 0) {
      feedback.fail('Choisissez le niveau d’au moins un domaine.');
      return;
    }
    const terminer = (diagnostic: Diagnostic) => {
      oublierBrouillon();
      if (validation || corriger) {
        setValide(diagnostic);
        notifications.show({ color: 'green', title: 'Diagnostic validé', message: titre });
      } else {
        notifications.show({ color: 'green', title: 'Brouillon enregistré', message: 'Vous pourrez le reprendre plus tard.' });
        if (existant === null) void navigate(`/parcours/${parcours.id}/diagnostics/${diagnostic.id}`, { replace: true });
      }
    };
    const options = { onSuccess: terminer, onError: feedback.fromError };
    if (corriger && existant !== null) {
      corrigerMutation.mutate({ diagnosticId: existant.id, domaines }, options);
    } else if (existant !== null) {
      modifier.mutate(
        { diagnosticId: existant.id, version: existant.version, date: saisie.date, domaines },
        {
          onSuccess: (diagnostic) => {
            if (validation) valider.mutate(diagnostic.id, options);
            else terminer(diagnostic);
          },
          onError: feedback.fromError,
        },
      );
    } else {
      creer.mutate({ etape, date: saisie.date, domaines, valider: validation, suivi_id: searchParams.get('suivi_id') }, options);
    }
  };

  const retour = `/parcours/${parcours.id}?onglet=diagnostics`;

  if (valide !== null) {
    const proposes = domainesAFreiner(valide.domaines);
    const peutFreiner = (valide.etape === 'entree' || valide.etape === 'suivi') && proposes.length > 0;
    return (
      <Stack gap="lg" maw={720}>
        <PageHeading>{titre} validé</PageHeading>
        <Text>
          {nomComplet(parcours.salarie)} : {valide.domaines.length} domaine{valide.domaines.length > 1 ? 's' : ''} évalué
          {valide.domaines.length > 1 ? 's' : ''}.
        </Text>
        {peutFreiner && (
          <Alert color="blue" variant="light" className="avis-bleu" title="Créer les freins">
            <Stack gap="sm">
              <Text>
                Domaines au niveau « Important » ou « Bloquant » : {proposes.map((item) => domaineLabels[item.domaine]).join(', ')}. Chacun devient un frein à
                traiter (sauf s'il en a déjà un ouvert).
              </Text>
              <div>
                <Button
                  loading={creerFreins.isPending}
                  onClick={() =>
                    creerFreins.mutate(valide.id, {
                      onSuccess: (freins) => {
                        notifications.show({
                          color: 'green',
                          title: `${freins.length} frein${freins.length > 1 ? 's' : ''} créé${freins.length > 1 ? 's' : ''}`,
                          message: 'Ajoutez maintenant les actions.',
                        });
                        void navigate(`/parcours/${parcours.id}?onglet=freins`);
                      },
                    })
                  }
                >
                  Créer les freins
                </Button>
              </div>
            </Stack>
          </Alert>
        )}
        <Group gap="sm">
          {(retourSortie || valide.etape === 'sortie') && parcours.statut !== 'sorti' && (
            <Button component={Link} to={`/parcours/${parcours.id}/sortie`}>
              Continuer vers la sortie
            </Button>
          )}
          <Button component={Link} to={retour} variant="outline">
            Retour au parcours
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="lg" maw={820}>
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/parcours">
            Salariés
          </Anchor>
          <Anchor component={Link} to={retour}>
            {nomComplet(parcours.salarie)}
          </Anchor>
          <Text span aria-current="page">
            {titre}
          </Text>
        </Breadcrumbs>
      </nav>
      <PageHeading>{titre}</PageHeading>
      <Text>
        {nomComplet(parcours.salarie)}. Un domaine par étape : choisissez un niveau de 0 (pas de frein) à 3 (bloquant), puis les situations. Les
        domaines sans niveau ne sont pas enregistrés ; validez quand les domaines utiles sont remplis.
      </Text>
      {restaure && (
        <Alert color="blue" variant="light" className="avis-bleu" title="Brouillon restauré">
          Votre saisie non enregistrée a été reprise sur cet appareil.
        </Alert>
      )}
      {lectureSeule && (
        <Alert color="blue" variant="light" className="avis-bleu" title="Diagnostic validé">
          Un diagnostic validé ne se modifie plus : <Link to="?corriger=1">le corriger</Link> crée une nouvelle version et garde l'ancienne.
        </Alert>
      )}
      <FormAlert title="Le diagnostic n'a pas été enregistré" message={feedback.formError} />

      {accueil && <EtapesAccueil active={3} />}
      <Stack gap={6}>
        <Text fw={600} id="domaine-progression">
          Domaine {index + 1} sur {DOMAINES.length} : {domaineLabels[DOMAINES[index] ?? 'logement']}
        </Text>
        <Progress.Root>
          <Progress.Section value={((index + 1) / DOMAINES.length) * 100} aria-label={`Domaine ${index + 1} sur ${DOMAINES.length}`} />
        </Progress.Root>
      </Stack>
      <nav aria-label="Domaines du diagnostic" className="domaine-nav">
        <Group gap={4} component="ul" className="plain-list">
          {DOMAINES.map((domaine, position) => (
            <li key={domaine}>
              <Button
                variant={position === index ? 'filled' : 'subtle'}
                size="compact-sm"
                className="domaine-pas"
                aria-current={position === index ? 'step' : undefined}
                onClick={() => setIndex(position)}
              >
                {domaineLabels[domaine]}
                {saisie.domaines[domaine]?.niveau != null ? ' ✓' : ''}
              </Button>
            </li>
          ))}
        </Group>
      </nav>

      <form
        aria-label={titre}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          enregistrer(true);
        }}
      >
        <fieldset disabled={lectureSeule} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack gap="lg">
            <TextInput
              label="Date du diagnostic"
              type="date"
              required
              value={saisie.date}
              max={aujourdhui()}
              disabled={corriger}
              onChange={(e) => {
                const date = e.currentTarget.value;
                setSaisie((previous) => ({ ...previous, date }));
              }}
              error={feedback.errors.date}
              maw={260}
            />
            {DOMAINES.filter((_, position) => position === index).map((domaine) => (
              <DomaineFieldset
                key={domaine}
                domaine={domaine}
                valeur={saisie.domaines[domaine] ?? VIDE}
                referentiel={referentiel}
                erreurs={erreurs[domaine] ?? {}}
                onChange={(changes) => setDomaine(domaine, changes)}
                logementEntree={logementEntree}
              />
            ))}
            <Group gap="sm">
              <Button variant="default" disabled={index === 0} onClick={() => setIndex(index - 1)}>
                Domaine précédent
              </Button>
              <Button variant="outline" disabled={index === DOMAINES.length - 1} onClick={() => setIndex(index + 1)}>
                Domaine suivant
              </Button>
            </Group>
            {!lectureSeule && (
              <Group gap="xs" wrap="nowrap" grow className="diagnostic-actions">
                {!corriger && (
                  <Button variant="outline" onClick={() => enregistrer(false)} loading={pending && !valider.isPending}>
                    Enregistrer le brouillon
                  </Button>
                )}
                <Button type="submit" loading={pending}>
                  {corriger ? 'Enregistrer la correction' : 'Valider le diagnostic'}
                </Button>
              </Group>
            )}
            <div>
              <Button component={Link} to={retour} variant="subtle">
                Retour au parcours
              </Button>
            </div>
          </Stack>
        </fieldset>
      </form>
    </Stack>
  );
}

