import type { RouteObject } from 'react-router';

import { RequirePermission } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { AFairePage } from './AFairePage';
import { CaseloadPage } from './CaseloadPage';
import { DiagnosticFormPage } from './diagnostics/DiagnosticFormPage';
import { NouveauParcoursPage } from './NouveauParcoursPage';
import { ParcoursPage } from './ParcoursPage';
import { SortiePage } from './SortiePage';

/** Screens of people, parcours, freins and diagnostics: wired in app/routes.tsx. */
export const parcoursRoutes: RouteObject[] = [
  {
    element: <RequirePermission permission="a_faire:read" />,
    children: [{ path: 'a-faire', element: <AFairePage /> }],
  },
  {
    element: <RequirePermission permission="parcours:write" />,
    children: [
      { path: 'parcours/nouveau', element: <NouveauParcoursPage /> },
      { path: 'parcours/:parcoursId/sortie', element: <SortiePage /> },
      { path: 'parcours/:parcoursId/diagnostics/nouveau', element: <DiagnosticFormPage /> },
      { path: 'parcours/:parcoursId/diagnostics/:diagnosticId', element: <DiagnosticFormPage /> },
    ],
  },
  {
    element: <RequirePermission permission="salaries:read" />,
    children: [
      { path: 'parcours', element: <CaseloadPage /> },
      { path: 'parcours/:parcoursId', element: <ParcoursPage /> },
    ],
  },
];

/** Navigation entries of the caseworkers, shown first. */
export const parcoursNavigation: NavItem[] = [
  { to: '/a-faire', label: 'À faire', permission: 'a_faire:read' },
  { to: '/parcours', label: 'Salariés', permission: 'salaries:read' },
];
