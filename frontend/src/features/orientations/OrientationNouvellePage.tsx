import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Checkbox,
  Group,
  List,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Stepper,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { ApiError, errorMessage } from '../../api/problem';
import type { Domaine, ElementPartage, Orientation, Urgence } from '../../api/types';
import { peut } from '../../app/actions';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { domaineLabels, enumValues, isEnumValue, typePartenaireLabels } from '../../i18n/labels';
import { elementPartageLabels, urgenceLabels } from '../../i18n/orientations';
import { formatDate } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { isConsentementRequis, isPartnerView, LISIBLE, todayIso } from './format';
import { DonneesPartageesView } from './OrientationParts';
import {
  useApercu,
  useConsentements,
  useCreerOrientation,
  useEnregistrerConsentement,
  useEnvoyerOrientation,
  useFileActive,
  useModifierOrientation,
  useOrientation,
  useParcours,
  usePartenaires,
  useSalarie,
} from './useOrientations';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidParam(value: string | null): string | null {
  return value !== null && UUID.test(value) ? value : null;
}

export function OrientationNouvellePage() {
  usePageTitle('Orienter une personne');
  const [searchParams, setSearchParams] = useSearchParams();
  const parcoursId = uuidParam(searchParams.get('parcours'));
  const brouillonId = uuidParam(searchParams.get('brouillon'));

  const setParam = (name: string, value: string | null) =>
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === null) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );

  return (
    <Stack gap="lg" maw={860}>
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/orientations">
            Orientations
          </Anchor>
          <Text span aria-current="page">
            Orienter une personne
          </Text>
        </Breadcrumbs>
      </nav>
      <PageHeading>Orienter une personne</PageHeading>
      {parcoursId === null ? (
        <ChoixPersonne onChoose={(id) => setParam('parcours', id)} />
      ) : (
        <Orienter parcoursId={parcoursId} brouillonId={brouillonId} onBrouillon={(id) => setParam('brouillon', id)} />
      )}
    </Stack>
  );
}

/** Without a parcours in the address: pick one of the caseworker's people. */
function ChoixPersonne({ onChoose }: { onChoose: (parcoursId: string) => void }) {
  const fileActive = useFileActive();
  const [choix, setChoix] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);
  if (fileActive.isPending) return <LoadingState label="Chargement des personnes accompagnées…" />;
  if (fileActive.isError) return <ErrorState error={fileActive.error} onRetry={() => void fileActive.refetch()} />;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (choix === '') setErreur('Choisissez la personne à orienter.');
    else onChoose(choix);
  };
  return (
    <form onSubmit={submit} aria-label="Choisir la personne">
      <Stack gap="md" maw={520}>
        <Text>Choisissez la personne à orienter. Vous pouvez aussi partir de son parcours.</Text>
        <NativeSelect
          label="Personne accompagnée"
          withAsterisk
          error={erreur}
          data={[
            { value: '', label: 'Choisir une personne' },
            ...fileActive.data.map((row) => ({ value: row.parcours_id, label: `${row.nom} ${row.prenoms}` })),
          ]}
          value={choix}
          onChange={(event: ChangeEvent<HTMLSelectElement>) => setChoix(event.currentTarget.value)}
        />
        <div>
          <Button type="submit">Continuer</Button>
        </div>
      </Stack>
    </form>
  );
}

type Etape = 'formulaire' | 'consentement' | 'apercu';

