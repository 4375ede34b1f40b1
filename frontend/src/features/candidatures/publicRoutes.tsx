import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';

/*
 * The applicant's pages, without login and without the staff application's library (plain
 * React and HTML). Spliced under the public layout by src/public/routes.tsx, each loaded when
 * it is opened: a first visit to the public pages downloads none of the forms (tests/test_spa.py
 * keeps that first visit under 100 kB of compressed JavaScript).
 */
const DemandeLienPage = lazy(() => import('./public/DemandeLienPage').then((m) => ({ default: m.DemandeLienPage })));
const CandidaturePublicPage = lazy(() =>
  import('./public/CandidaturePublicPage').then((m) => ({ default: m.CandidaturePublicPage })),
);

function Chargement({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p role="status">Chargement…</p>}>{children}</Suspense>;
}

export const candidaturesPublicRoutes: RouteObject[] = [
  { path: 'etre-partenaire/chantier', element: <Chargement><DemandeLienPage voie="chantier_porteur" /></Chargement> },
  { path: 'etre-partenaire/partenaire', element: <Chargement><DemandeLienPage voie="partenaire" /></Chargement> },
  { path: 'etre-partenaire/financeur', element: <Chargement><DemandeLienPage voie="financeur" /></Chargement> },
  { path: 'candidature', element: <Chargement><CandidaturePublicPage /></Chargement> },
];
