// The one error catalogue of the HTTP API: code → HTTP status and default message.
// Codes are stable identifiers; clients and tests key on them, never on the message.
export const errorCatalogue = {
  BAD_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  BAD_REQUEST: { status: 400, message: 'The request is not valid.' },
  FLOW_DOCUMENT_INVALID: { status: 400, message: 'The flow document is not valid.' },
  FLOW_ID_MISMATCH: { status: 400, message: 'The flow id in the body does not match the URL.' },
  FLOW_NOT_FOUND: { status: 404, message: 'No flow has that id.' },
  FLOW_EXISTS: { status: 409, message: 'A flow with that id exists already.' },
  FLOW_INVALID: { status: 422, message: 'The flow does not compile; see details.issues.' },
  VERSION_NOT_FOUND: { status: 404, message: 'The flow has no such version.' },
  SIP_INVALID: { status: 400, message: 'The SIP request does not parse; see details.reason.' },
  CALL_NOT_FOUND: { status: 404, message: 'No call has that Call-ID.' },
  SIP_REQUEST_NOT_FOUND: { status: 404, message: 'No originated SIP request has that id.' },
  CALL_NOT_ACTIVE: { status: 409, message: 'The call has no leg in a state that allows this; see details.' },
  SIP_UNAVAILABLE: { status: 503, message: 'The SIP stack is not running in this engine.' },
  NOT_FOUND: { status: 404, message: 'No such route.' },
  UNAUTHORIZED: { status: 401, message: 'Sign in, or send an API token as "Authorization: Bearer <token>".' },
  LOGIN_FAILED: { status: 401, message: 'Wrong password.' },
  TOO_MANY_ATTEMPTS: { status: 429, message: 'Too many failed sign-ins; wait and try again.' },
  TOKEN_NOT_FOUND: { status: 404, message: 'No API token has that id.' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'No webhook has that id.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface ErrorEnvelope {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly details?: unknown };
}
