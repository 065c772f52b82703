export * from './catalogue';
export * from './define-node-type';
export * from './fields';
export { relay } from './relay';
export { respond } from './respond';
export { start } from './start';
