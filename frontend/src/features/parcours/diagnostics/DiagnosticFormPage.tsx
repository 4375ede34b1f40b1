import { Alert, Anchor, Breadcrumbs, Button, Checkbox, Group, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';

import { isNotFound } from '../../../api/problem';
import type { Diagnostic, Domaine, EtapeDiagnostic, Parcours, Referentiel } from '../../../api/types';
import { PageHeading } from '../../../app/PageHeading';
import { usePageTitle } from '../../../app/usePageTitle';
import { domaineLabels, enumValues, isEnumValue } from '../../../i18n/labels';
import { diagnosticTitreLabels, etapeDiagnosticLabels, niveauLabels } from '../../../i18n/parcours';
import { ErrorState, LoadingState } from '../../../ui/QueryState';
import { NIVEAUX, aujourdhui, domainesAFreiner, nomComplet } from '../domain';
import { valeursProposees, libelleDe } from '../freins/referentiel';
import { FormAlert, useFormFeedback } from '../forms';
import { ParcoursIntrouvable } from '../ParcoursPage';
import { useCorrigerDiagnostic, useCreerDiagnostic, useDiagnostics, useFreinsDepuisDiagnostic, useModifierDiagnostic, useReferentiel, useValiderDiagnostic } from '../useFreins';
import { useParcours } from '../useParcours';
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
  const setDomaine = (domaine: Domaine, changes: Partial<DomaineSaisi>) =>
    setSaisie((previous) => ({ ...previous, domaines: { ...previous.domaines, [domaine]: { ...(previous.domaines[domaine] ?? VIDE), ...changes } } }));

  const titre = `${diagnosticTitreLabels[etape]}${corriger ? ' (correction)' : ''}`;
  usePageTitle(`${titre} · ${nomComplet(parcours.salarie)}`);

  const oublierBrouillon = () => window.sessionStorage.removeItem(cle);

  const enregistrer = (validation: boolean) => {
    feedback.reset();
    const domaines = versApi(saisie, DOMAINES);
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
        {nomComplet(parcours.salarie)}. Pour chaque domaine évalué, choisissez un niveau de 0 (pas de frein) à 3 (bloquant), puis les situations. Les
        domaines sans niveau ne sont pas enregistrés.
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

      <nav aria-label="Domaines du diagnostic" className="domaine-nav">
        <Group gap={4} component="ul" className="plain-list">
          {DOMAINES.map((domaine) => (
            <li key={domaine}>
              <a href={`#domaine-${domaine}`}>{domaineLabels[domaine]}</a>
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
            {DOMAINES.map((domaine) => (
              <DomaineFieldset
                key={domaine}
                domaine={domaine}
                valeur={saisie.domaines[domaine] ?? VIDE}
                referentiel={referentiel}
                erreurs={erreurs[domaine] ?? {}}
                onChange={(changes) => setDomaine(domaine, changes)}
              />
            ))}
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

function DomaineFieldset({
  domaine,
  valeur,
  referentiel,
  erreurs,
  onChange,
}: {
  domaine: Domaine;
  valeur: DomaineSaisi;
  referentiel: Referentiel;
  erreurs: Record<string, string>;
  onChange: (changes: Partial<DomaineSaisi>) => void;
}) {
  const label = domaineLabels[domaine];
  const proposees = valeursProposees(referentiel, domaine, 'situations');
  // Retired values already stored stay visible (and can be unticked).
  const anciennes = valeur.situations.filter((code) => !proposees.some((v) => v.code === code));
  const options = [...proposees.map((v) => ({ value: v.code, label: v.libelle })), ...anciennes.map((code) => ({ value: code, label: libelleDe(referentiel, domaine, 'situations', code) }))];
  const titreId = `domaine-${domaine}-titre`;
  return (
    <section id={`domaine-${domaine}`} className="domaine-section" aria-labelledby={titreId}>
      <Stack gap="sm">
        <Title order={2} id={titreId}>
          {label}
        </Title>
        <Radio.Group
          label={`Niveau de frein : ${label}`}
          value={valeur.niveau === null ? '' : String(valeur.niveau)}
          onChange={(value) => onChange({ niveau: Number(value) })}
          error={erreurs.niveau}
        >
          <Group gap="md" mt="xs" className="touch-choice">
            {NIVEAUX.map((niveau) => (
              <Radio key={niveau} value={String(niveau)} label={`${niveauLabels[niveau]} (${niveau})`} />
            ))}
          </Group>
        </Radio.Group>
        {valeur.niveau !== null && (
          <Button variant="subtle" size="compact-sm" onClick={() => onChange({ niveau: null, situations: [], commentaire: '' })} style={{ alignSelf: 'flex-start' }}>
            Ne pas évaluer {label.toLowerCase()}
          </Button>
        )}
        {options.length > 0 &&
          (domaine === 'logement' ? (
            <Radio.Group
              label="Situation de logement (une seule)"
              value={valeur.situations[0] ?? ''}
              onChange={(value) => onChange({ situations: [value] })}
              error={erreurs.situations}
            >
              <Stack gap={0} mt="xs" className="touch-choice">
                {options.map((option) => (
                  <Radio key={option.value} value={option.value} label={option.label} />
                ))}
              </Stack>
            </Radio.Group>
          ) : (
            <Checkbox.Group label={`Situations : ${label}`} value={valeur.situations} onChange={(situations) => onChange({ situations })} error={erreurs.situations}>
              <Stack gap={0} mt="xs" className="touch-choice">
                {options.map((option) => (
                  <Checkbox key={option.value} value={option.value} label={option.label} />
                ))}
              </Stack>
            </Checkbox.Group>
          ))}
        <Textarea
          label={`Commentaire : ${label}`}
          autosize
          minRows={2}
          value={valeur.commentaire}
          onChange={(e) => onChange({ commentaire: e.currentTarget.value })}
          error={erreurs.commentaire}
        />
      </Stack>
    </section>
  );
}
