import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const rewriteUri = defineNodeType({
  type: 'rewrite-uri',
  title: 'Rewrite URI',
  category: 'routing',
  help:
    'Replaces the Request-URI with the value of a CEL template, e.g. "sip:" + request.uri.user + "@gw.example.net". ' +
    'A Relay with no target then sends to it.',
  ports: {
    next: 'The Request-URI is rewritten.',
    invalid: 'The expression gave something that is not a SIP URI.',
  },
  params: {
    uri: field.cel({ label: 'New Request-URI (CEL)', returns: 'string' }),
  },
  example: { uri: '"sip:" + request.uri.user + "@gw.example.net"' },
});
