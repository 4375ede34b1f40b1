import type { RouteObject } from 'react-router';

import { RequireRole } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import type { Role } from '../../api/types';
import { EmploisPage } from './EmploisPage';

/** Who sees a chantier's arrivals (and, for its direction, its connection). */
export const EMPLOIS_ROLES: readonly Role[] = ['admin_national', 'coordinateur', 'direction_chantier', 'accompagnateur'];

export const connecteursRoutes: RouteObject[] = [
  {
    element: <RequireRole roles={EMPLOIS_ROLES} />,
    children: [
      { path: 'emplois', element: <EmploisPage /> },
      { path: 'chantiers/:chantierId/emplois', element: <EmploisPage /> },
    ],
  },
];

/** The chantier's own page (roles of one chantier). */
export const connecteursNavigation: NavItem[] = [
  { to: '/emplois', label: 'Les emplois', roles: ['direction_chantier', 'accompagnateur'] },
];
