// What was thrown or a promise rejected with, as an Error for callbacks typed to take one.

/** The value itself when it is an Error; anything else becomes the message of a new one. */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
