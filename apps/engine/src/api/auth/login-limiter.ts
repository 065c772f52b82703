// Failed sign-ins are limited per client address: after `max` failures within `windowMs`, further
// attempts are refused until the window has passed — guessing a password takes forever.
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 5,
    private readonly windowMs = 60_000,
  ) {}

  /** Milliseconds to wait before trying again, or 0 when an attempt is allowed. */
  retryAfter(client: string, now = Date.now()): number {
    const recent = this.recent(client, now);
    if (recent.length < this.max) return 0;
    return (recent[0] ?? now) + this.windowMs - now;
  }

  fail(client: string, now = Date.now()): void {
    const recent = this.recent(client, now);
    recent.push(now);
    this.failures.set(client, recent);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeed(client: string): void {
    this.failures.delete(client);
  }

  private recent(client: string, now: number): number[] {
    return (this.failures.get(client) ?? []).filter((t) => t > now - this.windowMs);
  }
}
