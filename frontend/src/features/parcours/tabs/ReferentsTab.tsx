import { Button, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';

import type { ReferentExterne } from '../../../api/types';
import { fonctionReferentLabels } from '../../../i18n/parcours';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState, LoadingState } from '../../../ui/QueryState';
import { DateFr, optionsOf } from '../components';
import { FormAlert, orNull, useFormFeedback } from '../forms';
import { useAjouterReferent, useReferentsExternes } from '../useParcours';

type Fonction = ReferentExterne['fonction'];

export function ReferentsTab({ salarieId }: { salarieId: string }) {
  const query = useReferentsExternes(salarieId);
  const [ajout, setAjout] = useState(false);
  return (
    <Stack gap="md">
      <Title order={2}>Référents externes</Title>
      <Text>Les professionnels qui suivent déjà la personne : ils sont associés aux synthèses.</Text>
      {query.isPending ? (
        <LoadingState label="Chargement des référents…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState title="Aucun référent externe" description="Ajoutez l'assistant·e social·e, le SPIP, le référent RSA… qui suivent la personne." />
      ) : (
        <Stack gap="sm" component="ul" className="plain-list" aria-label="Référents externes">
          {query.data.map((referent) => (
            <li key={referent.id} className="caseload-card">
              <Stack gap={2}>
                <Text fw={700}>
                  {referent.nom} — {fonctionReferentLabels[referent.fonction]}
                </Text>
                {referent.organisation !== null && <Text size="sm">{referent.organisation}</Text>}
                {(referent.telephone !== null || referent.courriel !== null) && (
                  <Text size="sm">{[referent.telephone, referent.courriel].filter((v) => v !== null).join(' · ')}</Text>
                )}
                {referent.depuis !== null && (
                  <Text size="sm">
                    Depuis le <DateFr value={referent.depuis} />
                  </Text>
                )}
              </Stack>
            </li>
          ))}
        </Stack>
      )}
      {ajout ? (
        <ReferentForm salarieId={salarieId} onDone={() => setAjout(false)} />
      ) : (
        <div>
          <Button variant="outline" onClick={() => setAjout(true)}>
            Ajouter un référent externe
          </Button>
        </div>
      )}
    </Stack>
  );
}

function ReferentForm({ salarieId, onDone }: { salarieId: string; onDone: () => void }) {
  const ajouter = useAjouterReferent(salarieId);
  const feedback = useFormFeedback();
  const [form, setForm] = useState({ nom: '', fonction: 'assistant_social' as Fonction, organisation: '', telephone: '', courriel: '', depuis: '', commentaire: '' });
  const set = (name: keyof typeof form, value: string) => setForm({ ...form, [name]: value });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    ajouter.mutate(
      {
        nom: form.nom.trim(),
        fonction: form.fonction,
        organisation: orNull(form.organisation),
        telephone: orNull(form.telephone),
        courriel: orNull(form.courriel),
        depuis: form.depuis === '' ? null : form.depuis,
        commentaire: orNull(form.commentaire),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Référent ajouté', message: form.nom });
          onDone();
        },
        onError: feedback.fromError,
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Nouveau référent externe" noValidate>
      <Stack gap="sm" maw={560}>
        <Title order={3}>Nouveau référent externe</Title>
        <FormAlert title="Le référent n'a pas été ajouté" message={feedback.formError} />
        <TextInput label="Nom" required value={form.nom} onChange={(e) => set('nom', e.currentTarget.value)} error={feedback.errors.nom} />
        <NativeSelect label="Fonction" data={optionsOf(fonctionReferentLabels)} value={form.fonction} onChange={(e) => set('fonction', e.currentTarget.value)} error={feedback.errors.fonction} />
        <TextInput label="Organisation" value={form.organisation} onChange={(e) => set('organisation', e.currentTarget.value)} error={feedback.errors.organisation} />
        <TextInput label="Téléphone" type="tel" value={form.telephone} onChange={(e) => set('telephone', e.currentTarget.value)} error={feedback.errors.telephone} />
        <TextInput label="Courriel" type="email" value={form.courriel} onChange={(e) => set('courriel', e.currentTarget.value)} error={feedback.errors.courriel} />
        <TextInput label="Suit la personne depuis le" type="date" value={form.depuis} onChange={(e) => set('depuis', e.currentTarget.value)} error={feedback.errors.depuis} />
        <Textarea label="Commentaire" autosize minRows={2} value={form.commentaire} onChange={(e) => set('commentaire', e.currentTarget.value)} error={feedback.errors.commentaire} />
        <Group gap="sm">
          <Button type="submit" loading={ajouter.isPending}>
            Ajouter le référent
          </Button>
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
