/**
 * Streamed output in few writes: lines are gathered and written together once 64 KB have built
 * up or the event loop has nothing more to hand over (a setImmediate after the current burst), so
 * records still appear as they arrive but a burst of them costs one write(2), not one each
 * (piped stdout is written synchronously, a system call per write). Backpressure is kept: when
 * the stream asks to wait, `write` returns a promise that settles on 'drain'.
 */
export class CoalescingWriter {
  private parts: string[] = [];
  private size = 0;
  private scheduled: NodeJS.Immediate | undefined;
  private blocked: Promise<void> | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly limit = 64 * 1024,
  ) {}

  /** Queues `text`; returns a promise only when the caller must wait for the stream to drain. */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.limit) {
      this.flush();
    } else {
      this.scheduled ??= setImmediate(() => {
        this.scheduled = undefined;
        this.flush();
      });
    }
    return this.blocked;
  }

  /** Writes what is queued and waits for the stream to take it. */
  async end(): Promise<void> {
    this.flush();
    await this.blocked;
  }

  private flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    if (this.size === 0) {
      return;
    }
    const text = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(text) && !this.blocked) {
      this.blocked = new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.removeListener('drain', done);
          this.stream.removeListener('error', done);
          this.blocked = undefined;
          resolve();
        };
        this.stream.once('drain', done);
        // A stream that fails (EPIPE) never drains: the launcher's handler ends the process.
        this.stream.once('error', done);
      });
    }
  }
}
