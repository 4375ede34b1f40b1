import type { RouteObject } from 'react-router';

import { RequirePermission } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { AnnuaireImportPage } from './AnnuaireImportPage';
import { EmploisPage } from './EmploisPage';

export const connecteursRoutes: RouteObject[] = [
  {
    // A chantier's arrivals are welcomed by those who write its parcours (the API's rule).
    element: <RequirePermission permission="parcours:write" />,
    children: [
      { path: 'emplois', element: <EmploisPage /> },
      { path: 'chantiers/:chantierId/emplois', element: <EmploisPage /> },
    ],
  },
  {
    // The directory is imported by those who write it (the API's rule); "structures/importer"
    // outranks "structures/:structureId" (a static segment wins in React Router).
    element: <RequirePermission permission="structures:write" />,
    children: [{ path: 'structures/importer', element: <AnnuaireImportPage /> }],
  },
];

/** The chantier's own page (people of one chantier). */
export const connecteursNavigation: NavItem[] = [{ to: '/emplois', label: 'Les emplois', permission: 'parcours:write', chantier: true }];
