/**
 * Test data: a `/moi` as the API answers it for a person of a role. The permissions come
 * from the API's table (generated), so a test reads "as an accompagnateur" and checks what
 * the SPA does with the permissions, never a role list of its own.
 */
import type { Moi, Role } from '../api/types';
import { ROLE_PERMISSIONS } from '../i18n/referentiel.generated';

export const TOUS_LES_ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];

export function moiDe(role: Role, autres: Partial<Moi> = {}): Moi {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    role,
    permissions: [...ROLE_PERMISSIONS[role]],
    perimetre: { chantier_ids: [], national: false, territoire_ids: [] },
    scopes: [],
    structure_id: '00000000-0000-4000-8000-000000000002',
    structure_nom: 'Structure de test',
    totp_active: false,
    totp_requis: false,
    type: 'utilisateur',
    ...autres,
  };
}
