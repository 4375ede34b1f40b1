import { Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';

import type { Frein, Parcours, Referentiel } from '../../../api/types';
import { domaineLabels, enumValues } from '../../../i18n/labels';
import { niveauLabels, statutFreinLabels } from '../../../i18n/parcours';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState, LoadingState } from '../../../ui/QueryState';
import { StatutBadge } from '../../../ui/StatutBadge';
import { DateFr, optionsOf } from '../components';
import { aujourdhui } from '../domain';
import { FormAlert, orNull, useFormFeedback } from '../forms';
import { useAjouterAction, useFreins, useModifierAction, useModifierFrein, useReferentiel } from '../useFreins';
import { libelleDe, valeursProposees } from './referentiel';

const ORDRE_DOMAINES = enumValues(domaineLabels);

/** The freins board: one row per frein, by domaine, with its actions. */
export function FreinsTab({ parcours }: { parcours: Parcours }) {
  const freins = useFreins(parcours.id);
  const referentiel = useReferentiel();
  const liste = [...(freins.data ?? [])].sort(
    (a, b) => ORDRE_DOMAINES.indexOf(a.domaine) - ORDRE_DOMAINES.indexOf(b.domaine) || a.date_identification.localeCompare(b.date_identification),
  );
  return (
    <Stack gap="md">
      <Title order={2}>Freins</Title>
      {freins.isPending ? (
        <LoadingState label="Chargement des freins…" />
      ) : freins.isError ? (
        <ErrorState error={freins.error} onRetry={() => void freins.refetch()} />
      ) : liste.length === 0 ? (
        <EmptyState
          title="Aucun frein identifié"
          description="Les freins se créent à partir du diagnostic d'entrée : chaque domaine au niveau « Important » ou « Bloquant » en propose un."
          action={
            <Button component={Link} to={`/parcours/${parcours.id}?onglet=diagnostics`}>
              Voir les diagnostics
            </Button>
          }
        />
      ) : (
        <Stack gap="md" component="ul" className="plain-list" aria-label="Freins par domaine">
          {liste.map((frein) => (
            <FreinCarte key={frein.id} frein={frein} parcours={parcours} referentiel={referentiel.data} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function FreinCarte({ frein, parcours, referentiel }: { frein: Frein; parcours: Parcours; referentiel: Referentiel | undefined }) {
  const modifierFrein = useModifierFrein(parcours.id);
  const modifierAction = useModifierAction(parcours.id);
  const [ajout, setAjout] = useState(false);
  const titreId = `frein-${frein.id}`;
  const ouvert = parcours.statut !== 'clos';
  return (
    <li className="caseload-card" aria-labelledby={titreId}>
      <Stack gap="xs">
        <Group gap="sm" justify="space-between" wrap="wrap">
          <Title order={3} id={titreId}>
            {domaineLabels[frein.domaine]}
          </Title>
          <Group gap="xs">
            {frein.niveau != null && (
              <Text span fw={600}>
                Niveau : {niveauLabels[frein.niveau as 0 | 1 | 2 | 3] ?? frein.niveau}
              </Text>
            )}
            <StatutBadge famille="frein" statut={frein.statut} />
          </Group>
        </Group>
        {(frein.situations ?? []).length > 0 && (
          <Text size="sm">Situation : {(frein.situations ?? []).map((code) => libelleDe(referentiel, frein.domaine, 'situations', code)).join(', ')}</Text>
        )}
        {frein.commentaire != null && frein.commentaire !== '' && <Text size="sm">{frein.commentaire}</Text>}
        <Text size="sm">
          Identifié le <DateFr value={frein.date_identification} />
          {frein.date_cloture !== null && (
            <>
              {' '}
              · clos le <DateFr value={frein.date_cloture} />
            </>
          )}
        </Text>
        {ouvert && (
          <NativeSelect
            label={`Statut du frein ${domaineLabels[frein.domaine]}`}
            data={optionsOf(statutFreinLabels)}
            value={frein.statut}
            disabled={modifierFrein.isPending}
            onChange={(event) => {
              const statut = event.currentTarget.value as Frein['statut'];
              modifierFrein.mutate(
                {
                  freinId: frein.id,
                  version: frein.version,
                  changes: { statut, ...(statut === 'leve' || statut === 'non_leve' ? { date_cloture: aujourdhui() } : {}) },
                },
                { onSuccess: () => notifications.show({ color: 'green', title: 'Frein mis à jour', message: statutFreinLabels[statut] }) },
              );
            }}
            w={{ base: '100%', xs: 260 }}
          />
        )}
        {frein.actions != null && (
          <Stack gap={4}>
            <Text fw={600}>Actions</Text>
            {frein.actions.length === 0 ? (
              <Text size="sm">Aucune action pour ce frein.</Text>
            ) : (
              <Stack gap="xs" component="ul" className="plain-list" aria-label={`Actions du frein ${domaineLabels[frein.domaine]}`}>
                {frein.actions.map((action) => {
                  const libelle = libelleDe(referentiel, frein.domaine, 'types_action', action.type);
                  return (
                    <li key={action.id}>
                      <Group gap="xs" wrap="wrap" justify="space-between">
                        <Stack gap={0}>
                          <Text size="sm" fw={600}>
                            {libelle}
                            {action.libelle != null && action.libelle !== '' && ` — ${action.libelle}`}
                          </Text>
                          <Text size="sm">
                            {action.date_realisation !== null ? (
                              <>
                                Réalisée le <DateFr value={action.date_realisation} />
                              </>
                            ) : action.echeance !== null ? (
                              <>
                                Échéance : <DateFr value={action.echeance} />
                              </>
                            ) : (
                              'Sans échéance'
                            )}
                          </Text>
                        </Stack>
                        <Group gap="xs">
                          <StatutBadge famille="action" statut={action.statut} />
                          {ouvert && (action.statut === 'prevue' || action.statut === 'en_cours') && (
                            <Button
                              variant="outline"
                              size="xs"
                              loading={modifierAction.isPending && modifierAction.variables?.actionId === action.id}
                              onClick={() =>
                                modifierAction.mutate(
                                  { actionId: action.id, version: action.version, changes: { statut: 'realisee', date_realisation: aujourdhui() } },
                                  { onSuccess: () => notifications.show({ color: 'green', title: 'Action réalisée', message: libelle }) },
                                )
                              }
                            >
                              Marquer « {libelle} » comme réalisée
                            </Button>
                          )}
                        </Group>
                      </Group>
                    </li>
                  );
                })}
              </Stack>
            )}
            {ouvert &&
              (ajout ? (
                <ActionForm frein={frein} parcours={parcours} referentiel={referentiel} onDone={() => setAjout(false)} />
              ) : (
                <div>
                  <Button variant="subtle" onClick={() => setAjout(true)}>
                    Ajouter une action ({domaineLabels[frein.domaine]})
                  </Button>
                </div>
              ))}
          </Stack>
        )}
      </Stack>
    </li>
  );
}

function ActionForm({ frein, parcours, referentiel, onDone }: { frein: Frein; parcours: Parcours; referentiel: Referentiel | undefined; onDone: () => void }) {
  const ajouter = useAjouterAction(parcours.id);
  const feedback = useFormFeedback();
  const types = valeursProposees(referentiel, frein.domaine, 'types_action');
  const [type, setType] = useState('');
  const [libelle, setLibelle] = useState('');
  const [echeance, setEcheance] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    if (type === '') {
      feedback.setErrors({ type: "Choisissez le type d'action." });
      return;
    }
    ajouter.mutate(
      { freinId: frein.id, body: { type, libelle: orNull(libelle), statut: 'prevue', echeance: echeance === '' ? null : echeance } },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Action ajoutée', message: libelleDe(referentiel, frein.domaine, 'types_action', type) });
          onDone();
        },
        onError: feedback.fromError,
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label={`Nouvelle action, frein ${domaineLabels[frein.domaine]}`} noValidate>
      <Stack gap="sm" maw={520}>
        <FormAlert title="L'action n'a pas été ajoutée" message={feedback.formError} />
        <NativeSelect
          label="Type d'action"
          required
          data={[{ value: '', label: 'Choisir' }, ...types.map((valeur) => ({ value: valeur.code, label: valeur.libelle }))]}
          value={type}
          onChange={(e) => setType(e.currentTarget.value)}
          error={feedback.errors.type}
        />
        <TextInput label="Précision" value={libelle} onChange={(e) => setLibelle(e.currentTarget.value)} error={feedback.errors.libelle} />
        <TextInput label="Échéance" type="date" value={echeance} onChange={(e) => setEcheance(e.currentTarget.value)} error={feedback.errors.echeance} />
        <Group gap="sm">
          <Button type="submit" loading={ajouter.isPending}>
            Ajouter l'action
          </Button>
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

