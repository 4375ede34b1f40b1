import type { Moi, Permission } from '../api/types';
import { candidaturesNavigation } from '../features/candidatures/routes';
import { connecteursNavigation } from '../features/connecteurs/routes';
import { importsNavigation } from '../features/imports/routes';
import { indicateursNavigation } from '../features/indicateurs/routes';
import { networkNavigation } from '../features/network/routes';
import { orientationsNavigation } from '../features/orientations/routes';
import { parcoursNavigation } from '../features/parcours/routes';
import { conservationNavigation, noticeNavigation } from '../features/rgpd/routes';
import { can, inChantier } from './permissions';

/**
 * The main navigation. Each entry may name the permission (from `/moi`) that opens
 * its page; an entry without one is for everyone.
 */
export interface NavItem {
  to: string;
  label: string;
  /** The permission the page needs; undefined means everyone signed in. */
  permission?: Permission;
  /** The page is a chantier's own: shown to the people of one chantier only. */
  chantier?: true;
  /** Entries of one section are shown together under its title. */
  section?: string;
}

export const navigation: readonly NavItem[] = [
  ...parcoursNavigation,
  ...connecteursNavigation,
  ...orientationsNavigation,
  ...indicateursNavigation,
  { to: '/territoires', label: 'Territoires', permission: 'reference:read' },
  ...networkNavigation,
  ...candidaturesNavigation,
  { to: '/administration/utilisateurs', label: 'Utilisateurs', permission: 'utilisateurs:admin', section: 'Administration' },
  { to: '/administration/clients-api', label: "Clients d'API", permission: 'clients:admin', section: 'Administration' },
  { to: '/administration/audit', label: "Journal d'audit", permission: 'audit:read', section: 'Administration' },
  ...importsNavigation,
  conservationNavigation,
  noticeNavigation,
  { to: '/mon-compte', label: 'Mon compte' },
];

export function navigationFor(moi: Pick<Moi, 'role' | 'permissions'> | null | undefined, items: readonly NavItem[] = navigation): NavItem[] {
  return items.filter(
    (item) => (item.permission === undefined || can(moi, item.permission)) && (item.chantier !== true || inChantier(moi?.role)),
  );
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
