import type { RouteObject } from 'react-router';

import { RequirePermission } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { OrientationNouvellePage } from './OrientationNouvellePage';
import { OrientationPage } from './OrientationPage';
import { OrientationsPage } from './OrientationsPage';
import { PartenairesPage } from './PartenairesPage';

/** Screens of the orientations (partner referrals) and the partner table: wired in app/routes.tsx. */
export const orientationsRoutes: RouteObject[] = [
  {
    element: <RequirePermission permission="orientations:create" />,
    children: [{ path: 'orientations/nouvelle', element: <OrientationNouvellePage /> }],
  },
  {
    element: <RequirePermission permission="orientations:statistics" />,
    children: [{ path: 'orientations/partenaires', element: <PartenairesPage /> }],
  },
  {
    element: <RequirePermission permission="orientations:read" />,
    children: [
      { path: 'orientations', element: <OrientationsPage /> },
      { path: 'orientations/:orientationId', element: <OrientationPage /> },
    ],
  },
];

/** Navigation entries of the orientations. */
export const orientationsNavigation: NavItem[] = [
  { to: '/orientations', label: 'Orientations', permission: 'orientations:read' },
  { to: '/orientations/partenaires', label: 'Partenaires', permission: 'orientations:statistics' },
];
