/**
 * Runs a background worker's rounds one at a time on an instance: a round asked for while another
 * runs starts once that one has settled (the outbox and the campaign dispatchers use it).
 */
export class SerialRounds<T> {
  private current: Promise<T> | null = null;

  /** Whether a round is running now. */
  get busy(): boolean {
    return this.current !== null;
  }

  /** Runs `round` after the one in progress, if any. @returns what `round` returns, or its error */
  async run(round: () => Promise<T>): Promise<T> {
    while (this.current) await this.current.catch(() => undefined);
    const running = round();
    this.current = running;
    try {
      return await running;
    } finally {
      this.current = null;
    }
  }

  /** Resolves once no round runs (errors are the round's caller's to see). */
  async settled(): Promise<void> {
    while (this.current) await this.current.catch(() => undefined);
  }
}
