/** The enrolment's progress indicator, shared by its steps and the entry diagnostic. */
import { Stepper, Text } from '@mantine/core';

import { ETAPES } from './brouillon';

export function EtapesAccueil({ active, onRetour }: { active: number; onRetour?: (etape: number) => void }) {
  return (
    <nav aria-label="Étapes de l'accueil">
      <Stepper
        active={active}
        size="sm"
        className="inscription-stepper"
        allowNextStepsSelect={false}
        onStepClick={onRetour === undefined ? undefined : (etape) => etape < active && onRetour(etape)}
      >
        {ETAPES.map((label, index) => (
          <Stepper.Step key={label} label={label} aria-current={index === active ? 'step' : undefined} />
        ))}
      </Stepper>
      <Text mt="sm" fw={600}>
        Étape {active + 1} sur {ETAPES.length} : {ETAPES[active]}
      </Text>
    </nav>
  );
}
