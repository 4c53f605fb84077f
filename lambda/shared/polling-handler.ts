/**
 * What every resource handler of the shared provider has in common: a clock
 * and a log a test can replace, the dispatch of onEvent by request type, and
 * the one-JSON-object-per-line progress log.
 */
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, ResourceHandler } from './types';

export interface PollingHandlerOptions {
  /** Epoch milliseconds; a test passes its virtual clock. */
  readonly now?: () => number;
  /** Where progress is logged (one JSON object per line). */
  readonly log?: (line: string) => void;
}

export abstract class PollingHandler implements ResourceHandler {
  protected readonly now: () => number;
  private readonly log: (line: string) => void;

  /** @param subject the key naming the resource in each log line (`pool`, `directory`) */
  constructor(private readonly subject: string, options: PollingHandlerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (line => console.log(line));
  }

  public async onEvent(event: OnEventRequest): Promise<OnEventResponse> {
    switch (event.RequestType) {
      case 'Create':
        return this.onCreate(event);
      case 'Update':
        return this.onUpdate(event);
      case 'Delete':
        return this.onDelete(event);
    }
  }

  public abstract isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse>;
  protected abstract onCreate(event: OnEventRequest): Promise<OnEventResponse>;
  protected abstract onUpdate(event: OnEventRequest): Promise<OnEventResponse>;
  protected abstract onDelete(event: OnEventRequest): Promise<OnEventResponse>;

  /** "Not yet": logs the state seen and asks the Provider framework to poll again. */
  protected notYet(id: string | undefined, state: string | undefined, detail?: string): IsCompleteResponse {
    this.record(id, 'waiting', { state, ...(detail ? { detail } : {}) });
    return { IsComplete: false };
  }

  protected record(id: string | undefined, event: string, detail: Record<string, unknown> = {}): void {
    this.log(JSON.stringify({ [this.subject]: id, event, ...detail }));
  }
}
