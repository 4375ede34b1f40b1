import type { RouteObject } from 'react-router';

import type { NavItem } from '../../app/navigation';

/** Screens of the network (territoires, partner directory, conventions): wired in app/routes.tsx. */
export const networkRoutes: RouteObject[] = [];

/** Navigation entries of the network, inserted after "Territoires". */
export const networkNavigation: NavItem[] = [];