function Orienter({ parcoursId, brouillonId, onBrouillon }: { parcoursId: string; brouillonId: string | null; onBrouillon: (id: string) => void }) {
  const parcours = useParcours(parcoursId);
  const salarieId = parcours.data?.parcours.salarie.id ?? null;
  const salarie = useSalarie(salarieId);
  const brouillon = useOrientation(brouillonId);
  const consentements = useConsentements(brouillonId === null ? null : salarieId);
  const [modification, setModification] = useState(false);
  const [consentementExige, setConsentementExige] = useState<string | null>(null);

  if (parcours.isPending) return <LoadingState label="Chargement du parcours…" />;
  if (parcours.isError) return <ErrorState error={parcours.error} title="Parcours introuvable ou hors de votre périmètre" />;

  const personne = `${parcours.data.parcours.salarie.prenoms} ${parcours.data.parcours.salarie.nom}`;
  const territoireId = salarie.data?.salarie.territoire_id;
  const draft: Orientation | null =
    brouillon.data !== undefined && !isPartnerView(brouillon.data.orientation) ? brouillon.data.orientation : null;

  if (brouillonId !== null && brouillon.isPending) return <LoadingState label="Chargement du brouillon…" />;
  if (brouillonId !== null && brouillon.isError) return <ErrorState error={brouillon.error} onRetry={() => void brouillon.refetch()} />;
  // A draft is taken up only while the API lists its edit among the actions.
  if (draft !== null && !peut('StatutOrientation', draft, 'modification')) {
    return (
      <Alert color="blue" variant="light" styles={LISIBLE} title="Cette orientation ne peut plus être modifiée">
        <Anchor component={Link} to={`/orientations/${draft.id}`}>
          Voir l’orientation
        </Anchor>
      </Alert>
    );
  }

  const consentementActif =
    draft === null || consentements.data === undefined
      ? null
      : consentements.data.some((c) => c.actif && c.type === 'partage_partenaire' && c.partenaire_id === draft.partenaire_id);

  // Consent first when it is missing (or the API said so at sending); when the consents cannot be
  // read, the preview comes and the API's 409 `consentement_requis` brings the consent step back.
  let etape: Etape = 'formulaire';
  if (draft !== null && !modification) etape = consentementExige !== null || consentementActif === false ? 'consentement' : 'apercu';
  if (draft !== null && !modification && consentements.isPending && consentementExige === null) {
    return <LoadingState label="Vérification du consentement…" />;
  }

  const active = etape === 'formulaire' ? 0 : etape === 'consentement' ? 1 : 2;

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" radius="md">
        <Text>
          Personne orientée : <strong>{personne}</strong>, née le {formatDate(parcours.data.parcours.salarie.date_naissance)}
        </Text>
      </Paper>
      <Stepper active={active} size="sm" allowNextStepsSelect={false} aria-label="Étapes">
        <Stepper.Step label="Demande" description="Partenaire et besoin" />
        <Stepper.Step label="Consentement" description="Accord de la personne" />
        <Stepper.Step label="Aperçu et envoi" description="Ce que le partenaire verra" />
      </Stepper>

      {etape === 'formulaire' && (
        <FormulaireOrientation
          key={draft?.version ?? 'nouvelle'}
          parcoursId={parcoursId}
          territoireId={territoireId}
          draft={draft}
          etag={brouillon.data?.etag ?? null}
          onSaved={(id) => {
            setModification(false);
            onBrouillon(id);
          }}
          onCancel={draft === null ? undefined : () => setModification(false)}
        />
      )}
      {etape === 'consentement' && draft !== null && salarieId !== null && (
        <EtapeConsentement
          draft={draft}
          salarieId={salarieId}
          personne={personne}
          detail={consentementExige}
          onRecorded={() => setConsentementExige(null)}
          onModifier={() => setModification(true)}
        />
      )}
      {etape === 'apercu' && draft !== null && (
        <EtapeApercu
          draft={draft}
          personne={personne}
          onModifier={() => setModification(true)}
          onConsentementRequis={(detail) => setConsentementExige(detail)}
        />
      )}
    </Stack>
  );
}

interface FormValues {
  domaine: Domaine | '';
  partenaire_id: string;
  motif: string;
  urgence: Urgence;
  besoin: string;
  partage: ElementPartage[];
}

