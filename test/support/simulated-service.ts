/**
 * What every stateful fake of a WorkSpaces API has in common: a virtual
 * clock, a seeded random number generator, the record of the calls made,
 * and the AWS SDK's standard retry mode, simulated.
 *
 * aws-sdk-client-mock replaces a client's `send`, and with it the SDK's
 * middleware: the retries of the standard retry mode never run. `call`
 * therefore does what that middleware does for the failures a fake injects
 * (throttling, 5xx, answers lost after the service acted): it retries them
 * within one `send`, up to `sdkMaxAttempts` (the handlers' SDK_MAX_ATTEMPTS
 * by default), with the SDK's backoff on the virtual clock, and rejects only
 * when every attempt failed. Modelled service errors (ResourceNotFound...)
 * are never retried, as in the SDK.
 *
 * No jest globals here: scripts/bench.ts imports the fakes too.
 */
import { InvalidParameterValuesException, WorkSpacesClient, WorkSpacesServiceException } from '@aws-sdk/client-workspaces';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { ApiCallCounts, ServerErrorWindow, ThrottleWindow } from './provider-driver';
import type { PollingHandlerOptions } from '../../lambda/shared/polling-handler';
import { SDK_MAX_ATTEMPTS } from '../../lambda/shared/sdk';

const THROTTLING_BASE_DELAY_MS = 500;
const DEFAULT_BASE_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 20_000;
/** The Region of the fakes' clients. */
const REGION = 'us-east-1';

export interface SimulatedServiceOptions {
  /** Epoch milliseconds of virtual time 0. */
  readonly startTime?: number;
  /** Share of HTTP attempts throttled, 0..1, from the seeded RNG. */
  readonly throttleRate?: number;
  /** Windows of heavier (or lighter) throttling; they override throttleRate inside them. */
  readonly throttleWindows?: readonly ThrottleWindow[];
  /** Windows of 5xx answers. */
  readonly serverErrorWindows?: readonly ServerErrorWindow[];
  /**
   * Calls of these operations take effect and then answer 500 (the answer is
   * lost); the SDK retries them. `times` defaults to 1 per operation.
   */
  readonly lostResponses?: readonly { readonly operation: string; readonly times?: number }[];
  /** Seed of the RNG (throttling, backoff, ids). */
  readonly seed?: number;
  /** Attempts per `send`, as the SDK's standard retry mode makes them. Default SDK_MAX_ATTEMPTS. */
  readonly sdkMaxAttempts?: number;
  /** Virtual milliseconds each HTTP attempt takes. Default 0. */
  readonly apiLatencyMs?: number;
}

export abstract class SimulatedService {
  /** What the handlers made by the fake logged, one JSON object per line. */
  public readonly logs: string[] = [];
  /** Every API call, in order (operation name, virtual time and a copy of its input). */
  public readonly callLog: { readonly operation: string; readonly at: number; readonly input: unknown }[] = [];

  protected readonly startTime: number;
  protected clock: number;
  private readonly counts: Record<string, number> = {};
  private readonly surfaced: Record<string, number> = {};
  private readonly surfacedByOperation: Record<string, number> = {};
  private readonly lostResponsesUsed = new Map<string, number>();
  /** What people and schedules do outside the stack, at a virtual time (`after`). */
  private readonly scheduled: { at: number; run: () => void }[] = [];
  private rngState: number;
  private attempts = 0;
  private throttled = 0;
  private serverErrors = 0;
  private requestCounter = 0;

  constructor(private readonly simulation: SimulatedServiceOptions) {
    this.startTime = simulation.startTime ?? Date.UTC(2026, 8, 1, 9, 0, 0);
    this.clock = this.startTime;
    this.rngState = ((simulation.seed ?? 1) % 2147483646) + 1;
  }

  /** Virtual epoch milliseconds. */
  public now(): number {
    return this.clock;
  }

  /** Virtual seconds since the fake was made. */
  public elapsedSeconds(): number {
    return (this.clock - this.startTime) / 1000;
  }

