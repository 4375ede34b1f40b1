import { usePageTitle } from '../app/usePageTitle';
import { type TerritoirePublic, useProgramme } from './api';
import { CarteFrance, Marque } from './CarteFrance';

const STATUTS: TerritoirePublic['statut'][] = ['operationnel', 'preparation', 'suspendu'];

/** `/territoires-du-programme`: where the programme runs, on a map and as a list. */
export function TerritoiresPublicsPage() {
  usePageTitle('Les territoires du programme');
  const { data, failed } = useProgramme();
  const territoires = data?.territoires ?? [];
  const libelles = new Map(territoires.map((t) => [t.statut, t.statut_libelle]));
  return (
    <>
      <h1>Les territoires du programme</h1>
      <p className="pub-lead">
        Né à Paris en 2012, Convergence s'est déployé depuis 2019 sur de nouveaux territoires, avec les chantiers
        d'insertion et les acteurs de chacun.
      </p>
      {failed && <p className="pub-status">La liste des territoires n'est pas disponible pour le moment.</p>}
      {data === null && !failed && (
        <p className="pub-status" role="status">
          Chargement des territoires…
        </p>
      )}
      {data !== null && (
        <>
          <CarteFrance territoires={territoires} />
          <ul className="pub-legend" aria-label="Légende de la carte">
            {STATUTS.filter((statut) => libelles.has(statut)).map((statut) => (
              <li key={statut}>
                <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true" focusable="false">
                  <Marque statut={statut} />
                </svg>
                {libelles.get(statut)}
              </li>
            ))}
          </ul>
          <section className="pub-section" aria-labelledby="liste-titre">
            <h2 id="liste-titre">
              {territoires.length} territoire{territoires.length > 1 ? 's' : ''}
            </h2>
            <div className="pub-table-wrap" role="region" aria-label="Liste des territoires" tabIndex={0}>
              <table className="pub-table">
                <caption className="pub-muted">Par année d'ouverture</caption>
                <thead>
                  <tr>
                    <th scope="col">Territoire</th>
                    <th scope="col">Région</th>
                    <th scope="col" className="pub-num">
                      Ouverture
                    </th>
                    <th scope="col">Statut</th>
                  </tr>
                </thead>
                <tbody>
                  {territoires.map((territoire) => (
                    <tr key={territoire.code}>
                      <th scope="row">{territoire.nom}</th>
                      <td>{territoire.region ?? 'Non renseignée'}</td>
                      <td className="pub-num">{territoire.annee_ouverture}</td>
                      <td>
                        <span className={`pub-badge pub-badge--${territoire.statut}`}>{territoire.statut_libelle}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </>
  );
}
