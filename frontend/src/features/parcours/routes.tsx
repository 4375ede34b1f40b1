import type { RouteObject } from 'react-router';

import type { NavItem } from '../../app/navigation';

/** Screens of people, parcours, freins and diagnostics: wired in app/routes.tsx. */
export const parcoursRoutes: RouteObject[] = [];

/** Navigation entries of the caseworkers, shown first. */
export const parcoursNavigation: NavItem[] = [];
