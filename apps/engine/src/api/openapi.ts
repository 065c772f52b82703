// The OpenAPI description of the HTTP API, served at /api/openapi.json. Schemas are kept brief:
// the TypeScript types in @patchbay/shared/api are the reference for field-level detail.
import { errorCatalogue } from '@patchbay/shared/api';

const json = (description: string, ref?: string) => ({
  description,
  content: {
    'application/json': { schema: ref ? { $ref: `#/components/schemas/${ref}` } : { type: 'object' } },
  },
});
const errors = { default: json('Error', 'Error') };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const flowBody = {
  required: true,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/FlowDocument' } } },
};

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Patchbay API', version },
    security: [{}, { bearer: [] }, { session: [] }],
    paths: {
      '/api/health': { get: { summary: 'Liveness and version', responses: { 200: json('OK'), ...errors } } },
      '/api/node-types': {
        get: { summary: 'The node catalogue', responses: { 200: json('Catalogue'), ...errors } },
      },
      '/api/flows': {
        get: { summary: 'List flows', responses: { 200: json('Flows'), ...errors } },
        post: {
          summary: 'Create a flow',
          requestBody: flowBody,
          responses: { 201: json('Created'), ...errors },
        },
      },
      '/api/flows/{id}': {
        parameters: [idParam],
        get: { summary: 'Read a flow', responses: { 200: json('Flow'), ...errors } },
        put: { summary: 'Save a flow', requestBody: flowBody, responses: { 200: json('Saved'), ...errors } },
        delete: {
          summary: 'Delete and undeploy a flow',
          responses: { 204: { description: 'Deleted' }, ...errors },
        },
      },
      '/api/flows/{id}/compile': {
        parameters: [idParam],
        post: { summary: 'Compile the saved flow', responses: { 200: json('{ ok, issues }'), ...errors } },
      },
      '/api/flows/{id}/deploy': {
        parameters: [idParam],
        post: {
          summary: 'Compile, store as next version, make live',
          responses: { 200: json('{ version }'), ...errors },
        },
      },
      '/api/flows/{id}/versions': {
        parameters: [idParam],
        get: { summary: 'Deployed versions', responses: { 200: json('{ versions }'), ...errors } },
      },
      '/api/flows/{id}/versions/{version}': {
        parameters: [idParam, { name: 'version', in: 'path', required: true, schema: { type: 'integer' } }],
        get: {
          summary: 'One version: its flow document and program',
          responses: { 200: json('Version'), ...errors },
        },
      },
      '/api/flows/{id}/simulate': {
        parameters: [idParam],
        post: {
          summary:
            'Run the draft or a version against a pasted SIP request, with chosen outcomes; sends nothing',
          responses: { 200: json('{ steps, final, issues, matched }'), ...errors },
        },
      },
      '/api/stats': {
        get: {
          summary: 'Active calls, calls per minute and answer rate per flow',
          parameters: [{ name: 'minutes', in: 'query', schema: { type: 'integer', default: 60 } }],
          responses: { 200: json('Stats'), ...errors },
        },
      },
      '/api/metrics': {
        get: {
          summary: 'Event-loop delay, memory, CPU and trace writer figures; ?reset=1 starts a new window',
          responses: { 200: json('Metrics'), ...errors },
        },
      },
      '/api/flows/{id}/versions/{version}/activate': {
        parameters: [idParam, { name: 'version', in: 'path', required: true, schema: { type: 'integer' } }],
        post: { summary: 'Roll back to a version', responses: { 200: json('{ version }'), ...errors } },
      },
      '/api/calls': {
        get: {
          summary: 'Calls, newest first',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
            { name: 'flowId', in: 'query', schema: { type: 'string' } },
            { name: 'version', in: 'query', schema: { type: 'integer' } },
            {
              name: 'status',
              in: 'query',
              description: 'one or more, comma-separated',
              schema: { type: 'string' },
            },
            { name: 'since', in: 'query', description: 'ISO 8601', schema: { type: 'string' } },
            { name: 'until', in: 'query', description: 'ISO 8601', schema: { type: 'string' } },
            { name: 'callId', in: 'query', description: 'contains', schema: { type: 'string' } },
            { name: 'from', in: 'query', description: 'contains', schema: { type: 'string' } },
            { name: 'to', in: 'query', description: 'contains', schema: { type: 'string' } },
          ],
          responses: { 200: json('{ calls, next }'), ...errors },
        },
        post: {
          summary:
            'Start a third-party call between a and b (RFC 3725 flow I); progress comes as call-* events (call-ringing, call-answered, call-media-changed when a re-INVITE or UPDATE from one leg was passed to the other, call-ended)',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['a', 'b'],
                  properties: {
                    a: { type: 'string' },
                    b: { type: 'string' },
                    credentials: {
                      type: 'object',
                      required: ['username', 'password'],
                      properties: { username: { type: 'string' }, password: { type: 'string' } },
                    },
                  },
                },
              },
            },
          },
          responses: { 202: json('{ callId }'), ...errors },
        },
      },
      '/api/auth/session': {
        get: {
          summary: 'Whether sign-in is required and whether this client is signed in',
          responses: { 200: json('{ required, signedIn }'), ...errors },
        },
      },
      '/api/auth/login': {
        post: {
          summary: 'Sign in with the admin password (sets a session cookie); rate-limited',
          responses: { 200: json('Signed in'), ...errors },
        },
      },
      '/api/auth/logout': {
        post: { summary: 'End the session', responses: { 204: { description: 'Signed out' }, ...errors } },
      },
      '/api/tokens': {
        get: {
          summary: 'API tokens (never their secret)',
          responses: { 200: json('{ tokens }'), ...errors },
        },
        post: {
          summary: 'Create an API token; the token is returned once',
          responses: { 201: json('{ token, info }'), ...errors },
        },
      },
      '/api/tokens/{id}': {
        parameters: [idParam],
        delete: { summary: 'Revoke a token', responses: { 204: { description: 'Revoked' }, ...errors } },
      },
      '/api/sip/requests': {
        post: {
          summary:
            'Send an out-of-dialog SIP request (202 at once; the outcome comes as a request-outcome event)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SipRequestBody' } } },
          },
          responses: { 202: json('Pending outcome', 'SipRequestOutcome'), ...errors },
        },
      },
      '/api/sip/requests/{id}': {
        parameters: [idParam],
        get: {
          summary: 'An originated request and its final response',
          responses: { 200: json('Outcome', 'SipRequestOutcome'), ...errors },
        },
      },
      '/api/calls/{callId}/requests': {
        parameters: [{ name: 'callId', in: 'path', required: true, schema: { type: 'string' } }],
        post: {
          summary: 'Send a request inside one leg of an originated call (INFO, NOTIFY, re-INVITE, REFER …)',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['leg', 'method'],
                  properties: {
                    leg: { enum: ['a', 'b'] },
                    method: { type: 'string' },
                    headers: {},
                    body: { type: 'string' },
                    contentType: { type: 'string' },
                  },
                },
              },
            },
          },
          responses: { 202: json('Pending outcome', 'SipRequestOutcome'), ...errors },
        },
      },
      '/api/webhooks': {
        get: { summary: 'Outbound webhooks', responses: { 200: json('{ webhooks }'), ...errors } },
        post: {
          summary: 'Post call events (of one flow, or all) to a URL, signed with X-Patchbay-Signature',
          responses: { 201: json('Webhook with its secret'), ...errors },
        },
      },
      '/api/webhooks/{id}': {
        parameters: [idParam],
        delete: { summary: 'Remove a webhook', responses: { 204: { description: 'Removed' }, ...errors } },
      },
      '/api/calls/{callId}': {
        parameters: [{ name: 'callId', in: 'path', required: true, schema: { type: 'string' } }],
        get: {
          summary: 'A call with its steps and SIP messages',
          responses: { 200: json('Call detail'), ...errors },
        },
        delete: {
          summary: 'End a call: BYE on every answered leg, CANCEL on a ringing one',
          responses: { 202: json('{ callId, kind }'), ...errors },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (required when the API is not on loopback)',
        },
        session: { type: 'apiKey', in: 'cookie', name: 'pb_session' },
      },
      schemas: {
        FlowDocument: {
          type: 'object',
          required: ['schema', 'id', 'name', 'nodes', 'edges'],
          properties: {
            schema: { const: 1 },
            id: { type: 'string' },
            name: { type: 'string' },
            nodes: { type: 'array', items: { type: 'object' } },
            edges: { type: 'array', items: { type: 'object' } },
          },
        },
        SipRequestBody: {
          type: 'object',
          required: ['method', 'uri'],
          properties: {
            method: { type: 'string' },
            uri: { type: 'string' },
            headers: { description: '[name, value] pairs, or an object' },
            body: { type: 'string' },
            contentType: { type: 'string' },
            target: { type: 'string', description: 'next hop when not the Request-URI' },
            from: { type: 'string' },
            to: { type: 'string' },
            credentials: {
              type: 'object',
              required: ['username', 'password'],
              properties: { username: { type: 'string' }, password: { type: 'string' } },
            },
          },
        },
        SipRequestOutcome: {
          type: 'object',
          required: ['id', 'method', 'uri', 'state', 'callId', 'sentAt'],
          properties: {
            id: { type: 'string' },
            method: { type: 'string' },
            uri: { type: 'string' },
            state: { enum: ['pending', 'completed'] },
            status: { type: 'integer' },
            reason: { type: 'string' },
            headers: { type: 'array', items: { type: 'object' } },
            body: { type: 'string' },
            callId: { type: 'string' },
            sentAt: { type: 'number' },
            completedAt: { type: 'number' },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { enum: Object.keys(errorCatalogue) },
                message: { type: 'string' },
                details: {},
              },
            },
          },
        },
      },
    },
  };
}
