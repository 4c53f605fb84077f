/**
 * Several custom resources of one stack driven together on one virtual
 * clock, the way CloudFormation and the aws-cdk-lib Provider framework drive
 * them, so that a test can make one resource fail while another's operation
 * is in flight and watch the rollback:
 *
 * - each request is a `Flight`: onEvent when it starts, then isComplete at
 *   every queryInterval until it completes, throws, or the waiter's retries
 *   (totalTimeout / queryInterval) run out;
 * - CloudFormation cancels the operations still in progress when another
 *   fails ("Resource creation cancelled") and stops listening to them, but
 *   their waiters go on polling: a cancelled flight keeps ticking, and what
 *   it answers is ignored;
 * - during the rollback CloudFormation sends a Delete for a cancelled create
 *   with a physical id it makes up (its format is undocumented: the tests
 *   pass several), and the Provider framework answers a Delete of a create
 *   that failed in onEvent itself (the marker physical id);
 * - an onEvent may run late: CloudFormation cancels a create whose onEvent
 *   the framework has not run yet, and it runs after the rollback began.
 *
 * No jest globals here.
 */
import { CREATE_FAILED_PHYSICAL_ID_MARKER, newRequestId } from './provider-driver';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, ResourceHandler } from '../../lambda/shared/types';

/** A virtual clock a fake keeps. */
export interface Clock {
  now(): number;
  advance(seconds: number): void;
}

/** Several fakes moved together, so that their resources live on one timeline. */
export class SharedClock implements Clock {
  constructor(private readonly clocks: readonly Clock[]) {
    const times = new Set(clocks.map(c => c.now()));
    if (times.size !== 1) {
      throw new Error('SharedClock: the fakes must start at the same virtual time');
    }
  }

  public now(): number {
    return this.clocks[0].now();
  }

  public advance(seconds: number): void {
    for (const clock of this.clocks) clock.advance(seconds);
  }
}

export type Outcome = 'NOT_STARTED' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILED' | 'TIMEOUT';

/** One CloudFormation request to a custom resource, driven one poll at a time. */
export class Flight {
  public outcome: Outcome = 'NOT_STARTED';
  public error?: string;
  /** What CloudFormation would record as the physical id once the operation answers. */
  public physicalResourceId: string;
  /** CloudFormation stopped listening; the waiter goes on. */
  public cancelled = false;
  public polls = 0;
  private merged?: IsCompleteRequest;

  constructor(
    public readonly name: string,
    public readonly handler: ResourceHandler,
    public readonly request: OnEventRequest,
    /** Virtual epoch ms at which the framework runs onEvent. */
    public readonly startAt: number,
    private readonly maxPolls: number,
  ) {
    this.physicalResourceId = request.PhysicalResourceId ?? request.RequestId;
  }

  /** In flight, whether or not CloudFormation still listens. */
  public get active(): boolean {
    return this.outcome === 'NOT_STARTED' || this.outcome === 'IN_PROGRESS';
  }

  /** Runs onEvent, or one isComplete; nothing once the flight has ended or before it is due. */
  public async step(now: number): Promise<void> {
    if (this.outcome === 'NOT_STARTED') {
      if (now >= this.startAt) {
        await this.start();
      }
      return;
    }
    if (this.outcome !== 'IN_PROGRESS' || !this.merged) {
      return;
    }
    this.polls++;
    let result: IsCompleteResponse;
    try {
      result = await this.handler.isComplete(viaLambda(this.merged));
    } catch (error) {
      this.end('FAILED', (error as Error).message);
      return;
    }
    if (result.IsComplete) {
      // The framework answers `{ ...request, ...isCompleteResult }`: a physical id from isComplete prevails.
      this.physicalResourceId = result.PhysicalResourceId ?? this.physicalResourceId;
      this.end('SUCCESS');
    } else if (this.polls > this.maxPolls) {
      this.end('TIMEOUT', 'Operation timed out');
    }
  }

  private async start(): Promise<void> {
    const request = viaLambda(this.request);
    if (request.RequestType === 'Delete' && request.PhysicalResourceId === CREATE_FAILED_PHYSICAL_ID_MARKER) {
      this.end('SUCCESS');
      return;
    }
    this.outcome = 'IN_PROGRESS';
    let response: OnEventResponse;
    try {
      response = viaLambda((await this.handler.onEvent(request)) ?? {});
    } catch (error) {
      if (request.RequestType === 'Create') {
        this.physicalResourceId = CREATE_FAILED_PHYSICAL_ID_MARKER;
      }
      this.end('FAILED', (error as Error).message);
      return;
    }
    this.physicalResourceId = response.PhysicalResourceId || this.physicalResourceId;
    this.merged = { ...request, ...response, PhysicalResourceId: this.physicalResourceId } as IsCompleteRequest;
  }

  private end(outcome: Outcome, error?: string): void {
    this.outcome = outcome;
    this.error = error;
  }
}

