import type { RouteObject } from 'react-router';

import { RequirePermission } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { ConservationPage } from './ConservationPage';
import { NoticePage } from './NoticePage';

/** Personal-data screens: wired in app/routes.tsx. */
export const rgpdRoutes: RouteObject[] = [
  {
    // The notice is handed to the people whose files the reader opens.
    element: <RequirePermission permission="salaries:read" />,
    children: [{ path: 'notice-information', element: <NoticePage /> }],
  },
  {
    element: <RequirePermission permission="rgpd:retention" />,
    children: [{ path: 'administration/conservation', element: <ConservationPage /> }],
  },
];

export const noticeNavigation: NavItem = { to: '/notice-information', label: "Notice d'information", permission: 'salaries:read' };

export const conservationNavigation: NavItem = {
  to: '/administration/conservation',
  label: 'Conservation des données',
  permission: 'rgpd:retention',
  section: 'Administration',
};
