import { describe, expect, it } from 'vitest';

import { httpStatusMessages, messages } from '../i18n/messages';
import { ApiError, errorMessage, fieldErrors, isNotFound, parseProblem, problemNotification, toApiError } from './problem';

const validation = {
  type: 'https://convergence.example/problemes/validation_error',
  title: 'Données invalides',
  status: 422,
  detail: 'La requête contient des données invalides — body.siret : Le SIRET doit compter 14 chiffres.',
  code: 'validation_error',
  instance: '/api/v1/structures',
  errors: [
    { field: 'body.siret', message: 'Le SIRET doit compter 14 chiffres.' },
    { field: 'body.nom', message: 'Ce champ est obligatoire.' },
    { field: 'body.siret', message: 'Ce SIRET est déjà utilisé.' },
    { field: 'query.limit', message: 'Doit être au plus 200.' },
  ],
};

describe('parseProblem', () => {
  it('keeps every member of a problem+json body', () => {
    const problem = parseProblem(validation, 422);
    expect(problem.status).toBe(422);
    expect(problem.code).toBe('validation_error');
    expect(problem.title).toBe('Données invalides');
    expect(problem.instance).toBe('/api/v1/structures');
    expect(problem.errors).toHaveLength(4);
  });

  it('takes the HTTP status when the body has none', () => {
    expect(parseProblem({ detail: 'Introuvable' }, 404)).toEqual({ detail: 'Introuvable', status: 404 });
  });

  it('accepts a body that is not a problem', () => {
    expect(parseProblem('Internal Server Error', 500)).toEqual({ status: 500 });
    expect(parseProblem(undefined)).toEqual({});
    expect(parseProblem(null, 502)).toEqual({ status: 502 });
  });

  it('drops malformed field errors and accepts errors: null', () => {
    const problem = parseProblem({ status: 422, errors: [{ field: 'nom' }, 'x', { field: 'siret', message: 'Invalide.' }] });
    expect(problem.errors).toEqual([{ field: 'siret', message: 'Invalide.' }]);
    expect(parseProblem({ status: 404, errors: null }).errors).toBeUndefined();
  });
});

describe('fieldErrors', () => {
  it('maps body fields to form field names and joins messages of one field', () => {
    expect(fieldErrors(parseProblem(validation))).toEqual({
      siret: 'Le SIRET doit compter 14 chiffres. Ce SIRET est déjà utilisé.',
      nom: 'Ce champ est obligatoire.',
      'query.limit': 'Doit être au plus 200.',
    });
  });

  it('keeps nested body paths', () => {
    const problem = parseProblem({ status: 422, errors: [{ field: 'body.adresse.code_postal', message: 'Code postal invalide.' }] });
    expect(fieldErrors(problem)).toEqual({ 'adresse.code_postal': 'Code postal invalide.' });
  });

  it('is empty when the problem has no field errors', () => {
    expect(fieldErrors({ status: 404 })).toEqual({});
  });
});

describe('problemNotification', () => {
  it("uses the API's French detail", () => {
    expect(problemNotification({ status: 404, detail: "Ce territoire n'existe pas." })).toBe("Ce territoire n'existe pas.");
  });

  it('asks to correct the fields when field errors are shown inline', () => {
    expect(problemNotification(parseProblem(validation))).toBe(httpStatusMessages[422]);
  });

  it('falls back on a French message per status', () => {
    expect(problemNotification({ status: 412 })).toBe(httpStatusMessages[412]);
    expect(problemNotification({ status: 429 })).toMatch(/réessayez/i);
    expect(problemNotification({ status: 500 })).toBe(messages.genericServerError);
    expect(problemNotification({ status: 418 })).toBe(messages.genericClientError);
    expect(problemNotification({})).toBe(messages.networkError);
  });
});

describe('ApiError', () => {
  it('is built from a response and carries the problem', () => {
    const response = new Response(null, { status: 404 });
    const error = toApiError({ status: 404, code: 'not_found', detail: 'Territoire introuvable.' }, response);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(404);
    expect(error.problem.code).toBe('not_found');
    expect(error.message).toBe('Territoire introuvable.');
    expect(isNotFound(error)).toBe(true);
    expect(errorMessage(error)).toBe('Territoire introuvable.');
  });

  it('exposes the field errors', () => {
    const error = toApiError(validation, new Response(null, { status: 422 }));
    expect(error.fieldErrors.nom).toBe('Ce champ est obligatoire.');
    expect(isNotFound(error)).toBe(false);
  });
});

describe('errorMessage', () => {
  it('explains a network failure in French', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(messages.networkError);
  });

  it('never shows an English exception message', () => {
    expect(errorMessage(new Error('boom'))).toBe(messages.genericServerError);
  });
});
