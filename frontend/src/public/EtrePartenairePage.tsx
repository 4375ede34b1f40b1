import { Link } from 'react-router';

import { usePageTitle } from '../app/usePageTitle';
import { PARCOURS_PARTENAIRE } from './contenu';

/** `/etre-partenaire`: the brochure's three ways to act, each leading to its application. */
export function EtrePartenairePage() {
  usePageTitle('Être partenaire');
  return (
    <>
      <h1>Être partenaire de Convergence</h1>
      <p className="pub-lead">Vous êtes intéressés par le projet ? Il existe plusieurs façons d'agir avec nous.</p>
      <ul className="pub-cards">
        {PARCOURS_PARTENAIRE.map((parcours) => (
          <li className="pub-card" key={parcours.lien}>
            <h2>{parcours.titre}</h2>
            <p>{parcours.texte}</p>
            <Link to={parcours.lien} className="pub-button">
              {parcours.action}
            </Link>
          </li>
        ))}
      </ul>
      <section className="pub-section" aria-labelledby="suite-titre">
        <h2 id="suite-titre">Après votre candidature</h2>
        <p>
          Vous confirmez votre adresse e-mail, puis l'équipe nationale, ou celle du territoire concerné, étudie votre
          candidature et vous répond par e-mail. Vous pouvez revenir la compléter ou la suivre grâce au lien reçu.
        </p>
      </section>
    </>
  );
}
