/**
 * Who may open and change what in the network screens. The API decides for
 * real (403/404): this only avoids showing doors that will not open.
 */
import type { Role, StructureType, TypeConvention } from '../../api/types';
import { TERRITOIRES_ROLES } from '../../app/roles';

/** The partner directory: every role that reads the territoires. */
export const ANNUAIRE_ROLES: readonly Role[] = TERRITOIRES_ROLES;

/** Creating a territoire, changing its statut or densité. */
export const TERRITOIRE_ADMIN_ROLES: readonly Role[] = ['admin_national'];

/** Creating and editing structures (each within its perimeter, see structureTypesFor). */
export const STRUCTURE_WRITER_ROLES: readonly Role[] = ['admin_national', 'coordinateur', 'charge_partenariat'];

/** Reading conventions (each sees those of its perimeter). */
export const CONVENTIONS_ROLES: readonly Role[] = [
  'admin_national',
  'coordinateur',
  'charge_partenariat',
  'direction_chantier',
  'fas',
  'financeur',
];

/** Writing conventions: the chargé·e de partenariat only partnerships. */
export const CONVENTION_WRITER_ROLES: readonly Role[] = ['admin_national', 'coordinateur', 'charge_partenariat'];

const ALL_STRUCTURE_TYPES: readonly StructureType[] = ['convergence_france', 'fas', 'chantier', 'partenaire', 'financeur', 'evaluateur'];
const ALL_CONVENTION_TYPES: readonly TypeConvention[] = ['nationale', 'coordination', 'mise_en_oeuvre', 'partenariat', 'financement'];

/** The types of structure a role may create (same rule as the API). */
export function structureTypesFor(role: Role): readonly StructureType[] {
  switch (role) {
    case 'admin_national':
      return ALL_STRUCTURE_TYPES;
    case 'coordinateur':
      return ['chantier', 'partenaire'];
    case 'charge_partenariat':
      return ['partenaire'];
    default:
      return [];
  }
}

/** The types of convention a role may create or change. */
export function conventionTypesFor(role: Role): readonly TypeConvention[] {
  switch (role) {
    case 'admin_national':
    case 'coordinateur':
      return ALL_CONVENTION_TYPES;
    case 'charge_partenariat':
      return ['partenariat'];
    default:
      return [];
  }
}

export function canWriteStructure(role: Role, type: StructureType): boolean {
  return structureTypesFor(role).includes(type);
}

export function canWriteConvention(role: Role, type: TypeConvention): boolean {
  return conventionTypesFor(role).includes(type);
}
