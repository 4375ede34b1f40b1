/** French labels of the connectors' enums (Les emplois de l'inclusion), from the API's vocabulary. */
import type { components } from '../api/schema';
import { LIBELLES } from './referentiel.generated';

type S = components['schemas'];

export const issueSynchroLabels: Record<S['IssueSynchro'], string> = LIBELLES.IssueSynchro;

export const statutArriveeLabels: Record<S['StatutArrivee'], string> = LIBELLES.StatutArrivee;
