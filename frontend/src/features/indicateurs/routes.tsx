import type { RouteObject } from 'react-router';

import { RequirePermission } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { EvaluationPage } from './EvaluationPage';
import { IndicateursPage } from './IndicateursPage';

/** The indicators page and the evaluators' dataset: wired in app/routes.tsx. */
export const indicateursRoutes: RouteObject[] = [
  {
    element: <RequirePermission permission="indicateurs:read" />,
    children: [{ path: 'indicateurs', element: <IndicateursPage /> }],
  },
  {
    element: <RequirePermission permission="exports:evaluation" />,
    children: [{ path: 'evaluation', element: <EvaluationPage /> }],
  },
];

/** Navigation entries of the indicators. */
export const indicateursNavigation: NavItem[] = [
  { to: '/indicateurs', label: 'Indicateurs', permission: 'indicateurs:read' },
  { to: '/evaluation', label: 'Évaluation', permission: 'exports:evaluation' },
];
