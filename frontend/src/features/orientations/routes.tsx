import type { RouteObject } from 'react-router';

import { RequireRole } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { OrientationNouvellePage } from './OrientationNouvellePage';
import { OrientationPage } from './OrientationPage';
import { OrientationsPage } from './OrientationsPage';
import { PartenairesPage } from './PartenairesPage';
import { ORIENTATION_READERS, ORIENTATION_SENDERS, PARTENAIRES_STATS_ROLES } from './roles';

/** Screens of the orientations (partner referrals) and the partner table: wired in app/routes.tsx. */
export const orientationsRoutes: RouteObject[] = [
  {
    element: <RequireRole roles={ORIENTATION_SENDERS} />,
    children: [{ path: 'orientations/nouvelle', element: <OrientationNouvellePage /> }],
  },
  {
    element: <RequireRole roles={PARTENAIRES_STATS_ROLES} />,
    children: [{ path: 'orientations/partenaires', element: <PartenairesPage /> }],
  },
  {
    element: <RequireRole roles={ORIENTATION_READERS} />,
    children: [
      { path: 'orientations', element: <OrientationsPage /> },
      { path: 'orientations/:orientationId', element: <OrientationPage /> },
    ],
  },
];

/** Navigation entries of the orientations. */
export const orientationsNavigation: NavItem[] = [
  { to: '/orientations', label: 'Orientations', roles: [...ORIENTATION_READERS] },
  { to: '/orientations/partenaires', label: 'Partenaires', roles: [...PARTENAIRES_STATS_ROLES] },
];
