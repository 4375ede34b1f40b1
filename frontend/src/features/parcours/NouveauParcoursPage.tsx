import { Alert, Anchor, Breadcrumbs, Button, Checkbox, Group, List, NativeSelect, NumberInput, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import type { Prescripteur, Sexe, SituationLogement } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { inChantier, peutEtreReferent } from '../../app/permissions';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { groupeLogementLabels, prescripteurLabels, sexeLabels, situationLogementLabels } from '../../i18n/parcours';
import { formatDate } from '../../ui/formatters';
import { optionsOf, splitList } from './components';
import { GROUPE_DE_SITUATION } from '../../i18n/referentiel.generated';
import { aujourdhui, nomComplet } from './domain';
import { FormAlert, orNull, useFormFeedback } from './forms';
import { DoublonPossible, useCreerParcours, useCreerSalarie, useSalarie } from './useParcours';
import { useStructuresParType } from '../identity/useIdentity';

interface Identite {
  chantier_id: string;
  nom: string;
  prenoms: string;
  nom_usage: string;
  date_naissance: string;
  sexe: Sexe | '';
  telephone: string;
  courriel: string;
  adresse: string;
  domiciliation: string;
  langues: string;
}

/** Housing situations grouped like the HMIS ranges, for selects. */
export function situationLogementOptions() {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const [situation, groupe] of Object.entries(GROUPE_DE_SITUATION) as [SituationLogement, keyof typeof groupeLogementLabels][]) {
    const label = groupeLogementLabels[groupe];
    const items = groups.get(label) ?? [];
    items.push({ value: situation, label: situationLogementLabels[situation] });
    groups.set(label, items);
  }
  return [...groups.entries()].map(([group, items]) => ({ group, items }));
}

/** A new person and their parcours, in one flow: identity, duplicate check, parcours details. */
export function NouveauParcoursPage() {
  usePageTitle('Accueillir une personne');
  const moi = useMoi();
  const multiChantier = !inChantier(moi.role);
  const [identite, setIdentite] = useState<Identite>({
    chantier_id: multiChantier ? '' : moi.structure_id,
    nom: '',
    prenoms: '',
    nom_usage: '',
    date_naissance: '',
    sexe: '',
    telephone: '',
    courriel: '',
    adresse: '',
    domiciliation: '',
    langues: '',
  });
  const [salarieId, setSalarieId] = useState<string | null>(null);
  const [candidats, setCandidats] = useState<string[] | null>(null);

  return (
    <Stack gap="lg" maw={720}>
      <nav aria-label="Fil d'Ariane">
        <Breadcrumbs separator="›">
          <Anchor component={Link} to="/parcours">
            Salariés
          </Anchor>
          <Text span aria-current="page">
            Accueillir une personne
          </Text>
        </Breadcrumbs>
      </nav>
      <PageHeading>Accueillir une personne</PageHeading>
      <Text>
        {salarieId === null ? 'Étape 1 sur 2 : identité de la personne.' : 'Étape 2 sur 2 : entrée dans le parcours.'}
      </Text>
      {salarieId === null ? (
        <IdentiteStep
          identite={identite}
          onChange={setIdentite}
          multiChantier={multiChantier}
          candidats={candidats}
          onCandidats={setCandidats}
          onCreated={(id) => {
            setCandidats(null);
            setSalarieId(id);
          }}
        />
      ) : (
        <ParcoursStep salarieId={salarieId} chantierId={identite.chantier_id} />
      )}
    </Stack>
  );
}

