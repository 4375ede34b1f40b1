import type { TerritoirePublic } from './api';

/**
 * A schematic map of metropolitan France: a simplified outline and one mark per territoire at
 * the point the API gives (its region's). Not a cartography: the list beside it is the
 * accessible equivalent, with every territoire's region and statut.
 */
const LON_MIN = -5.3;
const LAT_MAX = 51.3;
const ECHELLE = 40;
const COS_LAT = 0.69; // cos(46.5°): degrees of longitude are shorter than those of latitude
const MARGE = 12;
const LARGEUR = 460;
const HAUTEUR = 430;

function projeter(longitude: number, latitude: number): [number, number] {
  return [MARGE + (longitude - LON_MIN) * COS_LAT * ECHELLE, MARGE + (LAT_MAX - latitude) * ECHELLE];
}

// The coast and borders, counter-clockwise from Dunkerque (longitude, latitude).
const CONTOUR: [number, number][] = [
  [2.37, 51.05], [1.85, 50.95], [1.6, 50.7], [1.6, 50.2], [1.08, 49.93], [0.1, 49.5], [-0.4, 49.3],
  [-1.2, 49.35], [-1.3, 49.65], [-1.9, 49.7], [-1.55, 48.65], [-2.0, 48.65], [-3.0, 48.8], [-4.0, 48.7],
  [-4.75, 48.4], [-4.3, 48.1], [-4.7, 48.0], [-3.4, 47.7], [-2.5, 47.5], [-2.2, 47.25], [-2.0, 47.0],
  [-1.8, 46.5], [-1.15, 46.15], [-1.05, 45.6], [-1.25, 44.65], [-1.45, 43.9], [-1.55, 43.45],
  [-1.78, 43.35], [-1.4, 43.05], [-0.3, 42.85], [0.7, 42.75], [1.4, 42.6], [2.5, 42.4], [3.17, 42.44],
  [3.05, 42.8], [3.2, 43.2], [3.7, 43.4], [4.2, 43.45], [4.6, 43.35], [5.35, 43.3], [5.95, 43.1],
  [6.6, 43.25], [7.25, 43.7], [7.5, 43.78], [7.7, 44.1], [7.0, 44.2], [6.9, 44.7], [7.1, 45.2],
  [6.8, 45.8], [6.1, 46.15], [6.1, 46.6], [6.9, 47.4], [7.55, 47.6], [7.6, 48.3], [8.2, 48.95],
  [7.4, 49.15], [6.7, 49.2], [6.1, 49.5], [5.5, 49.5], [4.85, 50.15], [4.2, 49.95], [3.6, 50.4],
  [2.6, 50.8],
];
const CORSE: [number, number][] = [
  [9.4, 43.0], [9.55, 42.1], [9.2, 41.4], [8.8, 41.6], [8.6, 42.3], [9.0, 42.7],
];

function chemin(points: [number, number][]): string {
  return `${points.map(([lon, lat], index) => `${index === 0 ? 'M' : 'L'}${projeter(lon, lat).map((v) => v.toFixed(1)).join(' ')}`).join(' ')} Z`;
}

const FRANCE = chemin(CONTOUR);
const CORSICA = chemin(CORSE);

/** The mark of a statut: a shape as well as a colour (never colour alone). */
export function Marque({ statut, x = 0, y = 0 }: { statut: TerritoirePublic['statut']; x?: number; y?: number }) {
  if (statut === 'operationnel') return <circle cx={x} cy={y} r={7} fill="#2b8a3e" stroke="#fff" strokeWidth={2} />;
  if (statut === 'preparation') return <circle cx={x} cy={y} r={6} fill="#fff" stroke="#0b4a85" strokeWidth={3} />;
  return <rect x={x - 6} y={y - 6} width={12} height={12} fill="#495057" stroke="#fff" strokeWidth={2} />;
}

export function CarteFrance({ territoires }: { territoires: TerritoirePublic[] }) {
  const places = territoires.filter(
    (t): t is TerritoirePublic & { longitude: number; latitude: number } =>
      t.longitude !== null && t.latitude !== null && t.longitude > LON_MIN && t.latitude < LAT_MAX && t.latitude > 41,
  );
  return (
    <svg className="pub-map" viewBox={`0 0 ${LARGEUR} ${HAUTEUR}`} role="img" aria-labelledby="carte-titre">
      <title id="carte-titre">
        {`Carte schématique de la France : ${places.length} territoire${places.length > 1 ? 's' : ''} placé${places.length > 1 ? 's' : ''} dans leur région`}
      </title>
      <path className="pub-map-land" d={FRANCE} />
      <path className="pub-map-land" d={CORSICA} />
      {places.map((territoire) => {
        const [x, y] = projeter(territoire.longitude, territoire.latitude);
        const aGauche = x > LARGEUR - 110;
        return (
          <g key={territoire.code}>
            <Marque statut={territoire.statut} x={x} y={y} />
            <text x={aGauche ? x - 11 : x + 11} y={y + 4} textAnchor={aGauche ? 'end' : 'start'}>
              {territoire.nom}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
