/**
 * RFC 9457 problem details (application/problem+json) as answered by the API,
 * turned into what a screen needs: a map field -> message for inline form
 * errors, and one French sentence for a notification.
 */
import { httpStatusMessages, messages } from '../i18n/messages';

export interface ProblemFieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  /** Stable machine-readable code (English, snake_case), e.g. "version_mismatch". */
  code?: string;
  errors?: ProblemFieldError[];
}

export type FieldErrors = Record<string, string>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Reads an unknown error body into a Problem. Tolerant by design: anything
 * that is not a problem object gives a Problem carrying only `status`.
 */
export function parseProblem(body: unknown, status?: number): Problem {
  if (!isRecord(body)) {
    return status === undefined ? {} : { status };
  }
  const problem: Problem = {};
  const type = nonEmptyString(body.type);
  const title = nonEmptyString(body.title);
  const detail = nonEmptyString(body.detail);
  const instance = nonEmptyString(body.instance);
  const code = nonEmptyString(body.code);
  if (type !== undefined) problem.type = type;
  if (title !== undefined) problem.title = title;
  if (detail !== undefined) problem.detail = detail;
  if (instance !== undefined) problem.instance = instance;
  if (code !== undefined) problem.code = code;
  const bodyStatus = typeof body.status === 'number' && Number.isInteger(body.status) ? body.status : undefined;
  const resolvedStatus = bodyStatus ?? status;
  if (resolvedStatus !== undefined) problem.status = resolvedStatus;
  if (Array.isArray(body.errors)) {
    problem.errors = body.errors.flatMap((item): ProblemFieldError[] => {
      if (!isRecord(item)) return [];
      const field = nonEmptyString(item.field);
      const message = nonEmptyString(item.message);
      return field !== undefined && message !== undefined ? [{ field, message }] : [];
    });
  }
  return problem;
}

/**
 * The form field an API error path points at: the API names fields by their
 * location ("body.siret", "body.adresse.code_postal", "query.limit"); a form
 * knows body fields by their own path ("siret", "adresse.code_postal").
 */
export function formFieldName(field: string): string {
  return field.startsWith('body.') ? field.slice('body.'.length) : field;
}

/**
 * Field errors keyed by form field path ("nom", "adresse.code_postal").
 * Several messages on one field are joined, in the order the API gave them.
 */
export function fieldErrors(problem: Problem): FieldErrors {
  const result: FieldErrors = {};
  for (const { field, message } of problem.errors ?? []) {
    const name = formFieldName(field);
    const previous = result[name];
    result[name] = previous === undefined ? message : `${previous} ${message}`;
  }
  return result;
}

/**
 * One French sentence for a notification. The API's `detail` is French and
 * wins, except for field errors: those are shown beside their fields, so the
 * notification only says to correct them.
 */
export function problemNotification(problem: Problem): string {
  const status = problem.status;
  if (status === 422 && (problem.errors?.length ?? 0) > 0) {
    return httpStatusMessages[422] ?? messages.genericClientError;
  }
  if (problem.detail !== undefined) return problem.detail;
  if (status === undefined) return messages.networkError;
  const known = httpStatusMessages[status];
  if (known !== undefined) return known;
  return status >= 500 ? messages.genericServerError : messages.genericClientError;
}

/** Error thrown by the feature hooks when the API answers a non-2xx status. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem, status: number) {
    super(problemNotification(problem));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get fieldErrors(): FieldErrors {
    return fieldErrors(this.problem);
  }
}

export function toApiError(body: unknown, response: Response): ApiError {
  return new ApiError(parseProblem(body, response.status), response.status);
}

/** French text for any error a query or mutation may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  // fetch() rejects with a TypeError when the network is unreachable.
  if (error instanceof TypeError) return messages.networkError;
  return messages.genericServerError;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
