// Entry of the trace worker thread. The engine runs its TypeScript through tsx, whose loader
// hooks a new thread does not inherit: register them here, then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./trace-worker.ts');
