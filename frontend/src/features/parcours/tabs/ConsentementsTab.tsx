import { Button, Checkbox, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';

import type { Consentement } from '../../../api/types';
import { typeConsentementLabels } from '../../../i18n/parcours';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState, LoadingState } from '../../../ui/QueryState';
import { StatutBadge } from '../../../ui/StatutBadge';
import { useStructuresParType } from '../../identity/useIdentity';
import { DateFr, optionsOf } from '../components';
import { aujourdhui } from '../domain';
import { FormAlert, useFormFeedback } from '../forms';
import { useAjouterConsentement, useConsentements, useRevoquerConsentement } from '../useParcours';

type TypeConsentement = Consentement['type'];

export function ConsentementsTab({ salarieId }: { salarieId: string }) {
  const query = useConsentements(salarieId);
  const partenaires = useStructuresParType('partenaire');
  const [ajout, setAjout] = useState(false);
  const [revocation, setRevocation] = useState<Consentement | null>(null);
  const nomPartenaire = (id: string | null) => (id === null ? null : (partenaires.data?.find((p) => p.id === id)?.nom ?? 'Partenaire'));

  return (
    <Stack gap="md">
      <Title order={2}>Consentements</Title>
      <Text>Ce que la personne a accepté : chaque consentement est daté et peut être retiré à tout moment.</Text>
      {query.isPending ? (
        <LoadingState label="Chargement des consentements…" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState title="Aucun consentement recueilli" description="Commencez par la remise de la notice d'information." />
      ) : (
        <Stack gap="sm" component="ul" className="plain-list" aria-label="Consentements recueillis">
          {query.data.map((consentement) => (
            <li key={consentement.id} className="caseload-card">
              <Stack gap={4}>
                <Group gap="xs">
                  <Text fw={700}>{typeConsentementLabels[consentement.type]}</Text>
                  <StatutBadge famille="consentement" statut={consentement.actif ? 'actif' : 'retire'} />
                </Group>
                {consentement.partenaire_id !== null && (
                  <Text size="sm">
                    Partenaire : {nomPartenaire(consentement.partenaire_id)}
                    {consentement.inclut_sante ? ', données de santé incluses' : ', sans les données de santé'}
                  </Text>
                )}
                <Text size="sm">
                  Recueilli le <DateFr value={consentement.date_recueil} />
                  {consentement.revoque_le !== null && (
                    <>
                      {' '}
                      · retiré le <DateFr value={consentement.revoque_le} />
                    </>
                  )}
                </Text>
                {consentement.actif && (
                  <div>
                    <Button variant="outline" color="red.9" onClick={() => setRevocation(consentement)}>
                      Retirer ce consentement
                    </Button>
                  </div>
                )}
              </Stack>
            </li>
          ))}
        </Stack>
      )}
      {ajout ? (
        <ConsentementForm salarieId={salarieId} partenaires={(partenaires.data ?? []).map((p) => ({ value: p.id, label: p.nom }))} onDone={() => setAjout(false)} />
      ) : (
        <div>
          <Button variant="outline" onClick={() => setAjout(true)}>
            Enregistrer un consentement
          </Button>
        </div>
      )}
      <Revocation salarieId={salarieId} consentement={revocation} onClose={() => setRevocation(null)} />
    </Stack>
  );
}

function Revocation({ salarieId, consentement, onClose }: { salarieId: string; consentement: Consentement | null; onClose: () => void }) {
  const revoquer = useRevoquerConsentement(salarieId);
  const [date, setDate] = useState(aujourdhui());
  return (
    <ConfirmDialog
      opened={consentement !== null}
      title="Retirer ce consentement ?"
      confirmLabel="Retirer"
      loading={revoquer.isPending}
      onCancel={onClose}
      onConfirm={() => {
        if (consentement === null) return;
        revoquer.mutate(
          { consentementId: consentement.id, date },
          {
            onSuccess: () => {
              notifications.show({ color: 'green', title: 'Consentement retiré', message: 'Le partage correspondant cesse à cette date.' });
              onClose();
            },
          },
        );
      }}
    >
      <Stack gap="sm">
        <Text>{consentement === null ? '' : `« ${typeConsentementLabels[consentement.type]} » ne s'appliquera plus à partir de la date indiquée.`}</Text>
        <TextInput label="Date du retrait" type="date" value={date} max={aujourdhui()} onChange={(e) => setDate(e.currentTarget.value)} />
      </Stack>
    </ConfirmDialog>
  );
}

function ConsentementForm({ salarieId, partenaires, onDone }: { salarieId: string; partenaires: { value: string; label: string }[]; onDone: () => void }) {
  const ajouter = useAjouterConsentement(salarieId);
  const feedback = useFormFeedback();
  const [type, setType] = useState<TypeConsentement>('notice_information');
  const [date, setDate] = useState(aujourdhui());
  const [partenaire, setPartenaire] = useState('');
  const [sante, setSante] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    ajouter.mutate(
      {
        type,
        date_recueil: date,
        partenaire_id: type === 'partage_partenaire' && partenaire !== '' ? partenaire : null,
        inclut_sante: type === 'partage_partenaire' && sante,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Consentement enregistré', message: typeConsentementLabels[type] });
          onDone();
        },
        onError: feedback.fromError,
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Nouveau consentement" noValidate>
      <Stack gap="sm" maw={560}>
        <Title order={3}>Nouveau consentement</Title>
        <FormAlert title="Le consentement n'a pas été enregistré" message={feedback.formError} />
        <NativeSelect label="Type" data={optionsOf(typeConsentementLabels)} value={type} onChange={(e) => setType(e.currentTarget.value as TypeConsentement)} error={feedback.errors.type} />
        <TextInput label="Date de recueil" type="date" required value={date} max={aujourdhui()} onChange={(e) => setDate(e.currentTarget.value)} error={feedback.errors.date_recueil} />
        {type === 'partage_partenaire' && (
          <>
            <NativeSelect
              label="Partenaire"
              required
              data={[{ value: '', label: 'Choisir un partenaire' }, ...partenaires]}
              value={partenaire}
              onChange={(e) => setPartenaire(e.currentTarget.value)}
              error={feedback.errors.partenaire_id}
            />
            <Checkbox className="touch-checkbox" label="Inclut les données de santé" checked={sante} onChange={(e) => setSante(e.currentTarget.checked)} />
          </>
        )}
        <Group gap="sm">
          <Button type="submit" loading={ajouter.isPending}>
            Enregistrer le consentement
          </Button>
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
