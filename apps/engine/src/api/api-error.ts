// ApiError(code, details) and the one middleware that renders every error as
// { error: { code, message, details } } with the status from the catalogue.
import type { ErrorRequestHandler } from 'express';
import { errorCatalogue, type ErrorCode, type ErrorEnvelope } from '@patchbay/shared/api';

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? errorCatalogue[code].message);
    this.status = errorCatalogue[code].status;
  }
}

export const errorMiddleware: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  let apiError: ApiError;
  if (err instanceof ApiError) apiError = err;
  else if (isBodyParserError(err))
    apiError =
      err.type === 'entity.parse.failed'
        ? new ApiError('BAD_JSON', { reason: err.message })
        : new ApiError('BAD_REQUEST', { reason: err.message });
  else {
    console.error('api: unexpected error', err);
    apiError = new ApiError('INTERNAL');
  }
  const body: ErrorEnvelope = {
    error: {
      code: apiError.code,
      message: apiError.message,
      ...(apiError.details === undefined ? {} : { details: apiError.details }),
    },
  };
  res.status(apiError.status).json(body);
};

function isBodyParserError(err: unknown): err is { type: string; message: string; status: number } {
  return typeof err === 'object' && err !== null && 'type' in err && 'status' in err;
}
