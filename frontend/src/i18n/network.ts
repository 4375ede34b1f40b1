/**
 * French labels of the network's enums (conventions, partners' engagement).
 * Merged into enumLabels (labels.ts), checked against openapi.yaml by labels.test.ts.
 */
import type { Engagement, RolePartie, StatutConvention, TypeConvention } from '../api/types';

export const typeConventionLabels: Record<TypeConvention, string> = {
  nationale: 'Convention nationale',
  coordination: 'Coordination territoriale',
  mise_en_oeuvre: 'Mise en œuvre',
  partenariat: 'Partenariat',
  financement: 'Financement',
};

export const statutConventionLabels: Record<StatutConvention, string> = {
  brouillon: 'Brouillon',
  en_signature: 'En signature',
  active: 'Active',
  expiree: 'Expirée',
  resiliee: 'Résiliée',
};

export const rolePartieLabels: Record<RolePartie, string> = {
  signataire: 'Signataire',
  porteur: 'Porteur de la coordination',
  partenaire: 'Partenaire',
  financeur: 'Financeur',
};

/** A partner's place in the network: `engage` follows from an active partnership convention. */
export const engagementLabels: Record<Engagement, string> = {
  contact: 'En contact',
  engage: 'Engagé',
  inactif: 'Inactif',
};

export const networkEnumLabels = {
  TypeConvention: typeConventionLabels,
  StatutConvention: statutConventionLabels,
  RolePartie: rolePartieLabels,
  Engagement: engagementLabels,
} as const;
