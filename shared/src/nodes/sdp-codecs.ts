import { defineNodeType } from './define-node-type';
import { field } from './fields';

export const sdpCodecs = defineNodeType({
  type: 'sdp-codecs',
  title: 'SDP codecs',
  category: 'routing',
  help:
    'Keeps only, or removes, the named codecs (rtpmap names such as PCMA, opus, telephone-event) in the SDP offer ' +
    'that the next Relay or Fork sends.',
  ports: {
    next: 'The offer is edited (or there was no SDP).',
    'no-codec': 'No audio codec would be left; the offer is unchanged.',
  },
  params: {
    mode: field.enum({ label: 'Mode', options: ['keep', 'remove'], default: 'keep' }),
    codecs: field.stringList({
      label: 'Codecs',
      item: 'text',
      minItems: 1,
      help: 'Names, case-insensitive.',
    }),
  },
  example: { mode: 'keep', codecs: ['PCMA', 'PCMU', 'telephone-event'] },
});
