import { Link } from 'react-router';

import { usePageTitle } from '../app/usePageTitle';
import { type TerritoirePublic, useProgramme } from './api';
import { ACCROCHE, HISTORIQUE, MODALITES, ORGANISATION, PRINCIPES, PUBLIC_ACCOMPAGNE } from './contenu';
import { ChiffresALaUne } from './Figures';

/** `/`: the programme, its principles, the people it serves, its history and live results. */
export function ProgrammePage() {
  usePageTitle('Le programme');
  const { data } = useProgramme();
  return (
    <>
      <h1>Convergence</h1>
      <p className="pub-lead">
        <strong>{ACCROCHE}.</strong> {MODALITES}
      </p>
      <p className="pub-actions">
        <Link to="/etre-partenaire" className="pub-button">
          Être partenaire
        </Link>
        <Link to="/territoires-du-programme" className="pub-button pub-button--secondary">
          Voir les territoires
        </Link>
      </p>

      <section className="pub-section" aria-labelledby="resultats-titre">
        <h2 id="resultats-titre">Les résultats, en direct</h2>
        <ChiffresALaUne />
      </section>

      <section className="pub-section" aria-labelledby="public-titre">
        <h2 id="public-titre">Le public accompagné</h2>
        <ul>
          {PUBLIC_ACCOMPAGNE.map((texte) => (
            <li key={texte}>{texte}</li>
          ))}
        </ul>
      </section>

      <section className="pub-section" aria-labelledby="principes-titre">
        <h2 id="principes-titre">Cinq principes</h2>
        <ol className="pub-cards">
          {PRINCIPES.map((principe, index) => (
            <li className="pub-card" key={principe.titre}>
              <span className="pub-card-number" aria-hidden="true">
                {index + 1}
              </span>
              <h3>{principe.titre}</h3>
              <p>{principe.texte}</p>
            </li>
          ))}
        </ol>
      </section>

      <section className="pub-section" aria-labelledby="historique-titre">
        <h2 id="historique-titre">Historique</h2>
        <Historique territoires={data?.territoires ?? []} />
        <p>{ORGANISATION}</p>
      </section>
    </>
  );
}

/** The brochure's dates and each territoire's opening, year by year. */
function Historique({ territoires }: { territoires: TerritoirePublic[] }) {
  const parAnnee = new Map<number, string[]>();
  const ajouter = (annee: number, texte: string) => parAnnee.set(annee, [...(parAnnee.get(annee) ?? []), texte]);
  for (const evenement of HISTORIQUE) ajouter(evenement.annee, evenement.texte);
  for (const territoire of territoires) {
    ajouter(
      territoire.annee_ouverture,
      territoire.statut === 'preparation'
        ? `${territoire.nom} : territoire en préparation.`
        : `Démarrage du territoire ${territoire.nom}${territoire.region ? ` (${territoire.region})` : ''}.`,
    );
  }
  const annees = [...parAnnee.keys()].sort((a, b) => a - b);
  return (
    <ol className="pub-timeline">
      {annees.map((annee) => (
        <li key={annee}>
          <h3>{annee}</h3>
          <ul>
            {parAnnee.get(annee)?.map((texte) => (
              <li key={texte}>{texte}</li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
