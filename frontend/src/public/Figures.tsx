import { Link } from 'react-router';

import { type ChiffrePublic, type PeriodePublique, formatNombre, formatTaux, useResultats } from './api';

/** The brochure's headline shares, live: what the programme page shows first. */
const A_LA_UNE = ['sorties_dynamiques', 'en_logement', 'sante_amelioree', 'droits_accrus'];

export function ChiffresALaUne() {
  const { data, failed } = useResultats();
  if (failed) return <p className="pub-status">Les résultats ne sont pas disponibles pour le moment.</p>;
  if (data === null) return <p className="pub-status" role="status">Chargement des résultats…</p>;
  const periode = data.national;
  const chiffres = A_LA_UNE.map((code) => periode.chiffres.find((c) => c.code === code)).filter(
    (c): c is ChiffrePublic => c !== undefined,
  );
  const sorties = periode.chiffres.find((c) => c.code === 'sorties');
  return (
    <>
      <p>
        {periode.libelle}, au niveau national
        {sorties !== undefined && sorties.nombre !== null ? ` : ${formatNombre(sorties)} sorties comptées.` : '.'}
      </p>
      <dl className="pub-figures">
        {chiffres.map((chiffre) => (
          <div className="pub-figure" key={chiffre.code}>
            <dt className="pub-figure-label">{chiffre.libelle}</dt>
            <dd className="pub-figure-value" style={{ margin: 0 }}>
              {formatTaux(chiffre) ?? 'non publié'}
            </dd>
          </div>
        ))}
      </dl>
      <p style={{ marginTop: '1rem' }}>
        <Link to="/resultats">Tous les résultats et leur méthode</Link>
      </p>
    </>
  );
}

/** One period's figures as a table: count and share, or what stands in their place. */
export function TableauChiffres({ periode, titre }: { periode: PeriodePublique; titre: string }) {
  return (
    // A region of its own that scrolls sideways on a narrow phone, reachable by keyboard.
    <div className="pub-table-wrap" role="region" aria-label={titre} tabIndex={0}>
      <table className="pub-table">
        <caption>{titre}</caption>
        <thead>
          <tr>
            <th scope="col">Indicateur</th>
            <th scope="col" className="pub-num">
              Nombre
            </th>
            <th scope="col" className="pub-num">
              Part
            </th>
          </tr>
        </thead>
        <tbody>
          {periode.chiffres.map((chiffre) => (
            <tr key={chiffre.code}>
              <th scope="row">{chiffre.libelle}</th>
              <td className="pub-num">{formatNombre(chiffre)}</td>
              <td className="pub-num">{formatTaux(chiffre) ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
