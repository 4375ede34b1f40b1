/**
 * French labels of the network's enums (conventions, partners' engagement).
 * Merged into enumLabels (labels.ts), checked against openapi.yaml by labels.test.ts.
 */
import type { Engagement, RolePartie, StatutConvention, TypeConvention } from '../api/types';
import { LIBELLES } from './referentiel.generated';

export const typeConventionLabels: Record<TypeConvention, string> = LIBELLES.TypeConvention;

export const statutConventionLabels: Record<StatutConvention, string> = LIBELLES.StatutConvention;

export const rolePartieLabels: Record<RolePartie, string> = LIBELLES.RolePartie;

/** A partner's place in the network: `engage` follows from an active partnership convention. */
export const engagementLabels: Record<Engagement, string> = LIBELLES.Engagement;

