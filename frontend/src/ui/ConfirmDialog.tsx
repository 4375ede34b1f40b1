import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  /** What will happen, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  loading?: boolean;
  danger?: boolean;
  /** Until what must be checked is (e.g. a word typed to confirm). */
  confirmDisabled?: boolean;
}

/** Destructive or irreversible actions confirm first and say what will happen (UI.md). */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  loading,
  danger = true,
  confirmDisabled = false,
}: ConfirmDialogProps) {
  return (
    <Modal.Root opened={opened} onClose={onCancel} centered>
      <Modal.Overlay />
      <Modal.Content>
        {/* A div, not Mantine's <header>: a dialog's title bar is no page banner. */}
        <Modal.Header component="div">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label="Fermer" />
        </Modal.Header>
        <Modal.Body>
          <Stack gap="md">
            {typeof children === 'string' ? <Text>{children}</Text> : children}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onCancel}>
                Annuler
              </Button>
              <Button color={danger ? 'red.9' : undefined} onClick={onConfirm} loading={loading} disabled={confirmDisabled}>
                {confirmLabel}
              </Button>
            </Group>
          </Stack>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
