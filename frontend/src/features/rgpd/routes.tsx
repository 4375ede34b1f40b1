import type { RouteObject } from 'react-router';

import { RequireRole } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { ConservationPage } from './ConservationPage';
import { NoticePage } from './NoticePage';
import { NOTICE_ROLES, RETENTION_ROLES } from './roles';

/** Personal-data screens: wired in app/routes.tsx. */
export const rgpdRoutes: RouteObject[] = [
  {
    element: <RequireRole roles={NOTICE_ROLES} />,
    children: [{ path: 'notice-information', element: <NoticePage /> }],
  },
  {
    element: <RequireRole roles={RETENTION_ROLES} />,
    children: [{ path: 'administration/conservation', element: <ConservationPage /> }],
  },
];

export const noticeNavigation: NavItem = { to: '/notice-information', label: "Notice d'information", roles: NOTICE_ROLES };

export const conservationNavigation: NavItem = {
  to: '/administration/conservation',
  label: 'Conservation des données',
  roles: RETENTION_ROLES,
  section: 'Administration',
};
