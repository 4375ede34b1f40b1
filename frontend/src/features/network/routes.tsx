import './network.css';

import type { RouteObject } from 'react-router';

import { RequireRole } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { TerritoireCreatePage } from '../territoires/TerritoireCreatePage';
import { ConventionCreatePage } from './ConventionCreatePage';
import { ConventionPage } from './ConventionPage';
import { ConventionsPage } from './ConventionsPage';
import { ANNUAIRE_ROLES, CONVENTION_WRITER_ROLES, CONVENTIONS_ROLES, STRUCTURE_WRITER_ROLES, TERRITOIRE_ADMIN_ROLES } from './roles';
import { StructureCreatePage, StructureEditPage } from './StructureFormPages';
import { StructurePage } from './StructurePage';
import { StructuresPage } from './StructuresPage';

/**
 * Screens of the network (territoires, partner directory, conventions): wired
 * in app/routes.tsx. "territoires/nouveau" outranks "territoires/:territoireId"
 * (a static segment wins in React Router), wherever each is declared.
 */
export const networkRoutes: RouteObject[] = [
  {
    element: <RequireRole roles={TERRITOIRE_ADMIN_ROLES} />,
    children: [{ path: 'territoires/nouveau', element: <TerritoireCreatePage /> }],
  },
  {
    element: <RequireRole roles={ANNUAIRE_ROLES} />,
    children: [
      { path: 'structures', element: <StructuresPage /> },
      { path: 'structures/:structureId', element: <StructurePage /> },
    ],
  },
  {
    element: <RequireRole roles={STRUCTURE_WRITER_ROLES} />,
    children: [
      { path: 'structures/nouveau', element: <StructureCreatePage /> },
      { path: 'structures/:structureId/modifier', element: <StructureEditPage /> },
    ],
  },
  {
    element: <RequireRole roles={CONVENTIONS_ROLES} />,
    children: [
      { path: 'conventions', element: <ConventionsPage /> },
      { path: 'conventions/:conventionId', element: <ConventionPage /> },
    ],
  },
  {
    element: <RequireRole roles={CONVENTION_WRITER_ROLES} />,
    children: [{ path: 'conventions/nouveau', element: <ConventionCreatePage /> }],
  },
];

/** Navigation entries of the network, inserted after "Territoires". */
export const networkNavigation: NavItem[] = [
  { to: '/structures', label: 'Annuaire', roles: ANNUAIRE_ROLES },
  { to: '/conventions', label: 'Conventions', roles: CONVENTIONS_ROLES },
];