function IdentiteStep({
  identite,
  onChange,
  multiChantier,
  candidats,
  onCandidats,
  onCreated,
}: {
  identite: Identite;
  onChange: (value: Identite) => void;
  multiChantier: boolean;
  candidats: string[] | null;
  onCandidats: (value: string[] | null) => void;
  onCreated: (salarieId: string) => void;
}) {
  const moi = useMoi();
  const creer = useCreerSalarie();
  const feedback = useFormFeedback();
  const chantiers = useStructuresParType(multiChantier ? 'chantier' : null);
  const set = <K extends keyof Identite>(name: K, value: Identite[K]) => {
    onChange({ ...identite, [name]: value });
    if (candidats !== null) onCandidats(null);
  };

  const envoyer = (confirmDistinct: boolean) => {
    feedback.reset();
    const missing: Record<string, string> = {};
    if (identite.chantier_id === '') missing.chantier_id = 'Choisissez le chantier.';
    if (identite.nom.trim() === '') missing.nom = 'Indiquez le nom.';
    if (identite.prenoms.trim() === '') missing.prenoms = 'Indiquez le ou les prénoms.';
    if (identite.date_naissance === '') missing.date_naissance = 'Indiquez la date de naissance.';
    if (Object.keys(missing).length > 0) {
      feedback.setErrors(missing);
      return;
    }
    creer.mutate(
      {
        chantier_id: identite.chantier_id,
        nom: identite.nom.trim(),
        prenoms: identite.prenoms.trim(),
        nom_usage: orNull(identite.nom_usage),
        date_naissance: identite.date_naissance,
        sexe: identite.sexe === '' ? null : identite.sexe,
        telephone: orNull(identite.telephone),
        courriel: orNull(identite.courriel),
        adresse: orNull(identite.adresse),
        domiciliation: orNull(identite.domiciliation),
        langues: splitList(identite.langues),
        confirm_distinct: confirmDistinct,
      },
      {
        onSuccess: (salarie) => onCreated(salarie.id),
        onError: (error) => {
          if (error instanceof DoublonPossible) onCandidats(error.candidats);
          else feedback.fromError(error);
        },
      },
    );
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    envoyer(false);
  };

  return (
    <Stack gap="md">
      <FormAlert title="La personne n'a pas été enregistrée" message={feedback.formError} />
      {candidats !== null && (
        <Alert color="orange" variant="light" className="avis-orange" role="alert" title="Cette personne existe peut-être déjà">
          <Stack gap="sm">
            <Text>
              Une personne du territoire porte un nom proche et la même date de naissance. Vérifiez avant de créer une nouvelle fiche.
            </Text>
            <List spacing="xs">
              {candidats.map((id) => (
                <Candidat key={id} salarieId={id} onChoisir={() => onCreated(id)} />
              ))}
            </List>
            <Group gap="sm">
              <Button variant="outline" color="dark" onClick={() => envoyer(true)} loading={creer.isPending}>
                Créer quand même
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <form onSubmit={submit} aria-label="Identité de la personne" noValidate>
        <Stack gap="md">
          {multiChantier ? (
            <NativeSelect
              label="Chantier"
              required
              data={[{ value: '', label: 'Choisir un chantier' }, ...(chantiers.data ?? []).map((c) => ({ value: c.id, label: c.nom }))]}
              value={identite.chantier_id}
              onChange={(event) => set('chantier_id', event.currentTarget.value)}
              error={feedback.errors.chantier_id}
            />
          ) : (
            <Text>
              Chantier : <strong>{moi.structure_nom}</strong>
            </Text>
          )}
          <TextInput label="Nom" required value={identite.nom} onChange={(e) => set('nom', e.currentTarget.value)} error={feedback.errors.nom} autoComplete="off" />
          <TextInput
            label="Prénoms"
            required
            value={identite.prenoms}
            onChange={(e) => set('prenoms', e.currentTarget.value)}
            error={feedback.errors.prenoms}
            autoComplete="off"
          />
          <TextInput label="Nom d'usage" value={identite.nom_usage} onChange={(e) => set('nom_usage', e.currentTarget.value)} error={feedback.errors.nom_usage} />
          <TextInput
            label="Date de naissance"
            type="date"
            required
            value={identite.date_naissance}
            onChange={(e) => set('date_naissance', e.currentTarget.value)}
            error={feedback.errors.date_naissance}
            max={aujourdhui()}
          />
          <NativeSelect
            label="Sexe"
            data={[{ value: '', label: 'Non renseigné' }, ...optionsOf(sexeLabels)]}
            value={identite.sexe}
            onChange={(e) => set('sexe', e.currentTarget.value as Sexe | '')}
            error={feedback.errors.sexe}
          />
          <TextInput label="Téléphone" type="tel" value={identite.telephone} onChange={(e) => set('telephone', e.currentTarget.value)} error={feedback.errors.telephone} />
          <TextInput label="Courriel" type="email" value={identite.courriel} onChange={(e) => set('courriel', e.currentTarget.value)} error={feedback.errors.courriel} />
          <TextInput label="Adresse" value={identite.adresse} onChange={(e) => set('adresse', e.currentTarget.value)} error={feedback.errors.adresse} />
          <TextInput
            label="Domiciliation"
            description="Organisme qui reçoit le courrier, le cas échéant"
            value={identite.domiciliation}
            onChange={(e) => set('domiciliation', e.currentTarget.value)}
            error={feedback.errors.domiciliation}
          />
          <TextInput
            label="Langues parlées"
            description="Séparées par des virgules"
            value={identite.langues}
            onChange={(e) => set('langues', e.currentTarget.value)}
            error={feedback.errors.langues}
          />
          <div>
            <Button type="submit" loading={creer.isPending && candidats === null}>
              Continuer
            </Button>
          </div>
        </Stack>
      </form>
    </Stack>
  );
}

function Candidat({ salarieId, onChoisir }: { salarieId: string; onChoisir: () => void }) {
  const query = useSalarie(salarieId);
  const salarie = query.data?.salarie;
  const nom = salarie === undefined ? 'Personne existante' : nomComplet(salarie);
  return (
    <List.Item>
      <Stack gap={4}>
        <Text fw={600}>
          {nom}
          {salarie !== undefined && ` (née ou né le ${formatDate(salarie.date_naissance)})`}
        </Text>
        <Group gap="sm">
          {salarie !== undefined && (
            <Anchor component={Link} to={`/parcours?q=${encodeURIComponent(`${salarie.nom} ${salarie.prenoms}`)}&statut=`} className="cell-link">
              Voir les parcours de {nom}
            </Anchor>
          )}
          <Button variant="subtle" onClick={onChoisir}>
            Ouvrir un parcours pour {nom}
          </Button>
        </Group>
      </Stack>
    </List.Item>
  );
}

function ParcoursStep({ salarieId, chantierId }: { salarieId: string; chantierId: string }) {
  const moi = useMoi();
  const navigate = useNavigate();
  const creer = useCreerParcours();
  const feedback = useFormFeedback();
  const salarie = useSalarie(salarieId);
  const [dateEntree, setDateEntree] = useState(aujourdhui());
  const [prescripteur, setPrescripteur] = useState<Prescripteur | ''>('');
  const [precision, setPrecision] = useState('');
  const [rue, setRue] = useState<'oui' | 'non' | ''>('');
  const [dureeRue, setDureeRue] = useState<number | string>('');
  const [logement, setLogement] = useState<SituationLogement | ''>('');
  const [jeSuisReferent, setJeSuisReferent] = useState(peutEtreReferent(moi));
  const chantier = salarie.data?.salarie.chantier_id ?? chantierId;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    const missing: Record<string, string> = {};
    if (dateEntree === '') missing.date_entree = "Indiquez la date d'entrée.";
    if (prescripteur === '') missing.prescripteur = 'Choisissez le prescripteur.';
    if (logement === '') missing.logement_entree = "Choisissez la situation de logement à l'entrée.";
    if (Object.keys(missing).length > 0 || prescripteur === '' || logement === '') {
      feedback.setErrors(missing);
      return;
    }
    creer.mutate(
      {
        salarie_id: salarieId,
        chantier_id: chantier,
        referent_id: jeSuisReferent ? moi.id : null,
        date_entree: dateEntree,
        prescripteur,
        prescripteur_precision: orNull(precision),
        parcours_de_rue: rue === 'oui',
        duree_rue_mois: rue === 'oui' && dureeRue !== '' ? Number(dureeRue) : null,
        logement_entree: logement,
      },
      {
        onSuccess: (parcours) => {
          notifications.show({ color: 'green', title: 'Parcours ouvert', message: "Remplissez maintenant le diagnostic d'entrée." });
          void navigate(`/parcours/${parcours.id}?onglet=diagnostics`);
        },
        onError: feedback.fromError,
      },
    );
  };

  return (
    <Stack gap="md">
      {salarie.data !== undefined && (
        <Alert color="blue" variant="light" className="avis-bleu" title="Personne enregistrée">
          {nomComplet(salarie.data.salarie)}, née ou né le {formatDate(salarie.data.salarie.date_naissance)}.
        </Alert>
      )}
      <FormAlert title="Le parcours n'a pas été ouvert" message={feedback.formError} />
      {feedback.code === 'parcours_ouvert_existant' && (
        <Anchor component={Link} to={`/parcours?q=${encodeURIComponent(salarie.data?.salarie.nom ?? '')}`} className="cell-link">
          Retrouver le parcours ouvert de cette personne
        </Anchor>
      )}
      <form onSubmit={submit} aria-label="Entrée dans le parcours" noValidate>
        <Stack gap="md">
          <Title order={2}>Entrée dans le parcours</Title>
          <TextInput
            label="Date d'entrée"
            type="date"
            required
            value={dateEntree}
            max={aujourdhui()}
            onChange={(e) => setDateEntree(e.currentTarget.value)}
            error={feedback.errors.date_entree}
          />
          <NativeSelect
            label="Prescripteur"
            required
            data={[{ value: '', label: 'Choisir' }, ...optionsOf(prescripteurLabels)]}
            value={prescripteur}
            onChange={(e) => setPrescripteur(e.currentTarget.value as Prescripteur | '')}
            error={feedback.errors.prescripteur}
          />
          <TextInput
            label="Précision sur le prescripteur"
            description="Par exemple le nom de la maraude ou de l'accueil de jour"
            value={precision}
            onChange={(e) => setPrecision(e.currentTarget.value)}
            error={feedback.errors.prescripteur_precision}
          />
          <Radio.Group label="Parcours de rue" description="La personne a-t-elle vécu à la rue ?" value={rue} onChange={(value) => setRue(value as 'oui' | 'non')} error={feedback.errors.parcours_de_rue}>
            <Group gap="lg" mt="xs" className="touch-choice">
              <Radio value="oui" label="Oui" />
              <Radio value="non" label="Non" />
            </Group>
          </Radio.Group>
          {rue === 'oui' && (
            <NumberInput
              label="Durée à la rue (en mois)"
              min={0}
              max={600}
              allowDecimal={false}
              value={dureeRue}
              onChange={setDureeRue}
              error={feedback.errors.duree_rue_mois}
            />
          )}
          <NativeSelect
            label="Logement à l'entrée"
            required
            data={[{ value: '', label: 'Choisir une situation' }, ...situationLogementOptions()]}
            value={logement}
            onChange={(e) => setLogement(e.currentTarget.value as SituationLogement | '')}
            error={feedback.errors.logement_entree}
          />
          {peutEtreReferent(moi) && (
            <Checkbox
              className="touch-checkbox"
              label="Je suis la ou le référent·e de ce parcours"
              checked={jeSuisReferent}
              onChange={(e) => setJeSuisReferent(e.currentTarget.checked)}
              error={feedback.errors.referent_id}
            />
          )}
          <div>
            <Button type="submit" loading={creer.isPending}>
              Ouvrir le parcours
            </Button>
          </div>
        </Stack>
      </form>
    </Stack>
  );
}
