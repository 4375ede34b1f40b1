import './network.css';

import type { RouteObject } from 'react-router';

import { RequirePermission } from '../../app/auth/guards';
import type { NavItem } from '../../app/navigation';
import { TerritoireCreatePage } from '../territoires/TerritoireCreatePage';
import { ConventionCreatePage } from './ConventionCreatePage';
import { ConventionPage } from './ConventionPage';
import { ConventionsPage } from './ConventionsPage';
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
    element: <RequirePermission permission="territoires:write" />,
    children: [{ path: 'territoires/nouveau', element: <TerritoireCreatePage /> }],
  },
  {
    element: <RequirePermission permission="reference:read" />,
    children: [
      { path: 'structures', element: <StructuresPage /> },
      { path: 'structures/:structureId', element: <StructurePage /> },
    ],
  },
  {
    element: <RequirePermission permission="structures:write" />,
    children: [
      { path: 'structures/nouveau', element: <StructureCreatePage /> },
      { path: 'structures/:structureId/modifier', element: <StructureEditPage /> },
    ],
  },
  {
    element: <RequirePermission permission="conventions:read" />,
    children: [
      { path: 'conventions', element: <ConventionsPage /> },
      { path: 'conventions/:conventionId', element: <ConventionPage /> },
    ],
  },
  {
    element: <RequirePermission permission="conventions:partenariat" />,
    children: [{ path: 'conventions/nouveau', element: <ConventionCreatePage /> }],
  },
];

/** Navigation entries of the network, inserted after "Territoires". */
export const networkNavigation: NavItem[] = [
  { to: '/structures', label: 'Annuaire', permission: 'reference:read' },
  { to: '/conventions', label: 'Conventions', permission: 'conventions:read' },
];
