// The dataTransfer type a palette item carries to the canvas: a private MIME type, so text or
// files dropped from elsewhere are not mistaken for nodes.
export const NODE_TYPE_MIME = 'application/x-patchbay-node-type';
