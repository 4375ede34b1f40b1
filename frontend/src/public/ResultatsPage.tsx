import { usePageTitle } from '../app/usePageTitle';
import { useResultats } from './api';
import { TableauChiffres } from './Figures';

/** `/resultats`: the national figures of the last complete year and of the entry cohorts. */
export function ResultatsPage() {
  usePageTitle('Résultats');
  const { data, failed } = useResultats();
  return (
    <>
      <h1>Résultats</h1>
      <p className="pub-lead">
        Les chiffres du programme, calculés chaque jour à partir des parcours des salariés accompagnés, au niveau national.
      </p>
      {failed && <p className="pub-status">Les résultats ne sont pas disponibles pour le moment.</p>}
      {data === null && !failed && (
        <p className="pub-status" role="status">
          Chargement des résultats…
        </p>
      )}
      {data !== null && (
        <>
          <section className="pub-section" aria-labelledby="annee-titre">
            <h2 id="annee-titre">Les sorties de {data.national.annee}</h2>
            <p>
              Chaque personne sortie du programme en {data.national.annee}, selon sa situation à la sortie. Les parts sont
              calculées sur les sorties comptées.
            </p>
            <TableauChiffres periode={data.national} titre={data.national.libelle} />
          </section>
          <section className="pub-section" aria-labelledby="cohortes-titre">
            <h2 id="cohortes-titre">Les cohortes d'entrée</h2>
            <p>
              Les personnes entrées une même année, suivies jusqu'à aujourd'hui : combien sont sorties, et dans quelle
              situation. Les parts des sorties sont calculées sur les sorties comptées ; celle du public ayant connu la rue,
              sur les personnes entrées.
            </p>
            {data.cohortes.length === 0 && <p className="pub-status">Aucune cohorte à publier pour le moment.</p>}
            {data.cohortes.map((cohorte) => (
              <TableauChiffres key={cohorte.annee} periode={cohorte} titre={cohorte.libelle} />
            ))}
          </section>
          <section className="pub-section" aria-labelledby="methode-titre">
            <h2 id="methode-titre">Méthode</h2>
            <p>{data.regle}</p>
            <p>
              Une sortie est « dynamique » quand elle mène à un emploi durable, à un emploi de transition ou à une sortie
              positive (formation qualifiante, embauche dans une autre structure d'insertion). Les transferts d'employeur et
              sorties automatiques ne sont pas comptés.
            </p>
          </section>
        </>
      )}
    </>
  );
}
