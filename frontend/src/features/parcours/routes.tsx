import type { RouteObject } from 'react-router';

import { RequireRole } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { AFairePage } from './AFairePage';
import { CaseloadPage } from './CaseloadPage';
import { DiagnosticFormPage } from './diagnostics/DiagnosticFormPage';
import { NouveauParcoursPage } from './NouveauParcoursPage';
import { ParcoursPage } from './ParcoursPage';
import { PARCOURS_ROLES, PARCOURS_WRITERS } from './roles';
import { SortiePage } from './SortiePage';

/** Screens of people, parcours, freins and diagnostics: wired in app/routes.tsx. */
export const parcoursRoutes: RouteObject[] = [
  {
    element: <RequireRole roles={PARCOURS_WRITERS} />,
    children: [
      { path: 'a-faire', element: <AFairePage /> },
      { path: 'parcours/nouveau', element: <NouveauParcoursPage /> },
      { path: 'parcours/:parcoursId/sortie', element: <SortiePage /> },
      { path: 'parcours/:parcoursId/diagnostics/nouveau', element: <DiagnosticFormPage /> },
      { path: 'parcours/:parcoursId/diagnostics/:diagnosticId', element: <DiagnosticFormPage /> },
    ],
  },
  {
    element: <RequireRole roles={PARCOURS_ROLES} />,
    children: [
      { path: 'parcours', element: <CaseloadPage /> },
      { path: 'parcours/:parcoursId', element: <ParcoursPage /> },
    ],
  },
];

/** Navigation entries of the caseworkers, shown first. */
export const parcoursNavigation: NavItem[] = [
  { to: '/a-faire', label: 'À faire', roles: ['accompagnateur', 'direction_chantier', 'coordinateur'] },
  { to: '/parcours', label: 'Salariés', roles: PARCOURS_ROLES },
];
