import type { RouteObject } from 'react-router';

import { RequireRole } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { EvaluationPage } from './EvaluationPage';
import { IndicateursPage } from './IndicateursPage';
import { EVALUATION_ROLES, INDICATEURS_ROLES } from './roles';

/** The indicators page and the evaluators' dataset: wired in app/routes.tsx. */
export const indicateursRoutes: RouteObject[] = [
  {
    element: <RequireRole roles={INDICATEURS_ROLES} />,
    children: [{ path: 'indicateurs', element: <IndicateursPage /> }],
  },
  {
    element: <RequireRole roles={EVALUATION_ROLES} />,
    children: [{ path: 'evaluation', element: <EvaluationPage /> }],
  },
];

/** Navigation entries of the indicators. */
export const indicateursNavigation: NavItem[] = [
  { to: '/indicateurs', label: 'Indicateurs', roles: [...INDICATEURS_ROLES] },
  { to: '/evaluation', label: 'Évaluation', roles: [...EVALUATION_ROLES] },
];
