// How a session is asked to stop. The first SIGINT/SIGTERM (or the caller's
// abort) asks for a clean stop: drain, END, maps, detach. A second signal asks
// for a fast one: detach and go, nothing more printed. Listening starts before
// anything is loaded, so a signal at any moment is a stop, never Node's default
// death by signal (which would leave END unrun and the maps unprinted).

export type StopReason = 'signal' | 'abort';

export class StopControl {
  private readonly graceful = new AbortController();
  private readonly fast = new AbortController();
  private reason: StopReason | undefined;
  private readonly cleanups: (() => void)[] = [];

  constructor(opts: { handleSignals?: boolean; signal?: AbortSignal } = {}) {
    if (opts.handleSignals !== false) {
      const onSig = () => this.request('signal');
      for (const s of ['SIGINT', 'SIGTERM'] as const) {
        process.on(s, onSig);
        this.cleanups.push(() => process.off(s, onSig));
      }
    }
    if (opts.signal) {
      const onAbort = () => this.request('abort');
      if (opts.signal.aborted) onAbort();
      else {
        opts.signal.addEventListener('abort', onAbort, { once: true });
        this.cleanups.push(() => opts.signal!.removeEventListener('abort', onAbort));
      }
    }
  }

  /** A first request stops cleanly; any later one makes the stop fast. */
  request(why: StopReason): void {
    if (this.reason === undefined) {
      this.reason = why;
      this.graceful.abort();
    } else {
      this.fast.abort();
    }
  }

  /** Why the session was asked to stop, if it was. */
  get requested(): StopReason | undefined { return this.reason; }
  /** Fires on the first stop request. */
  get stopping(): AbortSignal { return this.graceful.signal; }
  /** Fires on a second stop request: skip what is left and detach. */
  get hurry(): AbortSignal { return this.fast.signal; }

  dispose(): void {
    for (const c of this.cleanups.splice(0)) c();
  }
}
