import './public/candidatures-public.css';

import type { RouteObject } from 'react-router';

import { CandidaturePublicPage } from './public/CandidaturePublicPage';
import { DemandeLienPage } from './public/DemandeLienPage';

/**
 * The applicant's pages, without login and without the staff application's library (plain
 * React and HTML: they ship in the light public bundle). Spliced under the public layout by src/public/routes.tsx.
 */
export const candidaturesPublicRoutes: RouteObject[] = [
  { path: 'etre-partenaire/chantier', element: <DemandeLienPage voie="chantier_porteur" /> },
  { path: 'etre-partenaire/partenaire', element: <DemandeLienPage voie="partenaire" /> },
  { path: 'etre-partenaire/financeur', element: <DemandeLienPage voie="financeur" /> },
  { path: 'candidature', element: <CandidaturePublicPage /> },
];
