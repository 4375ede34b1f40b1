import { Button, DataList, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';

import { ApiError } from '../../../api/problem';
import type { Parcours, Salarie, Sexe } from '../../../api/types';
import { messages } from '../../../i18n/messages';
import { prescripteurLabels, sexeLabels, situationLogementLabels } from '../../../i18n/parcours';
import { ErrorState, LoadingState } from '../../../ui/QueryState';
import { DateFr, optionsOf, splitList } from '../components';
import { DUREE_NORME_MOIS, formatDuree } from '../domain';
import { SEUILS } from '../../../i18n/referentiel.generated';
import { FormAlert, orNull, useFormFeedback } from '../forms';
import { useModifierParcours, useModifierSalarie, useSalarie } from '../useParcours';

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function value(text: string | null | undefined): string {
  return text == null || text === '' ? messages.notAvailable : text;
}

export function IdentiteTab({ parcours, etag: parcoursEtag, ecrit }: { parcours: Parcours; etag: string | null; ecrit: boolean }) {
  const query = useSalarie(parcours.salarie.id);
  const [edition, setEdition] = useState(false);
  if (query.isPending) return <LoadingState label="Chargement de l'identité…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const { salarie, etag } = query.data;
  return (
    <Stack gap="md">
      <Title order={2}>Identité et entrée</Title>
      {edition ? (
        <IdentiteForm salarie={salarie} etag={etag} onDone={() => setEdition(false)} onReload={() => void query.refetch()} />
      ) : (
        <>
          <DataList labelWidth="220px">
            <Item label="Nom">{salarie.nom}</Item>
            <Item label="Prénoms">{salarie.prenoms}</Item>
            <Item label="Nom d'usage">{value(salarie.nom_usage)}</Item>
            <Item label="Date de naissance">
              <DateFr value={salarie.date_naissance} />
            </Item>
            <Item label="Sexe">{salarie.sexe === null ? messages.notAvailable : sexeLabels[salarie.sexe]}</Item>
            <Item label="Téléphone">{value(salarie.telephone)}</Item>
            <Item label="Courriel">{value(salarie.courriel)}</Item>
            <Item label="Adresse">{value(salarie.adresse)}</Item>
            <Item label="Domiciliation">{value(salarie.domiciliation)}</Item>
            <Item label="Langues">{salarie.langues.length === 0 ? messages.notAvailable : salarie.langues.join(', ')}</Item>
            {parcours.prescripteur != null && (
              <Item label="Prescripteur">
                {prescripteurLabels[parcours.prescripteur]}
                {parcours.prescripteur_precision != null && ` (${parcours.prescripteur_precision})`}
              </Item>
            )}
            {parcours.parcours_de_rue != null && (
              <Item label="Parcours de rue">
                {parcours.parcours_de_rue ? `Oui${parcours.duree_rue_mois != null ? `, ${formatDuree(parcours.duree_rue_mois)}` : ''}` : 'Non'}
              </Item>
            )}
            {parcours.logement_entree != null && <Item label="Logement à l'entrée">{situationLogementLabels[parcours.logement_entree]}</Item>}
            {parcours.logement_sortie != null && <Item label="Logement à la sortie">{situationLogementLabels[parcours.logement_sortie]}</Item>}
            {parcours.employeur_sortie != null && <Item label="Employeur à la sortie">{parcours.employeur_sortie}</Item>}
            {parcours.justification_duree != null && <Item label="Justification de la durée">{parcours.justification_duree}</Item>}
          </DataList>
          {ecrit && (
            <div>
              <Button variant="outline" onClick={() => setEdition(true)}>
                Modifier l'identité
              </Button>
            </div>
          )}
          {ecrit && parcours.statut !== 'clos' && parcours.duree_mois >= DUREE_NORME_MOIS - 6 && <JustificationForm parcours={parcours} etag={parcoursEtag} />}
        </>
      )}
    </Stack>
  );
}

function IdentiteForm({ salarie, etag, onDone, onReload }: { salarie: Salarie; etag: string | null; onDone: () => void; onReload: () => void }) {
  const modifier = useModifierSalarie(salarie.id);
  const feedback = useFormFeedback();
  const [form, setForm] = useState({
    nom: salarie.nom,
    prenoms: salarie.prenoms,
    nom_usage: salarie.nom_usage ?? '',
    date_naissance: salarie.date_naissance,
    sexe: salarie.sexe ?? '',
    telephone: salarie.telephone ?? '',
    courriel: salarie.courriel ?? '',
    adresse: salarie.adresse ?? '',
    domiciliation: salarie.domiciliation ?? '',
    langues: salarie.langues.join(', '),
  });
  const set = (name: keyof typeof form, value: string) => setForm({ ...form, [name]: value });
  const [stale, setStale] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    modifier.mutate(
      {
        etag,
        changes: {
          nom: form.nom.trim(),
          prenoms: form.prenoms.trim(),
          nom_usage: orNull(form.nom_usage),
          date_naissance: form.date_naissance,
          sexe: form.sexe === '' ? null : (form.sexe as Sexe),
          telephone: orNull(form.telephone),
          courriel: orNull(form.courriel),
          adresse: orNull(form.adresse),
          domiciliation: orNull(form.domiciliation),
          langues: splitList(form.langues),
        },
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Identité enregistrée', message: 'Les changements sont enregistrés.' });
          onDone();
        },
        onError: (error) => {
          setStale(error instanceof ApiError && error.status === 412);
          feedback.fromError(error);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Modifier l'identité" noValidate>
      <Stack gap="sm" maw={560}>
        <FormAlert title="L'identité n'a pas été enregistrée" message={stale ? messages.staleVersion.replace('Ce compte', 'Cette fiche') : feedback.formError} />
        {stale && (
          <div>
            <Button variant="outline" onClick={onReload}>
              Recharger
            </Button>
          </div>
        )}
        <TextInput label="Nom" required value={form.nom} onChange={(e) => set('nom', e.currentTarget.value)} error={feedback.errors.nom} />
        <TextInput label="Prénoms" required value={form.prenoms} onChange={(e) => set('prenoms', e.currentTarget.value)} error={feedback.errors.prenoms} />
        <TextInput label="Nom d'usage" value={form.nom_usage} onChange={(e) => set('nom_usage', e.currentTarget.value)} error={feedback.errors.nom_usage} />
        <TextInput label="Date de naissance" type="date" required value={form.date_naissance} onChange={(e) => set('date_naissance', e.currentTarget.value)} error={feedback.errors.date_naissance} />
        <NativeSelect label="Sexe" data={[{ value: '', label: 'Non renseigné' }, ...optionsOf(sexeLabels)]} value={form.sexe} onChange={(e) => set('sexe', e.currentTarget.value)} />
        <TextInput label="Téléphone" type="tel" value={form.telephone} onChange={(e) => set('telephone', e.currentTarget.value)} error={feedback.errors.telephone} />
        <TextInput label="Courriel" type="email" value={form.courriel} onChange={(e) => set('courriel', e.currentTarget.value)} error={feedback.errors.courriel} />
        <TextInput label="Adresse" value={form.adresse} onChange={(e) => set('adresse', e.currentTarget.value)} error={feedback.errors.adresse} />
        <TextInput label="Domiciliation" value={form.domiciliation} onChange={(e) => set('domiciliation', e.currentTarget.value)} error={feedback.errors.domiciliation} />
        <TextInput label="Langues parlées" description="Séparées par des virgules" value={form.langues} onChange={(e) => set('langues', e.currentTarget.value)} />
        <Group gap="sm">
          <Button type="submit" loading={modifier.isPending}>
            Enregistrer
          </Button>
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
        </Group>
        <Text size="sm">Les changements sont tracés dans le journal d'audit.</Text>
      </Stack>
    </form>
  );
}

/** Past 24 months a parcours carries a written justification (Convergence's adapted duration). */
function JustificationForm({ parcours, etag }: { parcours: Parcours; etag: string | null }) {
  const modifier = useModifierParcours(parcours.id);
  const feedback = useFormFeedback();
  const [texte, setTexte] = useState(parcours.justification_duree ?? '');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    modifier.mutate(
      { etag, changes: { justification_duree: orNull(texte) } },
      {
        onSuccess: () => notifications.show({ color: 'green', title: 'Justification enregistrée', message: `Le parcours peut dépasser ${DUREE_NORME_MOIS} mois.` }),
        onError: feedback.fromError,
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Justification de la durée" noValidate>
      <Stack gap="sm" maw={640}>
        <Title order={3}>Justification de la durée</Title>
        <Text size="sm">
          Au-delà de {DUREE_NORME_MOIS} mois, le parcours doit être justifié par écrit ; il ne peut pas dépasser {formatDuree(SEUILS.duree_max_mois)}.
        </Text>
        <FormAlert title="La justification n'a pas été enregistrée" message={feedback.formError} />
        <Textarea label="Justification" autosize minRows={3} value={texte} onChange={(e) => setTexte(e.currentTarget.value)} error={feedback.errors.justification_duree} />
        <div>
          <Button type="submit" variant="outline" loading={modifier.isPending}>
            Enregistrer la justification
          </Button>
        </div>
      </Stack>
    </form>
  );
}
