export * from './api-types';
export * from './error-codes';