  /** Moves the clock, carrying out in order everything the service does meanwhile. */
  public advance(seconds: number): void {
    this.advanceTo(this.clock + seconds * 1000);
  }

  public callCounts(): ApiCallCounts {
    const byOperation = { ...this.counts };
    return {
      total: Object.values(byOperation).reduce((a, b) => a + b, 0),
      byOperation,
      attempts: this.attempts,
      throttled: this.throttled,
      serverErrors: this.serverErrors,
      surfaced: { ...this.surfaced },
      surfacedByOperation: { ...this.surfacedByOperation },
    };
  }

  /** How many times the handlers called an operation. */
  public calls(operation: string): number {
    return this.counts[operation] ?? 0;
  }

  /** The log lines of the handlers, parsed. */
  public logEvents(): Record<string, unknown>[] {
    return this.logs.map(line => JSON.parse(line) as Record<string, unknown>);
  }

  /** Runs `action` (a person, a schedule) when the virtual clock reaches `seconds` from now. */
  public after(seconds: number, action: () => void): void {
    this.scheduled.push({ at: this.clock + seconds * 1000, run: action });
  }

  /** Moves the clock to `at` (epoch ms), carrying out what falls due. */
  protected abstract advanceTo(at: number): void;

  /** A handler's options: this fake's clock, and its log into `logs`. */
  protected handlerOptions(): PollingHandlerOptions {
    return { now: () => this.now(), log: line => this.logs.push(line) };
  }

  /**
   * Carries out, in time order, everything due up to `target` (what `due`
   * offers through `consider`, and what `after` scheduled), then sets the
   * clock to it. `due` is asked again after each event, since one event may
   * schedule the next.
   */
  protected advanceThrough(target: number, due: (consider: (at: number | undefined, run: () => void) => void) => void): void {
    for (;;) {
      let next: { at: number; run: () => void } | undefined;
      const consider = (at: number | undefined, run: () => void) => {
        if (at !== undefined && at <= target && (!next || at < next.at)) {
          next = { at, run };
        }
      };
      due(consider);
      for (const event of this.scheduled) {
        consider(event.at, () => {
          this.scheduled.splice(this.scheduled.indexOf(event), 1);
          event.run();
        });
      }
      if (!next) {
        break;
      }
      this.clock = Math.max(this.clock, next.at);
      next.run();
    }
    this.clock = Math.max(this.clock, target);
  }

  /** One `send` of an operation: counted, logged, failed as injected and retried as the SDK retries. */
  protected async call<T>(operation: string, input: unknown, run: () => T): Promise<T> {
    this.counts[operation] = (this.counts[operation] ?? 0) + 1;
    this.callLog.push({ operation, at: this.clock, input: structuredClone(input) });
    const maxAttempts = this.simulation.sdkMaxAttempts ?? SDK_MAX_ATTEMPTS;
    let totalRetryDelay = 0;
    for (let attempt = 1; ; attempt++) {
      this.attempts++;
      this.advanceTo(this.clock + (this.simulation.apiLatencyMs ?? 0));
      let failure = this.injectedFailure(operation);
      if (!failure) {
        const result = run();
        failure = this.lostResponse(operation);
        if (!failure) {
          return structuredClone(result);
        }
      }
      const throttling = failure.name === 'ThrottlingException';
      if (throttling) this.throttled++; else this.serverErrors++;
      if (attempt >= maxAttempts) {
        Object.assign(failure.$metadata, { attempts: attempt, totalRetryDelay });
        this.surfaced[failure.name] = (this.surfaced[failure.name] ?? 0) + 1;
        this.surfacedByOperation[operation] = (this.surfacedByOperation[operation] ?? 0) + 1;
        throw failure;
      }
      const base = throttling ? THROTTLING_BASE_DELAY_MS : DEFAULT_BASE_DELAY_MS;
      const delay = Math.floor(Math.min(MAX_RETRY_DELAY_MS, this.random() * 2 ** attempt * base));
      totalRetryDelay += delay;
      this.advanceTo(this.clock + delay);
    }
  }

