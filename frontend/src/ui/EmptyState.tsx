import { EmptyState as MantineEmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  /** What is empty, e.g. "Aucun territoire ne correspond à ces filtres". */
  title: string;
  /** What to do about it. */
  description?: ReactNode;
  /** One obvious action (a button or a link). */
  action?: ReactNode;
}

/** An empty list always says what to do next. */
export function EmptyState({ title, description, action }: EmptyStateProps) {
  return (
    <MantineEmptyState role="status" py="xl" align="center">
      <MantineEmptyState.Title>{title}</MantineEmptyState.Title>
      {description !== undefined && <MantineEmptyState.Description>{description}</MantineEmptyState.Description>}
      {action !== undefined && <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions>}
    </MantineEmptyState>
  );
}
