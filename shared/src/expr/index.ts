export * from './cel-env';
