/** French labels of the connectors' enums (Les emplois de l'inclusion). */
import type { components } from '../api/schema';

type S = components['schemas'];

export const issueSynchroLabels: Record<S['IssueSynchro'], string> = {
  reussie: 'Réussie',
  identifiants_refuses: 'Identifiants refusés',
  acces_refuse: 'Accès refusé',
  limite_atteinte: 'Limite d’appels atteinte',
  indisponible: 'Service indisponible',
};

export const statutArriveeLabels: Record<S['StatutArrivee'], string> = {
  a_accueillir: 'À accueillir',
  accueillie: 'Accueillie',
};

export const connecteursEnumLabels = {
  IssueSynchro: issueSynchroLabels,
  StatutArrivee: statutArriveeLabels,
} as const;
