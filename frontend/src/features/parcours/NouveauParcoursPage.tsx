/**
 * Welcoming a person, in one flow: identity → consents → parcours → entry diagnostic.
 * The first three steps stay on this device (a draft per user in sessionStorage) until
 * "Ouvrir le parcours" writes them in one transaction (POST /parcours/inscription); the
 * entry diagnostic follows, one domaine per step, its draft kept by the API.
 */
import { Alert, Anchor, Breadcrumbs, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { client, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { InscriptionIn } from '../../api/types';
import { queryKeys } from '../../api/queryKeys';
import { useMoi } from '../../app/auth/AuthProvider';
import { inChantier, peutEtreReferent } from '../../app/permissions';
import { PageHeading } from '../../app/PageHeading';
import { usePageTitle } from '../../app/usePageTitle';
import { formatDate } from '../../ui/formatters';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { aujourdhui, nomComplet } from './domain';
import { FormAlert, useFormFeedback } from './forms';
import { cleBrouillon, ecrireBrouillon, erreursDe, etapeEnErreur, type Inscription, lireBrouillon, manques, nouvelleInscription, versApi } from './inscription/brouillon';
import { EtapeConsentements } from './inscription/EtapeConsentements';
import { EtapeIdentite } from './inscription/EtapeIdentite';
import { EtapeParcours } from './inscription/EtapeParcours';
import { EtapesAccueil } from './inscription/EtapesAccueil';
import { useSalarie } from './useParcours';

export { situationLogementOptions } from './logement';

const TITRES = ['Identité de la personne', 'Consentements recueillis', 'Entrée dans le parcours'] as const;

function useInscrire() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { handlesErrors: true },
    mutationFn: async (body: InscriptionIn) => unwrap(await client.POST('/api/v1/parcours/inscription', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.parcours.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.aFaire.all });
    },
  });
}

export function NouveauParcoursPage() {
  usePageTitle('Accueillir une personne');
  const moi = useMoi();
  const navigate = useNavigate();
  const multiChantier = !inChantier(moi.role);
  const cle = cleBrouillon(moi.id);
  const [inscription, setInscription] = useState<Inscription>(
    () => lireBrouillon(window.sessionStorage, cle) ?? nouvelleInscription(multiChantier ? '' : moi.structure_id, aujourdhui(), peutEtreReferent(moi)),
  );
  const [restaure] = useState(() => lireBrouillon(window.sessionStorage, cle) !== null);
  const [candidats, setCandidats] = useState<string[] | null>(null);
  const [locales, setLocales] = useState<Record<string, string>>({});
  const inscrire = useInscrire();
  const feedback = useFormFeedback();
  const etape = Math.min(inscription.etape, 2);

  useEffect(() => ecrireBrouillon(window.sessionStorage, cle, inscription), [cle, inscription]);

  const aller = (suivante: number) => {
    setLocales({});
    setInscription((previous) => ({ ...previous, etape: suivante }));
    window.scrollTo({ top: 0 });
  };

  const envoyer = (options: { salarieId: string | null; confirmDistinct: boolean }) => {
    feedback.reset();
    inscrire.mutate(versApi(inscription, { referentId: moi.id, ...options }), {
      onSuccess: (out) => {
        window.sessionStorage.removeItem(cle);
        notifications.show({ color: 'green', title: 'Parcours ouvert', message: "Remplissez maintenant le diagnostic d'entrée, domaine par domaine." });
        void navigate(`/parcours/${out.parcours_id}/diagnostics/nouveau?etape=entree&accueil=1`);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409 && error.problem.code === 'doublon_possible') {
          setCandidats((error.problem as { candidats?: string[] }).candidats ?? []);
          return;
        }
        feedback.fromError(error);
        const fautive = etapeEnErreur(error instanceof ApiError ? error.fieldErrors : {});
        if (fautive !== null && fautive !== etape) setInscription((previous) => ({ ...previous, etape: fautive }));
      },
    });
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing = manques(inscription, etape);
    setLocales(missing);
    if (Object.keys(missing).length > 0) return;
    if (etape < 2) aller(etape + 1);
    else envoyer({ salarieId: null, confirmDistinct: false });
  };

  const errors = { ...erreursDe(feedback.errors, ['salarie', 'consentements', 'parcours'][etape] as 'salarie'), ...locales };

  return (
    <Stack gap="lg" maw={760}>
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
      <EtapesAccueil active={etape} onRetour={aller} />
      <Text size="sm">Rien n'est enregistré avant « Ouvrir le parcours » ; votre saisie est gardée sur cet appareil si vous quittez la page.</Text>
      {restaure && etape > 0 && (
        <Alert color="blue" variant="light" className="avis-bleu" title="Saisie reprise">
          L'accueil commencé sur cet appareil a été repris là où vous l'aviez laissé.
        </Alert>
      )}
      <FormAlert title="Le parcours n'a pas été ouvert" message={feedback.formError} />
      {feedback.code === 'parcours_ouvert_existant' && (
        <Anchor component={Link} to={`/parcours?q=${encodeURIComponent(inscription.identite.nom)}`} className="cell-link">
          Retrouver le parcours ouvert de cette personne
        </Anchor>
      )}
      {candidats !== null && (
        <Doublon
          candidats={candidats}
          loading={inscrire.isPending}
          onCreer={() => envoyer({ salarieId: null, confirmDistinct: true })}
          onChoisir={(id) => envoyer({ salarieId: id, confirmDistinct: false })}
        />
      )}
      <form onSubmit={submit} aria-label={TITRES[etape]} noValidate>
        <Stack gap="md">
          <Title order={2}>{TITRES[etape]}</Title>
          {etape === 0 && (
            <EtapeIdentite
              identite={inscription.identite}
              onChange={(identite) => {
                setCandidats(null);
                setInscription((previous) => ({ ...previous, identite }));
              }}
              multiChantier={multiChantier}
              errors={errors}
            />
          )}
          {etape === 1 && (
            <EtapeConsentements consentements={inscription.consentements} onChange={(consentements) => setInscription((previous) => ({ ...previous, consentements }))} errors={errors} />
          )}
          {etape === 2 && <EtapeParcours parcours={inscription.parcours} onChange={(parcours) => setInscription((previous) => ({ ...previous, parcours }))} errors={errors} />}
          <Group gap="sm">
            {etape > 0 && (
              <Button variant="default" onClick={() => aller(etape - 1)}>
                Précédent
              </Button>
            )}
            <Button type="submit" loading={inscrire.isPending && candidats === null}>
              {etape < 2 ? 'Continuer' : 'Ouvrir le parcours'}
            </Button>
            <Button
              variant="subtle"
              onClick={() => {
                window.sessionStorage.removeItem(cle);
                void navigate('/parcours');
              }}
            >
              Abandonner cet accueil
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function Doublon({ candidats, loading, onCreer, onChoisir }: { candidats: string[]; loading: boolean; onCreer: () => void; onChoisir: (id: string) => void }) {
  return (
    <Alert color="orange" variant="light" className="avis-orange" role="alert" title="Cette personne existe peut-être déjà">
      <Stack gap="sm">
        <Text>Une personne du territoire porte un nom proche et la même date de naissance. Vérifiez avant de créer une nouvelle fiche.</Text>
        <List spacing="xs">
          {candidats.map((id) => (
            <Candidat key={id} salarieId={id} onChoisir={() => onChoisir(id)} />
          ))}
        </List>
        <Group gap="sm">
          <Button variant="outline" color="dark" onClick={onCreer} loading={loading}>
            Créer quand même
          </Button>
        </Group>
      </Stack>
    </Alert>
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
