import './candidatures-public.css';

import { type FormEvent, useEffect, useId, useState } from 'react';

import { ApiError, errorMessage } from '../../../api/problem';
import type { VoieCandidature } from '../../../api/types';
import { voieCandidatureLabels } from '../../../i18n/candidatures';
import { publicApi } from './publicApi';

/** What each path is, in the brochure's words (UI copy). */
const PRESENTATION: Record<VoieCandidature, { titre: string; texte: string }> = {
  chantier_porteur: {
    titre: 'Devenir chantier porteur de Convergence',
    texte:
      "Votre atelier et chantier d'insertion veut accueillir des personnes en grande précarité et traiter ensemble leurs freins : logement, santé, droits, emploi. Déposez la candidature de votre chantier, sur un territoire Convergence ou pour ouvrir un nouveau territoire.",
  },
  partenaire: {
    titre: 'Rejoindre le réseau comme partenaire',
    texte:
      'Emploi, santé, logement, accès aux droits… Les partenaires Convergence s’engagent à se mobiliser pour apporter des réponses adaptées aux besoins des salariés accompagnés dans les chantiers. Le réseau est animé par des chargés de partenariat.',
  },
  financeur: {
    titre: 'Aider au financement du programme',
    texte: 'Soutenez Convergence et la pérennisation du dispositif, sur un ou plusieurs territoires.',
  },
};

/**
 * The first step of an application: the applicant's e-mail. A link comes back by e-mail;
 * following it confirms the address and opens the form.
 */
export function DemandeLienPage({ voie }: { voie: VoieCandidature }) {
  const id = useId();
  const [jeton, setJeton] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [piege, setPiege] = useState('');
  const [erreur, setErreur] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const presentation = PRESENTATION[voie];

  useEffect(() => {
    document.title = `${presentation.titre} · Convergence`;
    publicApi
      .formulaire()
      .then((formulaire) => setJeton(formulaire.jeton_formulaire))
      .catch((error: unknown) => setErreur(errorMessage(error)));
  }, [presentation.titre]);

  const envoyer = (event: FormEvent) => {
    event.preventDefault();
    if (jeton === null) return;
    setErreur(null);
    if (!email.includes('@')) {
      setErreur('Indiquez une adresse e-mail valide.');
      return;
    }
    setEnvoi(true);
    publicApi
      .demanderLien({ email, voie, jeton_formulaire: jeton, site_internet: piege })
      .then((reponse) => setConfirmation(reponse.detail))
      .catch((error: unknown) => {
        const champ = error instanceof ApiError ? (error.fieldErrors.email ?? error.fieldErrors.jeton_formulaire) : undefined;
        setErreur(champ ?? errorMessage(error));
      })
      .finally(() => setEnvoi(false));
  };

  return (
    <div className="cp-page">
      <p className="cp-hint">Être partenaire de Convergence · {voieCandidatureLabels[voie]}</p>
      <h1>{presentation.titre}</h1>
      <p>{presentation.texte}</p>
      {confirmation !== null ? (
        <div className="cp-alert cp-alert-success" role="status">
          <p>
            <strong>Vérifiez votre boîte e-mail.</strong> {confirmation}
          </p>
          <p>Le lien est valable 48 heures et ne sert qu’une fois.</p>
        </div>
      ) : (
        <form className="cp-form" onSubmit={envoyer} noValidate aria-labelledby={`${id}-titre`}>
          <h2 id={`${id}-titre`}>Commencer ma candidature</h2>
          <p>Nous vous envoyons un lien pour confirmer votre adresse e-mail ; il ouvre le formulaire complet, que vous pourrez enregistrer et reprendre.</p>
          <div className="cp-field">
            <label htmlFor={`${id}-email`}>Votre adresse e-mail professionnelle</label>
            <input
              id={`${id}-email`}
              type="email"
              name="email"
              autoComplete="email"
              required
              maxLength={254}
              value={email}
              aria-invalid={erreur !== null}
              aria-describedby={erreur !== null ? `${id}-erreur` : undefined}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
          </div>
          <div className="cp-hp" aria-hidden="true">
            <label htmlFor={`${id}-site`}>Ne pas remplir ce champ</label>
            <input id={`${id}-site`} type="text" name="site_internet" tabIndex={-1} autoComplete="off" value={piege} onChange={(event) => setPiege(event.currentTarget.value)} />
          </div>
          {erreur !== null && (
            <p className="cp-error" id={`${id}-erreur`} role="alert">
              {erreur}
            </p>
          )}
          <div className="cp-actions">
            <button className="cp-button" type="submit" disabled={envoi || jeton === null}>
              {envoi ? 'Envoi…' : 'Recevoir le lien'}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
