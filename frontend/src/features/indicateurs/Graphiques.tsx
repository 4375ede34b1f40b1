/**
 * Two small charts drawn with HTML and CSS (no chart library): horizontal bars
 * to put territoires or chantiers side by side, columns for years. Each says
 * what it plots in a visible title, draws only the points that have a value
 * (the others are named under it), and is one image for assistive
 * technologies, named with every value it shows; the exact figures are in the
 * table printed beside it.
 */
import { Text } from '@mantine/core';

import { graphiqueMessages } from '../../i18n/indicateurs';

export interface PointGraphique {
  cle: string;
  libelle: string;
  /** A ratio between 0 and 1; null draws no bar (hidden or not computable). */
  valeur: number | null;
  /** The value as written ("47 %", "—"). */
  texte: string;
  /** The point the reader chose (drawn darker, written in bold). */
  choisi?: boolean;
}

function description(titre: string, points: readonly PointGraphique[]): string {
  return `${titre} : ${points.map((point) => `${point.libelle}, ${point.texte}${point.choisi === true ? ' (choisi)' : ''}`).join(' ; ')}.`;
}

function ratio(valeur: number | null): number {
  return Math.max(0, Math.min(1, valeur ?? 0));
}

function hauteur(valeur: number | null): string {
  return `${ratio(valeur) * 100}%`;
}

/** The chart's title, shown: what it plots, where and when. */
function Titre({ titre }: { titre: string }) {
  return (
    <Text fw={600} size="sm" className="graphique-titre">
      {titre}
    </Text>
  );
}

/** Said under a chart: the points it does not draw (hidden or without exits). */
function SansValeur({ points }: { points: readonly PointGraphique[] }) {
  const vides = points.filter((point) => point.valeur === null);
  if (vides.length === 0) return null;
  return (
    <Text size="sm" c="dimmed">
      {vides.length === points.length ? graphiqueMessages.aucunTaux : graphiqueMessages.sansTaux(vides.map((point) => point.libelle).join(', '))}
    </Text>
  );
}

/** Horizontal bars, one line per territoire or chantier (long names wrap). */
export function BarresHorizontales({ titre, points }: { titre: string; points: readonly PointGraphique[] }) {
  const dessines = points.filter((point) => point.valeur !== null);
  return (
    <>
      <Titre titre={titre} />
      {dessines.length > 0 && (
        <div className="graphique-barres" role="img" aria-label={description(titre, dessines)}>
          {dessines.map((point) => (
            <div key={point.cle} className="graphique-barres-ligne" data-choisi={point.choisi === true ? '' : undefined}>
              <span className="graphique-barres-libelle">{point.libelle}</span>
              <span className="graphique-piste">
                {point.valeur !== null && <span className="graphique-barre" style={{ width: hauteur(point.valeur) }} />}
              </span>
              <span className="graphique-barres-valeur">{point.texte}</span>
            </div>
          ))}
        </div>
      )}
      <SansValeur points={points} />
    </>
  );
}

/** Columns, one per year, oldest on the left; scrolls sideways when the years don't fit. */
export function ColonnesAnnees({ titre, points }: { titre: string; points: readonly PointGraphique[] }) {
  if (points.length === 0) return <Text c="dimmed">{graphiqueMessages.aucuneSortie}</Text>;
  const dessines = points.filter((point) => point.valeur !== null);
  return (
    <>
      <Titre titre={titre} />
      {dessines.length > 0 && (
        <div className="graphique-defilement" role="region" aria-label={`${titre} (graphique)`} tabIndex={0}>
          <div className="graphique-colonnes" role="img" aria-label={description(titre, dessines)}>
            {dessines.map((point) => (
              <div key={point.cle} className="graphique-colonne" data-choisi={point.choisi === true ? '' : undefined}>
                <span className="graphique-colonne-zone">
                  <span className="graphique-colonne-valeur">{point.texte}</span>
                  {point.valeur !== null && (
                    <span className="graphique-colonne-barre" style={{ height: `calc((100% - 1.5rem) * ${ratio(point.valeur)})` }} />
                  )}
                </span>
                <span className="graphique-colonne-annee">{point.libelle}</span>
              </div>
            ))}
          </div>
        </div>
      )}
      <SansValeur points={points} />
    </>
  );
}
