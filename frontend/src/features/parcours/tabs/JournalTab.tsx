import { Badge, Button, Checkbox, Group, NativeSelect, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';

import type { Confidentialite, Parcours, TypeEntretien, TypeJournal } from '../../../api/types';
import { useMoi } from '../../../app/auth/AuthProvider';
import { isEnumValue } from '../../../i18n/labels';
import { messages } from '../../../i18n/messages';
import { confidentialiteLabels, typeEntretienLabels, typeJournalLabels } from '../../../i18n/parcours';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState, LoadingState } from '../../../ui/QueryState';
import { toneColors } from '../../../ui/statut';
import { DateFr, optionsOf, splitList } from '../components';
import { aujourdhui } from '../domain';
import { FormAlert, orNull, useFormFeedback } from '../forms';
import { useAjouterEntretien, useAjouterNote, useAjouterSynthese, useJournal, useReferentsExternes } from '../useParcours';

/** Kinds of meetings (free text in the API, a short list here). */

type Formulaire = 'entretien' | 'note' | 'synthese' | null;

export function JournalTab({ parcours }: { parcours: Parcours }) {
  const [type, setType] = useState<TypeJournal | null>(null);
  const [formulaire, setFormulaire] = useState<Formulaire>(null);
  const journal = useJournal(parcours.id, type);
  const entries = journal.data?.pages.flatMap((page) => page.items) ?? [];
  const ouvert = parcours.statut !== 'clos';

  return (
    <Stack gap="md">
      <Title order={2}>Journal du parcours</Title>
      {ouvert && (
        <Group gap="sm">
          <Button variant={formulaire === 'entretien' ? 'filled' : 'outline'} onClick={() => setFormulaire(formulaire === 'entretien' ? null : 'entretien')} aria-expanded={formulaire === 'entretien'}>
            Nouvel entretien
          </Button>
          <Button variant={formulaire === 'note' ? 'filled' : 'outline'} onClick={() => setFormulaire(formulaire === 'note' ? null : 'note')} aria-expanded={formulaire === 'note'}>
            Nouvelle note
          </Button>
          <Button variant={formulaire === 'synthese' ? 'filled' : 'outline'} onClick={() => setFormulaire(formulaire === 'synthese' ? null : 'synthese')} aria-expanded={formulaire === 'synthese'}>
            Nouvelle synthèse
          </Button>
        </Group>
      )}
      {formulaire === 'entretien' && <EntretienForm parcours={parcours} onDone={() => setFormulaire(null)} />}
      {formulaire === 'note' && <NoteForm parcours={parcours} onDone={() => setFormulaire(null)} />}
      {formulaire === 'synthese' && <SyntheseForm parcours={parcours} onDone={() => setFormulaire(null)} />}

      <NativeSelect
        label="Type d'entrée"
        data={[{ value: '', label: 'Toutes les entrées' }, ...optionsOf(typeJournalLabels)]}
        value={type ?? ''}
        onChange={(e) => setType(isEnumValue(typeJournalLabels, e.currentTarget.value) ? e.currentTarget.value : null)}
        w={{ base: '100%', xs: 260 }}
      />
      {journal.isPending ? (
        <LoadingState label="Chargement du journal…" />
      ) : journal.isError && entries.length === 0 ? (
        <ErrorState error={journal.error} onRetry={() => void journal.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title="Aucune entrée dans le journal" description="Enregistrez un entretien ou une note pour garder la trace de l'accompagnement." />
      ) : (
        <Stack gap="sm" component="ol" className="plain-list" aria-label="Entrées du journal, les plus récentes d'abord">
          {entries.map((entry) => (
            <li key={entry.id} className="journal-entry">
              <Stack gap={2}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={700}>
                    <DateFr value={entry.date} />
                  </Text>
                  <Badge variant="outline" color="dark" tt="none" radius="sm">
                    {typeJournalLabels[entry.type]}
                  </Badge>
                  {entry.confidentialite === 'restreint' && (
                    <Badge color={toneColors.danger} autoContrast={false} variant="filled" tt="none" radius="sm">
                      <span aria-hidden="true">🔒</span> Restreinte
                    </Badge>
                  )}
                </Group>
                <Text fw={600}>{entry.titre}</Text>
                {entry.texte != null && entry.texte !== '' && <Text className="journal-texte">{entry.texte}</Text>}
              </Stack>
            </li>
          ))}
        </Stack>
      )}
      {journal.hasNextPage && (
        <div>
          <Button variant="outline" loading={journal.isFetchingNextPage} onClick={() => void journal.fetchNextPage()}>
            {messages.loadMore}
          </Button>
        </div>
      )}
    </Stack>
  );
}

function EntretienForm({ parcours, onDone }: { parcours: Parcours; onDone: () => void }) {
  const ajouter = useAjouterEntretien(parcours.id);
  const feedback = useFormFeedback();
  const [date, setDate] = useState(aujourdhui());
  const [typeEntretien, setTypeEntretien] = useState<TypeEntretien>('individuel');
  const [participants, setParticipants] = useState('');
  const [texte, setTexte] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    ajouter.mutate(
      { date, type_entretien: typeEntretien, participants: splitList(participants), texte: orNull(texte) },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Entretien enregistré', message: 'Il apparaît dans le journal.' });
          onDone();
        },
        onError: feedback.fromError,
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Nouvel entretien">
      <Stack gap="sm" maw={640}>
        <Title order={3}>Nouvel entretien</Title>
        <FormAlert title="L'entretien n'a pas été enregistré" message={feedback.formError} />
        <TextInput label="Date de l'entretien" type="date" required value={date} max={aujourdhui()} onChange={(e) => setDate(e.currentTarget.value)} error={feedback.errors.date} />
        <NativeSelect
          label="Type d'entretien"
          data={Object.entries(typeEntretienLabels).map(([value, label]) => ({ value, label }))}
          value={typeEntretien}
          onChange={(e) => setTypeEntretien(e.currentTarget.value as TypeEntretien)}
          error={feedback.errors.type_entretien}
        />
        <TextInput
          label="Participants"
          description="Séparés par des virgules"
          value={participants}
          onChange={(e) => setParticipants(e.currentTarget.value)}
          error={feedback.errors.participants}
        />
        <Textarea label="Compte rendu" autosize minRows={4} value={texte} onChange={(e) => setTexte(e.currentTarget.value)} error={feedback.errors.texte} />
        <Group gap="sm">
          <Button type="submit" loading={ajouter.isPending}>
            Enregistrer l'entretien
          </Button>
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NoteForm({ parcours, onDone }: { parcours: Parcours; onDone: () => void }) {
  const ajouter = useAjouterNote(parcours.id);
  const feedback = useFormFeedback();
  const [date, setDate] = useState(aujourdhui());
  const [titre, setTitre] = useState('');
  const [texte, setTexte] = useState('');
  const [confidentialite, setConfidentialite] = useState<Confidentialite>('normale');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    ajouter.mutate(
      { date, titre: titre.trim(), texte, confidentialite },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Note enregistrée', message: 'Elle apparaît dans le journal.' });
          onDone();
        },
        onError: feedback.fromError,
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Nouvelle note">
      <Stack gap="sm" maw={640}>
        <Title order={3}>Nouvelle note</Title>
        <FormAlert title="La note n'a pas été enregistrée" message={feedback.formError} />
        <TextInput label="Date" type="date" required value={date} max={aujourdhui()} onChange={(e) => setDate(e.currentTarget.value)} error={feedback.errors.date} />
        <TextInput label="Titre" required value={titre} onChange={(e) => setTitre(e.currentTarget.value)} error={feedback.errors.titre} />
        <Textarea label="Texte" required autosize minRows={4} value={texte} onChange={(e) => setTexte(e.currentTarget.value)} error={feedback.errors.texte} />
        <Radio.Group
          label="Confidentialité"
          description="Une note restreinte n'est lue que par l'équipe d'accompagnement du chantier."
          value={confidentialite}
          onChange={(value) => setConfidentialite(value as Confidentialite)}
        >
          <Group gap="lg" mt="xs" className="touch-choice">
            {(Object.keys(confidentialiteLabels) as Confidentialite[]).map((value) => (
              <Radio key={value} value={value} label={confidentialiteLabels[value]} />
            ))}
          </Group>
        </Radio.Group>
        <Group gap="sm">
          <Button type="submit" loading={ajouter.isPending}>
            Enregistrer la note
          </Button>
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SyntheseForm({ parcours, onDone }: { parcours: Parcours; onDone: () => void }) {
  const moi = useMoi();
  const ajouter = useAjouterSynthese(parcours.id);
  const referents = useReferentsExternes(parcours.salarie.id);
  const feedback = useFormFeedback();
  const [date, setDate] = useState(aujourdhui());
  const [presentMoi, setPresentMoi] = useState(true);
  const [externes, setExternes] = useState<string[]>([]);
  const [decisions, setDecisions] = useState('');
  const [etapes, setEtapes] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    ajouter.mutate(
      {
        date,
        participants_internes: presentMoi ? [moi.id] : [],
        referents_externes: externes,
        decisions,
        prochaines_etapes: orNull(etapes),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Synthèse enregistrée', message: 'Elle apparaît dans le journal.' });
          onDone();
        },
        onError: feedback.fromError,
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Nouvelle synthèse">
      <Stack gap="sm" maw={640}>
        <Title order={3}>Nouvelle synthèse concertée</Title>
        <FormAlert title="La synthèse n'a pas été enregistrée" message={feedback.formError} />
        <TextInput label="Date de la réunion" type="date" required value={date} max={aujourdhui()} onChange={(e) => setDate(e.currentTarget.value)} error={feedback.errors.date} />
        <Checkbox className="touch-checkbox" label="J'ai participé à la réunion" checked={presentMoi} onChange={(e) => setPresentMoi(e.currentTarget.checked)} />
        <Checkbox.Group label="Référents externes présents" value={externes} onChange={setExternes} error={feedback.errors.referents_externes}>
          <Stack gap={0} mt="xs" className="touch-choice">
            {(referents.data ?? []).length === 0 && <Text size="sm">Aucun référent externe enregistré (onglet « Référents externes »).</Text>}
            {(referents.data ?? []).map((referent) => (
              <Checkbox key={referent.id} value={referent.id} label={`${referent.nom}${referent.organisation != null ? ` (${referent.organisation})` : ''}`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Textarea label="Décisions" required autosize minRows={3} value={decisions} onChange={(e) => setDecisions(e.currentTarget.value)} error={feedback.errors.decisions} />
        <Textarea label="Prochaines étapes" autosize minRows={2} value={etapes} onChange={(e) => setEtapes(e.currentTarget.value)} error={feedback.errors.prochaines_etapes} />
        <Group gap="sm">
          <Button type="submit" loading={ajouter.isPending}>
            Enregistrer la synthèse
          </Button>
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
