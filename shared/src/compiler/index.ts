export * from './compile-flow';
export * from './compile-issue';
