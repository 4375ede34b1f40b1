/** Form helpers of the parcours screens: API field errors inline, one alert for the rest. */
import { Alert, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { ApiError, errorMessage } from '../../api/problem';

export interface FormFeedback {
  errors: Record<string, string>;
  formError: string | null;
  /** The API's problem code (e.g. "justification_requise"). */
  code: string | null;
  setErrors: (errors: Record<string, string>) => void;
  fromError: (error: unknown) => void;
  /** A message of the screen itself (no API call made). */
  fail: (message: string) => void;
  reset: () => void;
}

/** Field errors from a problem+json (422), a French sentence otherwise. */
export function useFormFeedback(): FormFeedback {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  return {
    errors,
    formError,
    code,
    setErrors,
    fromError: (error) => {
      const fields = error instanceof ApiError ? error.fieldErrors : {};
      setErrors(fields);
      setCode(error instanceof ApiError ? (error.problem.code ?? null) : null);
      setFormError(errorMessage(error));
    },
    fail: (message) => {
      setCode(null);
      setFormError(message);
    },
    reset: () => {
      setErrors({});
      setFormError(null);
      setCode(null);
    },
  };
}

export function FormAlert({ title, message }: { title: string; message: string | null }) {
  if (message === null) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title}>
      <Stack gap={4}>
        <Text>{message}</Text>
      </Stack>
    </Alert>
  );
}

/** Blank strings become null (optional API fields). */
export function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
