import type { RouteObject } from 'react-router';

import { RequirePermission } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { ImportPage } from './ImportPage';

/** The import of the programme's history: wired in app/routes.tsx. */
export const importsRoutes: RouteObject[] = [
  {
    element: <RequirePermission permission="imports:historique" />,
    children: [{ path: 'import-historique', element: <ImportPage /> }],
  },
];

/** Its menu entry, for the national team and the coordinateurs. */
export const importsNavigation: NavItem[] = [
  { to: '/import-historique', label: "Importer l'historique", permission: 'imports:historique', section: 'Administration' },
];
