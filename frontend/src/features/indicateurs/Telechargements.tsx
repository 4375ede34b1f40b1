/**
 * Export buttons: each streams its file, shows what has arrived ("12 400
 * lignes reçues…"), can be cancelled, then hands the file to the browser.
 */
import { Alert, Button, Group, Loader, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';

import { errorMessage } from '../../api/problem';
import { enregistrer, type Progression, telecharger, texteProgression } from './telechargement';

export interface ExportPropose {
  /** Stable key, e.g. "indicateurs.csv". */
  cle: string;
  /** The button's text, e.g. "Indicateurs (CSV)". */
  libelle: string;
  /** Address with its query string. */
  adresse: string;
  /** The name to save under when the server gives none. */
  nomParDefaut: string;
  /** Rows make sense for CSV; a workbook shows its size. */
  format: 'csv' | 'xlsx';
}

interface EnCours {
  cle: string;
  format: 'csv' | 'xlsx';
  progression: Progression | null;
}

export function Telechargements({ exports, titreErreur = 'Le téléchargement n’a pas abouti' }: { exports: readonly ExportPropose[]; titreErreur?: string }) {
  const [enCours, setEnCours] = useState<EnCours | null>(null);
  const [erreur, setErreur] = useState<unknown>(null);
  const controleur = useRef<AbortController | null>(null);

  // Leaving the page stops a download in progress.
  useEffect(() => () => controleur.current?.abort(), []);

  const lancer = async (choix: ExportPropose) => {
    const abort = new AbortController();
    controleur.current = abort;
    setErreur(null);
    setEnCours({ cle: choix.cle, format: choix.format, progression: null });
    let derniere = 0;
    try {
      const fichier = await telecharger(choix.adresse, {
        signal: abort.signal,
        nomParDefaut: choix.nomParDefaut,
        onProgression: (progression) => {
          // A few updates a second are enough for the eye and for screen readers.
          const now = Date.now();
          if (now - derniere < 150) return;
          derniere = now;
          setEnCours({ cle: choix.cle, format: choix.format, progression });
        },
      });
      enregistrer(fichier);
      notifications.show({ color: 'green', title: 'Téléchargement terminé', message: `Fichier « ${fichier.nom} » enregistré.` });
    } catch (error) {
      if (!abort.signal.aborted) setErreur(error);
    } finally {
      if (controleur.current === abort) controleur.current = null;
      setEnCours(null);
    }
  };

  return (
    <Stack gap="sm">
      <Group gap="sm">
        {exports.map((choix) => (
          <Button
            key={choix.cle}
            variant={choix === exports[0] ? 'filled' : 'outline'}
            onClick={() => void lancer(choix)}
            disabled={enCours !== null && enCours.cle !== choix.cle}
            loading={enCours?.cle === choix.cle}
            loaderProps={{ 'aria-hidden': true }}
          >
            {choix.libelle}
          </Button>
        ))}
      </Group>
      {enCours !== null && (
        <Group gap="sm" wrap="nowrap" maw={480}>
          {enCours.progression?.total != null ? (
            <Progress
              flex={1}
              value={Math.min(100, (enCours.progression.octets / enCours.progression.total) * 100)}
              aria-label="Progression du téléchargement"
            />
          ) : (
            <Loader size="sm" aria-hidden="true" />
          )}
          <Button variant="subtle" size="sm" onClick={() => controleur.current?.abort()}>
            Annuler le téléchargement
          </Button>
        </Group>
      )}
      <Text size="sm" role="status" aria-live="polite">
        {enCours === null ? '' : texteProgression(enCours.progression, enCours.format)}
      </Text>
      {erreur !== null && (
        <Alert color="red" variant="light" title={titreErreur} role="alert">
          {errorMessage(erreur)}
        </Alert>
      )}
    </Stack>
  );
}
