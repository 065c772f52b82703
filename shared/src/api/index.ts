export * from './api-types';
export * from './error-codes';
export * from './call-control-types';
