import './public/candidatures-public.css';

import { Outlet, type RouteObject } from 'react-router';

import { CandidaturePublicPage } from './public/CandidaturePublicPage';
import { DemandeLienPage } from './public/DemandeLienPage';

/**
 * The applicant's pages, without login and without the staff application's library (plain
 * React and HTML: they ship in the light public bundle). Spliced into the public routes.
 */
export const candidaturesPublicRoutes: RouteObject[] = [
  { path: 'etre-partenaire/chantier', element: <DemandeLienPage voie="chantier_porteur" /> },
  { path: 'etre-partenaire/partenaire', element: <DemandeLienPage voie="partenaire" /> },
  { path: 'etre-partenaire/financeur', element: <DemandeLienPage voie="financeur" /> },
  { path: 'candidature', element: <CandidaturePublicPage /> },
];

/** A bare `<main>` for these pages until they sit in the public layout (then unused). */
export function CandidaturesPublicMain() {
  return (
    <main id="contenu">
      <Outlet />
    </main>
  );
}