export interface SimulationOptions {
  /** The Provider's queryInterval. Default 30 s. */
  readonly queryIntervalSeconds?: number;
  /** The Provider's totalTimeout. Default 1 h. */
  readonly totalTimeoutSeconds?: number;
}

/** The flights of one stack operation and of its rollback, on one clock. */
export class StackSimulation {
  public readonly flights: Flight[] = [];
  private readonly interval: number;
  private readonly maxPolls: number;

  constructor(private readonly clock: Clock, options: SimulationOptions = {}) {
    this.interval = options.queryIntervalSeconds ?? 30;
    this.maxPolls = (options.totalTimeoutSeconds ?? 3600) / this.interval;
  }

  /** Starts a request now, or `afterSeconds` from now (a late onEvent). */
  public launch(name: string, handler: ResourceHandler, request: OnEventRequest, afterSeconds = 0): Flight {
    const flight = new Flight(name, handler, request, this.clock.now() + afterSeconds * 1000, this.maxPolls);
    this.flights.push(flight);
    return flight;
  }

  /** Polls every flight in flight, then lets a queryInterval pass, until `done` holds; fails past `maxSeconds`. */
  public async runUntil(done: () => boolean, maxSeconds = 4 * 3600): Promise<void> {
    const limit = this.clock.now() + maxSeconds * 1000;
    for (;;) {
      for (const flight of [...this.flights]) {
        await flight.step(this.clock.now());
      }
      if (done()) {
        return;
      }
      if (this.clock.now() >= limit) {
        throw new Error(`StackSimulation: not done after ${maxSeconds} virtual seconds: ${this.describe()}`);
      }
      this.clock.advance(this.interval);
    }
  }

  /** CloudFormation stops listening to every operation still in progress (another resource failed). */
  public cancelInProgress(): Flight[] {
    const cancelled = this.flights.filter(f => f.active && !f.cancelled);
    for (const flight of cancelled) flight.cancelled = true;
    return cancelled;
  }

  /** Runs until every waiter, cancelled ones included, has ended: what they do after the rollback is part of the test. */
  public async runOut(): Promise<void> {
    await this.runUntil(() => this.flights.every(f => !f.active));
  }

  public describe(): string {
    return this.flights.map(f => `${f.name}: ${f.outcome}${f.cancelled ? ' (cancelled)' : ''}${f.error ? ` - ${f.error}` : ''}`).join('; ');
  }
}

/**
 * The Delete CloudFormation sends during the rollback for a resource whose
 * create flight is `flight`: with the physical id the create answered, or,
 * for a create it cancelled (or never heard from), one it makes up.
 */
export function rollbackDelete(flight: Flight, madeUpPhysicalId: string): OnEventRequest {
  const answered = !flight.cancelled && (flight.outcome === 'SUCCESS' || flight.outcome === 'FAILED');
  return {
    ...flight.request,
    RequestType: 'Delete',
    RequestId: newRequestId(),
    PhysicalResourceId: answered ? flight.physicalResourceId : madeUpPhysicalId,
    OldResourceProperties: undefined,
  };
}

/**
 * The Update CloudFormation sends during the rollback of an update: the old
 * properties again, on the physical id it knows (the update's new one only
 * when the update answered SUCCESS and CloudFormation was still listening).
 */
export function rollbackUpdate(flight: Flight): OnEventRequest {
  const request = flight.request;
  const succeeded = !flight.cancelled && flight.outcome === 'SUCCESS';
  return {
    ...request,
    RequestId: newRequestId(),
    PhysicalResourceId: succeeded ? flight.physicalResourceId : request.PhysicalResourceId,
    ResourceProperties: request.OldResourceProperties ?? request.ResourceProperties,
    OldResourceProperties: request.ResourceProperties,
  };
}

/**
 * A resource CloudFormation manages itself (an AWS::WorkSpaces::Directory),
 * as a handler: its create takes `createSeconds` and fails with `failure`
 * when set; its delete fails while `blockedBy()` names something.
 */
export function nativeResource(clock: Clock, options: {
  readonly physicalId: string;
  readonly createSeconds: number;
  readonly failure?: string;
  readonly blockedBy?: () => string | undefined;
}): ResourceHandler {
  return {
    async onEvent(event: OnEventRequest): Promise<OnEventResponse> {
      return { PhysicalResourceId: event.RequestType === 'Create' ? options.physicalId : event.PhysicalResourceId, ...{ StartedAt: clock.now() } } as OnEventResponse;
    },
    async isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
      if (event.RequestType === 'Delete') {
        const blocker = options.blockedBy?.();
        if (blocker) {
          throw new Error(`${options.physicalId} cannot be deleted: ${blocker}`);
        }
        return { IsComplete: true };
      }
      const startedAt = (event as unknown as { StartedAt: number }).StartedAt;
      if (clock.now() - startedAt < options.createSeconds * 1000) {
        return { IsComplete: false };
      }
      if (options.failure) {
        throw new Error(options.failure);
      }
      return { IsComplete: true };
    },
  };
}

function viaLambda<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
