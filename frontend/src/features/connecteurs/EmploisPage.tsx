import { Alert, Anchor, Button, Checkbox, Group, List, NativeSelect, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';

import type { ArriveeEmplois, Prescripteur, SituationLogement } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { can } from '../../app/permissions';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { prescripteurLabels } from '../../i18n/parcours';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime, formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { DateFr, optionsOf } from '../parcours/components';
import { aujourdhui } from '../parcours/domain';
import { FormAlert, useFormFeedback } from '../parcours/forms';
import { situationLogementOptions } from '../parcours/NouveauParcoursPage';
import { useAccueillir, useArrivees, useConnexion, useEnregistrerConnexion, useSynchroniser, useTesterConnexion } from './useConnecteurs';

const ADRESSES = [
  { value: 'https://emplois.inclusion.beta.gouv.fr', label: 'Production (emplois.inclusion.beta.gouv.fr)' },
  { value: 'https://demo.emplois.inclusion.beta.gouv.fr', label: 'Démo (demo.emplois.inclusion.beta.gouv.fr)' },
];

/** A chantier's Les emplois page: its connection (direction) and the arrivals to welcome. */
export function EmploisPage() {
  usePageTitle('Les emplois de l’inclusion');
  const moi = useMoi();
  const params = useParams();
  const chantierId = params.chantierId ?? moi.structure_id;
  const gereConnexion = can(moi, 'emplois:connexion');
  return (
    <Stack gap="xl" maw={960}>
      <PageHeading>Les emplois de l’inclusion</PageHeading>
      {gereConnexion && <Connexion chantierId={chantierId} />}
      <Arrivees chantierId={chantierId} />
    </Stack>
  );
}

function Connexion({ chantierId }: { chantierId: string }) {
  const query = useConnexion(chantierId);
  const enregistrer = useEnregistrerConnexion(chantierId);
  const tester = useTesterConnexion(chantierId);
  const synchroniser = useSynchroniser(chantierId);
  const feedback = useFormFeedback();
  const [form, setForm] = useState({ base_url: '', username: '', password: '' });

  if (query.isPending) return <LoadingState label="Chargement de la connexion…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const { connexion, etag } = query.data;
  const baseUrl = form.base_url || connexion.base_url || ADRESSES[0]!.value;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    enregistrer.mutate(
      { body: { base_url: baseUrl, username: form.username, password: form.password }, etag },
      {
        onSuccess: () => setForm({ base_url: '', username: '', password: '' }),
        onError: (error) => feedback.fromError(error),
      },
    );
  };
  const rapport = connexion.dernier_rapport;

  return (
    <Stack gap="md" component="section" aria-labelledby="connexion-titre">
      <Title order={2} id="connexion-titre">
        Connexion du chantier
      </Title>
      <Text>
        {connexion.configuree
          ? `Compte employeur renseigné${connexion.identifiants_renseignes ? '' : ' (à renseigner à nouveau)'} — ${connexion.base_url ?? ''}. Synchronisation automatique toutes les ${formatNumber(connexion.synchro_toutes_les_minutes)} minutes.`
          : 'Aucune connexion : renseignez le compte employeur du chantier sur Les emplois de l’inclusion.'}
      </Text>
      <form onSubmit={submit} aria-label="Compte employeur des emplois" noValidate>
        <Stack gap="sm" maw={520}>
          <FormAlert title="La connexion n'a pas été enregistrée" message={feedback.formError} />
          <NativeSelect
            label="Adresse des emplois"
            data={ADRESSES}
            value={baseUrl}
            onChange={(event) => setForm({ ...form, base_url: event.currentTarget.value })}
            error={feedback.errors['body.base_url']}
          />
          <TextInput
            label="Identifiant du compte employeur"
            description="Compte ProConnect : __token__, et un jeton d'API comme mot de passe."
            required
            autoComplete="off"
            value={form.username}
            onChange={(event) => setForm({ ...form, username: event.currentTarget.value })}
            error={feedback.errors['body.username']}
          />
          <PasswordInput
            label="Mot de passe"
            description="Chiffré sur le serveur, jamais réaffiché."
            required
            autoComplete="new-password"
            visibilityToggleButtonProps={{ 'aria-label': 'Afficher ou masquer le mot de passe' }}
            value={form.password}
            onChange={(event) => setForm({ ...form, password: event.currentTarget.value })}
            error={feedback.errors['body.password']}
          />
          <Group>
            <Button type="submit" loading={enregistrer.isPending}>
              Enregistrer
            </Button>
          </Group>
        </Stack>
      </form>
      {connexion.configuree && (
        <Group>
          <Button variant="outline" onClick={() => tester.mutate()} loading={tester.isPending}>
            Tester la connexion
          </Button>
          <Button variant="outline" onClick={() => synchroniser.mutate()} loading={synchroniser.isPending}>
            Synchroniser maintenant
          </Button>
        </Group>
      )}
      {tester.data && (
        <Alert color={tester.data.reussi ? 'green' : 'red'} variant="light" role="status" title="Test de la connexion">
          {tester.data.message}
        </Alert>
      )}
      {(tester.isError || synchroniser.isError) && (
        <ErrorState error={tester.error ?? synchroniser.error} onRetry={() => undefined} />
      )}
      {connexion.derniere_synchro_le && (
        <Stack gap={4} component="section" aria-labelledby="rapport-titre">
          <Title order={3} id="rapport-titre">
            Dernière synchronisation
          </Title>
          <Text>
            Le {formatDateTime(connexion.derniere_synchro_le)} : {rapport?.message ?? connexion.derniere_issue}
          </Text>
          {rapport && (
            <List spacing={2}>
              <List.Item>Fiches salarié lues : {formatNumber(rapport.fiches_lues ?? 0)}</List.Item>
              <List.Item>Arrivées créées : {formatNumber(rapport.arrivees_creees ?? 0)}</List.Item>
              <List.Item>Salariés connus mis à jour : {formatNumber(rapport.salaries_mis_a_jour ?? 0)}</List.Item>
              <List.Item>Fiches d’autres structures : {formatNumber(rapport.hors_chantier ?? 0)}</List.Item>
              <List.Item>Fiches ignorées : {formatNumber(rapport.ignorees ?? 0)}</List.Item>
              {(rapport.rejets ?? []).map((rejet, index) => (
                <List.Item key={index}>
                  Fiche n° {String(rejet.rang)} ignorée : {String(rejet.raison)}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function Arrivees({ chantierId }: { chantierId: string }) {
  const query = useArrivees(chantierId);
  const [ouverte, setOuverte] = useState<string | null>(null);
  return (
    <Stack gap="md" component="section" aria-labelledby="arrivees-titre">
      <Title order={2} id="arrivees-titre">
        Arrivées à accueillir
      </Title>
      <Text size="sm">
        Personnes embauchées sur Les emplois de l’inclusion, pas encore inscrites ici. Les consentements se recueillent avec la
        personne : ils ne sont pas importés.
      </Text>
      {query.isPending ? (
        <LoadingState label="Chargement des arrivées…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState title="Aucune arrivée à accueillir" description="Les embauches apparaissent ici après une synchronisation." />
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Personne</Table.Th>
              <Table.Th scope="col">Née le</Table.Th>
              <Table.Th scope="col">PASS IAE</Table.Th>
              <Table.Th scope="col">Situation déclarée</Table.Th>
              <Table.Th scope="col">Action</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {query.data.map((arrivee) => (
              <Table.Tr key={arrivee.id}>
                <Table.Td>
                  {arrivee.nom} {arrivee.prenoms}
                </Table.Td>
                <Table.Td>
                  <DateFr value={arrivee.date_naissance} />
                </Table.Td>
                <Table.Td>{arrivee.pass_iae ?? '—'}</Table.Td>
                <Table.Td>{(arrivee.situation_libelles ?? []).join(', ') || '—'}</Table.Td>
                <Table.Td>
                  <Button size="xs" onClick={() => setOuverte(arrivee.id)} aria-label={`Accueillir ${arrivee.nom} ${arrivee.prenoms}`}>
                    Accueillir
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {query.data?.find((a) => a.id === ouverte) && (
        <AccueilForm chantierId={chantierId} arrivee={query.data.find((a) => a.id === ouverte)!} onCancel={() => setOuverte(null)} />
      )}
    </Stack>
  );
}

function AccueilForm({ chantierId, arrivee, onCancel }: { chantierId: string; arrivee: ArriveeEmplois; onCancel: () => void }) {
  const accueillir = useAccueillir(chantierId);
  const feedback = useFormFeedback();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    date_entree: aujourdhui(),
    prescripteur: '' as Prescripteur | '',
    logement_entree: '' as SituationLogement | '',
    nom: arrivee.nom,
    prenoms: arrivee.prenoms,
    confirm_distinct: false,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    const missing: Record<string, string> = {};
    if (form.prescripteur === '') missing['body.prescripteur'] = 'Choisissez qui a orienté la personne.';
    if (form.logement_entree === '') missing['body.logement_entree'] = 'Indiquez la situation de logement.';
    if (Object.keys(missing).length > 0 || form.prescripteur === '' || form.logement_entree === '') {
      feedback.setErrors(missing);
      return;
    }
    accueillir.mutate(
      {
        arriveeId: arrivee.id,
        version: arrivee.version,
        body: {
          date_entree: form.date_entree,
          prescripteur: form.prescripteur,
          logement_entree: form.logement_entree,
          nom: form.nom,
          prenoms: form.prenoms,
          parcours_de_rue: false,
          confirm_distinct: form.confirm_distinct,
        },
      },
      {
        onSuccess: (out) => void navigate(`/parcours/${out.parcours_id}`),
        onError: (error) => feedback.fromError(error),
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label={`Accueillir ${arrivee.nom} ${arrivee.prenoms}`} noValidate>
      <Stack gap="sm" maw={520}>
        <Title order={3}>
          Accueillir {arrivee.nom} {arrivee.prenoms}
        </Title>
        <Text size="sm">
          La personne, son parcours (avec le PASS IAE) et, si la fiche le permet, un diagnostic d’entrée en brouillon (droits, emploi)
          sont créés. Les emplois envoie les noms sans accents : corrigez-les si besoin.
        </Text>
        <FormAlert title="La personne n'a pas été accueillie" message={feedback.formError} />
        <TextInput label="Nom" value={form.nom} onChange={(e) => setForm({ ...form, nom: e.currentTarget.value })} error={feedback.errors['body.nom']} />
        <TextInput
          label="Prénoms"
          value={form.prenoms}
          onChange={(e) => setForm({ ...form, prenoms: e.currentTarget.value })}
          error={feedback.errors['body.prenoms']}
        />
        <TextInput
          type="date"
          label="Date d’entrée"
          required
          value={form.date_entree}
          onChange={(e) => setForm({ ...form, date_entree: e.currentTarget.value })}
          error={feedback.errors['body.date_entree']}
        />
        <NativeSelect
          label="Orientée par"
          required
          data={[{ value: '', label: 'Choisir' }, ...optionsOf(prescripteurLabels)]}
          value={form.prescripteur}
          onChange={(e) => setForm({ ...form, prescripteur: e.currentTarget.value as Prescripteur })}
          error={feedback.errors['body.prescripteur']}
        />
        <NativeSelect
          label="Logement à l’entrée"
          required
          data={[{ value: '', label: 'Choisir une situation' }, ...situationLogementOptions()]}
          value={form.logement_entree}
          onChange={(e) => setForm({ ...form, logement_entree: e.currentTarget.value as SituationLogement })}
          error={feedback.errors['body.logement_entree']}
        />
        {feedback.code === 'doublon_possible' && (
          <Checkbox
            label="J’ai vérifié : c’est une autre personne, l’inscrire quand même"
            checked={form.confirm_distinct}
            onChange={(e) => setForm({ ...form, confirm_distinct: e.currentTarget.checked })}
          />
        )}
        <Group>
          <Button type="submit" loading={accueillir.isPending}>
            Confirmer l’accueil
          </Button>
          <Anchor component="button" type="button" onClick={onCancel}>
            Annuler
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}

