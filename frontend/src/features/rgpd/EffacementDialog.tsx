import { Anchor, List, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import type { ApercuEffacement, MotifEffacement } from '../../api/types';
import { elementRestantLabels, motifEffacementLabels, supprimeLabels } from '../../i18n/rgpd';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDate, formatNumber } from '../../ui/formatters';
import { ErrorState, LoadingState } from '../../ui/QueryState';
import { optionsOf } from '../parcours/components';
import { FormAlert, useFormFeedback } from '../parcours/forms';
import { useApercuEffacement, useEffacer } from './useRgpd';

export const MOT_DE_CONFIRMATION = 'EFFACER';

/** The erasure confirmation: what goes, what remains (named), a motif, the word typed. */
export function EffacementDialog({
  salarieId,
  parcoursId,
  opened,
  onClose,
}: {
  salarieId: string;
  parcoursId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const apercu = useApercuEffacement(salarieId, opened);
  const effacer = useEffacer(salarieId);
  const feedback = useFormFeedback();
  const navigate = useNavigate();
  const [motif, setMotif] = useState<MotifEffacement>('demande_personne');
  const [mot, setMot] = useState('');
  const possible = apercu.data?.possible === true;

  const fermer = () => {
    setMot('');
    feedback.reset();
    onClose();
  };
  const confirmer = () => {
    feedback.reset();
    effacer.mutate(
      { motif, confirmation: MOT_DE_CONFIRMATION },
      {
        onSuccess: (resultat) => {
          notifications.show({
            color: 'green',
            title: 'Données effacées',
            message:
              resultat.partenaires_informes > 0
                ? `Le dossier est anonymisé ; ${formatNumber(resultat.partenaires_informes)} partenaire(s) prévenu(s).`
                : 'Le dossier est anonymisé.',
          });
          void navigate('/parcours', { replace: true });
        },
        onError: feedback.fromError,
      },
    );
  };

  return (
    <ConfirmDialog
      opened={opened}
      title="Effacer définitivement les données de cette personne ?"
      confirmLabel="Effacer définitivement"
      onConfirm={confirmer}
      onCancel={fermer}
      loading={effacer.isPending}
      confirmDisabled={!possible || mot.trim() !== MOT_DE_CONFIRMATION}
    >
      {apercu.isPending ? (
        <LoadingState label="Ce qui sera effacé…" />
      ) : apercu.isError ? (
        <ErrorState error={apercu.error} onRetry={() => void apercu.refetch()} />
      ) : (
        <Stack gap="sm">
          <FormAlert title="L'effacement n'a pas été fait" message={feedback.formError} />
          {!possible ? (
            <>
              <Text role="alert">{apercu.data.raison}</Text>
              <Anchor component={Link} to={`/parcours/${parcoursId}/sortie`} className="cell-link">
                Déclarer la sortie
              </Anchor>
            </>
          ) : (
            <>
              <Contenu apercu={apercu.data} />
              <NativeSelect
                label="Motif de l'effacement"
                data={optionsOf(motifEffacementLabels)}
                value={motif}
                onChange={(e) => setMotif(e.currentTarget.value as MotifEffacement)}
              />
              <TextInput
                label={`Pour confirmer, recopiez ${MOT_DE_CONFIRMATION}`}
                value={mot}
                onChange={(e) => setMot(e.currentTarget.value)}
                autoComplete="off"
                error={feedback.errors.confirmation}
              />
            </>
          )}
        </Stack>
      )}
    </ConfirmDialog>
  );
}

function Contenu({ apercu }: { apercu: ApercuEffacement }) {
  const supprimes = Object.entries(apercu.supprimes).filter(([, n]) => n > 0);
  return (
    <>
      <Title order={3} size="h4">
        Ce qui sera supprimé
      </Title>
      <List size="sm" aria-label="Ce qui sera supprimé">
        {supprimes.map(([cle, n]) => (
          <List.Item key={cle}>
            {supprimeLabels[cle] ?? cle} : {formatNumber(n)}
          </List.Item>
        ))}
      </List>
      <Title order={3} size="h4">
        Ce qui restera
      </Title>
      <List size="sm" aria-label="Ce qui restera">
        {apercu.restants.map((r) => (
          <List.Item key={r.element}>
            <Text span fw={600}>
              {elementRestantLabels[r.element]}
              {r.nombre !== null && r.nombre !== undefined && ` (${formatNumber(r.nombre)})`}
            </Text>{' '}
            : {r.description}
            {r.jusqu_au !== null && r.jusqu_au !== undefined && ` Jusqu'au ${formatDate(r.jusqu_au)}.`}
          </List.Item>
        ))}
      </List>
      {apercu.partenaires_a_informer.length > 0 && (
        <Text size="sm">Partenaires prévenus : {apercu.partenaires_a_informer.join(', ')}.</Text>
      )}
    </>
  );
}
