import type { Role } from '../api/types';
import { connecteursNavigation } from '../features/connecteurs/routes';
import { indicateursNavigation } from '../features/indicateurs/routes';
import { networkNavigation } from '../features/network/routes';
import { orientationsNavigation } from '../features/orientations/routes';
import { parcoursNavigation } from '../features/parcours/routes';
import { conservationNavigation, noticeNavigation } from '../features/rgpd/routes';
import { ADMIN_ROLES, TERRITOIRES_ROLES } from './roles';

/**
 * The main navigation. Each entry may list the roles that see it; an entry
 * without roles is for everyone.
 */
export interface NavItem {
  to: string;
  label: string;
  /** Roles allowed to see the entry; undefined means every role. */
  roles?: readonly Role[];
  /** Entries of one section are shown together under its title. */
  section?: string;
}

export const navigation: readonly NavItem[] = [
  ...parcoursNavigation,
  ...connecteursNavigation,
  ...orientationsNavigation,
  ...indicateursNavigation,
  { to: '/territoires', label: 'Territoires', roles: TERRITOIRES_ROLES },
  ...networkNavigation,
  { to: '/administration/utilisateurs', label: 'Utilisateurs', roles: ADMIN_ROLES, section: 'Administration' },
  { to: '/administration/clients-api', label: "Clients d'API", roles: ADMIN_ROLES, section: 'Administration' },
  { to: '/administration/audit', label: "Journal d'audit", roles: ADMIN_ROLES, section: 'Administration' },
  conservationNavigation,
  noticeNavigation,
  { to: '/mon-compte', label: 'Mon compte' },
];

export function navigationFor(role: Role | null | undefined, items: readonly NavItem[] = navigation): NavItem[] {
  return items.filter((item) => item.roles === undefined || (role != null && item.roles.includes(role)));
}

export interface NavGroup {
  section: string | null;
  items: NavItem[];
}

/** Consecutive entries of one section grouped, in order. */
export function groupNavigation(items: readonly NavItem[]): NavGroup[] {
  const groups: NavGroup[] = [];
  for (const item of items) {
    const section = item.section ?? null;
    const last = groups[groups.length - 1];
    if (last !== undefined && last.section === section) last.items.push(item);
    else groups.push({ section, items: [item] });
  }
  return groups;
}

/**
 * The one menu entry of the current page: the longest entry the path is in
 * ("/orientations/partenaires" is not also "/orientations").
 */
export function activeEntry(pathname: string, items: readonly NavItem[]): string | null {
  let best: string | null = null;
  for (const item of items) {
    const inside = pathname === item.to || pathname.startsWith(`${item.to}/`);
    if (inside && (best === null || item.to.length > best.length)) best = item.to;
  }
  return best;
}