function FormulaireOrientation({
  parcoursId,
  territoireId,
  draft,
  etag,
  onSaved,
  onCancel,
}: {
  parcoursId: string;
  territoireId: string | undefined;
  draft: Orientation | null;
  etag: string | null;
  onSaved: (id: string) => void;
  onCancel?: () => void;
}) {
  const [searchParams] = useSearchParams();
  const domaineParam = searchParams.get('domaine');
  const freinId = uuidParam(searchParams.get('frein'));
  const [values, setValues] = useState<FormValues>(
    draft === null
      ? {
          domaine: isEnumValue(domaineLabels, domaineParam) ? domaineParam : '',
          partenaire_id: '',
          motif: '',
          urgence: 'normale',
          besoin: '',
          partage: ['identite', 'besoin'],
        }
      : {
          domaine: draft.domaine,
          partenaire_id: draft.partenaire_id,
          motif: draft.motif,
          urgence: draft.urgence,
          besoin: draft.besoin ?? '',
          partage: draft.partage,
        },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const creer = useCreerOrientation();
  const modifier = useModifierOrientation(draft?.id ?? '');
  const partenaires = usePartenaires(
    { ...(values.domaine === '' ? {} : { domaine: values.domaine }), ...(territoireId === undefined ? {} : { territoire_id: territoireId }) },
    { enabled: values.domaine !== '' && draft === null },
  );
  const tousPartenaires = usePartenaires({}, { enabled: draft !== null });

  const set = <K extends keyof FormValues>(name: K, value: FormValues[K]) => setValues((previous) => ({ ...previous, [name]: value }));

  const onError = (failure: unknown) => {
    if (failure instanceof ApiError && Object.keys(failure.fieldErrors).length > 0) setErrors(failure.fieldErrors);
    else setError(failure);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const local: Record<string, string> = {};
    if (values.domaine === '') local.domaine = 'Choisissez le domaine.';
    if (values.partenaire_id === '') local.partenaire_id = 'Choisissez le partenaire.';
    if (values.motif.trim() === '') local.motif = 'Indiquez le motif de l’orientation.';
    if (values.partage.includes('besoin') && values.besoin.trim() === '') local.besoin = 'Décrivez le besoin, ou ne le partagez pas.';
    setErrors(local);
    if (Object.keys(local).length > 0 || values.domaine === '') return;
    const besoin = values.besoin.trim() === '' ? null : values.besoin.trim();
    if (draft === null) {
      creer.mutate(
        {
          parcours_id: parcoursId,
          partenaire_id: values.partenaire_id,
          domaine: values.domaine,
          motif: values.motif.trim(),
          urgence: values.urgence,
          besoin,
          partage: values.partage,
          ...(freinId === null ? {} : { frein_id: freinId }),
        },
        { onSuccess: (created) => onSaved(created.id), onError },
      );
    } else {
      modifier.mutate(
        { changes: { motif: values.motif.trim(), urgence: values.urgence, besoin, partage: values.partage }, etag },
        { onSuccess: (saved) => onSaved(saved.id), onError },
      );
    }
  };

  const partenaireOptions =
    draft !== null
      ? [{ value: draft.partenaire_id, label: tousPartenaires.data?.find((s) => s.id === draft.partenaire_id)?.nom ?? 'Partenaire' }]
      : [
          {
            value: '',
            label:
              values.domaine === ''
                ? 'Choisissez d’abord le domaine'
                : partenaires.isPending
                  ? 'Chargement des partenaires…'
                  : (partenaires.data?.length ?? 0) === 0
                    ? 'Aucun partenaire pour ce domaine'
                    : 'Choisir un partenaire',
          },
          ...(partenaires.data ?? []).map((structure) => ({
            value: structure.id,
            label: structure.type_partenaire == null ? structure.nom : `${structure.nom} (${typePartenaireLabels[structure.type_partenaire]})`,
          })),
        ];

  return (
    <form onSubmit={submit} aria-label="Demande d’orientation" noValidate>
      <Stack gap="md" maw={620}>
        {error !== null && (
          <Alert color="red" variant="light" role="alert" title="Le brouillon n’a pas été enregistré">
            {errorMessage(error)}
          </Alert>
        )}
        <NativeSelect
          label="Domaine"
          withAsterisk
          disabled={draft !== null}
          data={[{ value: '', label: 'Choisir un domaine' }, ...enumValues(domaineLabels).map((value) => ({ value, label: domaineLabels[value] }))]}
          value={values.domaine}
          error={errors.domaine}
          onChange={(event: ChangeEvent<HTMLSelectElement>) => {
            const value = event.currentTarget.value;
            setValues((previous) => ({ ...previous, domaine: isEnumValue(domaineLabels, value) ? value : '', partenaire_id: '' }));
          }}
        />
        <NativeSelect
          label="Partenaire"
          description={draft === null ? 'Les partenaires de ce domaine qui interviennent sur le territoire de la personne.' : undefined}
          withAsterisk
          disabled={draft !== null || values.domaine === ''}
          data={partenaireOptions}
          value={values.partenaire_id}
          error={errors.partenaire_id}
          onChange={(event: ChangeEvent<HTMLSelectElement>) => set('partenaire_id', event.currentTarget.value)}
        />
        <TextInput
          label="Motif"
          description="En une phrase, ce que vous demandez au partenaire."
          withAsterisk
          maxLength={300}
          value={values.motif}
          error={errors.motif}
          onChange={(event) => set('motif', event.currentTarget.value)}
        />
        <Radio.Group label="Urgence" value={values.urgence} onChange={(value) => set('urgence', value === 'urgente' ? 'urgente' : 'normale')}>
          <Group gap="lg" mt="xs">
            {enumValues(urgenceLabels).map((value) => (
              <Radio key={value} value={value} label={urgenceLabels[value]} className="touch-checkbox" />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label="Besoin"
          description="Ce dont la personne a besoin, avec ses mots si possible. Évitez tout détail de santé inutile."
          autosize
          minRows={3}
          maxLength={4000}
          value={values.besoin}
          error={errors.besoin}
          onChange={(event) => set('besoin', event.currentTarget.value)}
        />
        <Checkbox.Group
          label="Ce que le partenaire verra"
          description="Partagez le minimum utile. Vous verrez l’aperçu exact avant d’envoyer."
          value={values.partage}
          error={errors.partage}
          onChange={(value) => set('partage', value.filter((item): item is ElementPartage => isEnumValue(elementPartageLabels, item)))}
        >
          <Stack gap={0} mt="xs">
            {enumValues(elementPartageLabels).map((value) => (
              <Checkbox key={value} value={value} label={elementPartageLabels[value]} className="touch-checkbox" />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group gap="sm">
          <Button type="submit" loading={creer.isPending || modifier.isPending}>
            {draft === null ? 'Enregistrer et continuer' : 'Enregistrer les modifications'}
          </Button>
          {onCancel !== undefined && (
            <Button variant="default" onClick={onCancel}>
              Annuler les modifications
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function EtapeConsentement({
  draft,
  salarieId,
  personne,
  detail,
  onRecorded,
  onModifier,
}: {
  draft: Orientation;
  salarieId: string;
  personne: string;
  detail: string | null;
  onRecorded: () => void;
  onModifier: () => void;
}) {
  const partenaires = usePartenaires({});
  const partenaireNom = partenaires.data?.find((s) => s.id === draft.partenaire_id)?.nom ?? 'ce partenaire';
  const enregistrer = useEnregistrerConsentement(salarieId);
  const [date, setDate] = useState(todayIso());
  const [accord, setAccord] = useState(false);
  const [inclutSante, setInclutSante] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    const local: Record<string, string> = {};
    if (!accord) local.accord = 'Cochez cette case une fois l’accord de la personne recueilli.';
    if (date === '') local.date_recueil = 'Indiquez la date du recueil.';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    enregistrer.mutate(
      { type: 'partage_partenaire', partenaire_id: draft.partenaire_id, date_recueil: date, inclut_sante: draft.domaine === 'sante' && inclutSante },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Consentement enregistré', message: `Vérifiez l’aperçu puis envoyez.` });
          onRecorded();
        },
        onError: (failure) => {
          if (failure instanceof ApiError && Object.keys(failure.fieldErrors).length > 0) setErrors(failure.fieldErrors);
          else setError(failure);
        },
      },
    );
  };

  return (
    <Stack gap="md" component="section" aria-labelledby="consentement-titre">
      <Title order={2} id="consentement-titre">
        Consentement de la personne
      </Title>
      <Alert color="yellow" variant="light" styles={LISIBLE} title="Accord requis avant l’envoi">
        <Stack gap="xs">
          {detail !== null && <Text>{detail}</Text>}
          <Text>
            {personne} n’a pas donné son accord pour que des informations la concernant soient partagées avec {partenaireNom}. Expliquez-lui ce
            qui sera transmis et à qui, puis enregistrez son accord.
          </Text>
        </Stack>
      </Alert>
      {error !== null && (
        <Alert color="red" variant="light" role="alert" title="Le consentement n’a pas été enregistré">
          {errorMessage(error)}
        </Alert>
      )}
      <form onSubmit={submit} aria-label="Enregistrer le consentement" noValidate>
        <Stack gap="md" maw={560}>
          <Checkbox
            className="touch-checkbox"
            label={`${personne} accepte que les éléments choisis soient partagés avec ${partenaireNom}`}
            checked={accord}
            error={errors.accord}
            onChange={(event) => setAccord(event.currentTarget.checked)}
          />
          {draft.domaine === 'sante' && (
            <Checkbox
              className="touch-checkbox"
              label="L’accord couvre aussi les informations de santé (situation dans le domaine santé)"
              checked={inclutSante}
              onChange={(event) => setInclutSante(event.currentTarget.checked)}
            />
          )}
          <TextInput
            type="date"
            label="Date du recueil"
            withAsterisk
            max={todayIso()}
            value={date}
            error={errors.date_recueil}
            onChange={(event) => setDate(event.currentTarget.value)}
          />
          <Group gap="sm">
            <Button type="submit" loading={enregistrer.isPending}>
              Enregistrer le consentement
            </Button>
            <Button variant="default" onClick={onModifier}>
              Modifier la demande
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function EtapeApercu({
  draft,
  personne,
  onModifier,
  onConsentementRequis,
}: {
  draft: Orientation;
  personne: string;
  onModifier: () => void;
  onConsentementRequis: (detail: string) => void;
}) {
  const navigate = useNavigate();
  const apercu = useApercu(draft.id);
  const partenaires = usePartenaires({});
  const partenaireNom = partenaires.data?.find((s) => s.id === draft.partenaire_id)?.nom ?? 'Le partenaire';
  const envoyer = useEnvoyerOrientation(draft.id);
  const [error, setError] = useState<unknown>(null);

  const send = () => {
    setError(null);
    envoyer.mutate(undefined, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Orientation envoyée', message: `${partenaireNom} la voit dans ses orientations reçues.` });
        void navigate(`/orientations/${draft.id}`);
      },
      onError: (failure) => {
        if (isConsentementRequis(failure)) onConsentementRequis(errorMessage(failure));
        else setError(failure);
      },
    });
  };

  return (
    <Stack gap="md" component="section" aria-labelledby="apercu-titre">
      <Title order={2} id="apercu-titre">
        Ce que le partenaire verra
      </Title>
      <Text>
        {partenaireNom} recevra la demande « {draft.motif} » ({domaineLabels[draft.domaine]}, urgence {urgenceLabels[draft.urgence].toLowerCase()}) avec
        exactement ces informations sur {personne}, figées au moment de l’envoi :
      </Text>
      <Paper withBorder p="md" radius="md">
        {apercu.isPending ? (
          <LoadingState label="Préparation de l’aperçu…" />
        ) : apercu.isError ? (
          <ErrorState error={apercu.error} onRetry={() => void apercu.refetch()} />
        ) : (
          <DonneesPartageesView
            personne={apercu.data}
            domaine={draft.domaine}
            vide="Aucune information sur la personne : le partenaire ne verra que le domaine, le motif et l’urgence."
          />
        )}
      </Paper>
      {draft.partage.length > 0 && (
        <List size="sm">
          {draft.partage.map((element) => (
            <List.Item key={element}>{elementPartageLabels[element]}</List.Item>
          ))}
        </List>
      )}
      {error !== null && (
        <Alert color="red" variant="light" role="alert" title="L’orientation n’a pas été envoyée">
          {errorMessage(error)}
        </Alert>
      )}
      <Group gap="sm">
        <Button onClick={send} loading={envoyer.isPending} disabled={apercu.isPending}>
          Envoyer à {partenaireNom}
        </Button>
        <Button variant="default" onClick={onModifier}>
          Modifier la demande
        </Button>
      </Group>
      <Text size="sm">Le brouillon est enregistré : vous pouvez le reprendre plus tard depuis la liste des orientations.</Text>
    </Stack>
  );
}