  /** The `$metadata` of an answer, with a request id of its own. */
  protected metadata(httpStatusCode: number) {
    this.requestCounter++;
    return { httpStatusCode, requestId: `fake-${this.requestCounter}`, attempts: 1, totalRetryDelay: 0 };
  }

  /** Park-Miller minimal standard generator: deterministic for a seed, in [0, 1). */
  protected random(): number {
    this.rngState = (this.rngState * 48271) % 2147483647;
    return (this.rngState - 1) / 2147483646;
  }

  /** `prefix` and `length` characters of `alphabet`, from the seeded RNG. */
  protected newId(prefix: string, length: number, alphabet: string): string {
    let id = prefix;
    for (let i = 0; i < length; i++) {
      id += alphabet[Math.floor(this.random() * alphabet.length)];
    }
    return id;
  }

  private injectedFailure(operation: string): WorkSpacesServiceException | undefined {
    const t = this.elapsedSeconds();
    const window = (this.simulation.serverErrorWindows ?? []).find(w => t >= w.fromSeconds && t < w.toSeconds);
    if (window) {
      return this.serverError(window.status ?? 503);
    }
    const throttleWindow = (this.simulation.throttleWindows ?? [])
      .find(w => t >= w.fromSeconds && t < w.toSeconds && (!w.operations || w.operations.includes(operation)));
    const rate = throttleWindow ? throttleWindow.rate : this.simulation.throttleRate ?? 0;
    if (rate > 0 && this.random() < rate) {
      return new WorkSpacesServiceException({ name: 'ThrottlingException', message: 'Rate exceeded', $fault: 'client', $metadata: this.metadata(400) });
    }
    return undefined;
  }

  private lostResponse(operation: string): WorkSpacesServiceException | undefined {
    const rule = (this.simulation.lostResponses ?? []).find(r => r.operation === operation);
    if (!rule) {
      return undefined;
    }
    const used = this.lostResponsesUsed.get(operation) ?? 0;
    if (used >= (rule.times ?? 1)) {
      return undefined;
    }
    this.lostResponsesUsed.set(operation, used + 1);
    return this.serverError(500);
  }

  private serverError(status: 500 | 503): WorkSpacesServiceException {
    // An answer without a modelled error code (a load balancer's 5xx page): the SDK names it UnknownError.
    return new WorkSpacesServiceException({
      name: 'UnknownError',
      message: status === 503 ? 'Service Unavailable' : 'Internal Server Error',
      $fault: 'server',
      $metadata: this.metadata(status),
    });
  }
}

/**
 * A SimulatedService behind a real `WorkSpacesClient`: every command the
 * fake models is answered through `call`; any other command fails the test.
 */
export abstract class SimulatedWorkSpaces extends SimulatedService {
  public readonly client: WorkSpacesClient;
  private readonly mock: AwsClientStub<WorkSpacesClient>;

  /** @param fake the fake's name and what it models, for a command it does not: `PoolFake`, `WorkSpaces Pools` */
  constructor(simulation: SimulatedServiceOptions, fake: string, api: string) {
    super(simulation);
    this.client = new WorkSpacesClient({ region: REGION });
    this.mock = mockClient(this.client);
    this.mock.onAnyCommand().callsFake(() => {
      throw new Error(`${fake}: this command is not part of the fake ${api} API`);
    });
  }

  /** Undoes the client mock. */
  public restore(): void {
    this.mock.restore();
  }

  /**
   * Answers `command` with `run`, through `call` (counted, logged, failed as
   * injected, retried as the SDK retries), under the operation's name: the
   * command's class name without `Command`, as the API reference names it.
   */
  protected on<I>(command: { readonly name: string }, run: (input: I) => unknown): void {
    const operation = command.name.replace(/Command$/, '');
    this.mock.on(command as Parameters<AwsClientStub<WorkSpacesClient>['on']>[0])
      .callsFake((input: I) => this.call(operation, input, () => run(input)));
  }

  protected invalidParameter(message: string): never {
    throw new InvalidParameterValuesException({ message, $metadata: this.metadata(400) });
  }
}
