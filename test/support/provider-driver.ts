/**
 * The aws-cdk-lib custom-resources Provider framework's side of a custom
 * resource, for every stateful fake of this project: the requests
 * CloudFormation sends, and `runOperation`, which drives one request through
 * a handler the way the framework does (onEvent, then isComplete every
 * queryInterval on the fake's virtual clock). The fakes' shared option and
 * call-count shapes live here too.
 *
 * No jest globals here: scripts/bench.ts imports this module too.
 */
import type { IsCompleteRequest, OnEventRequest, ResourceHandler, ResourceProperties } from '../../lambda/shared/types';

export const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:123456789012:function:provider-framework-onEvent';

/** Every call in this window of virtual time fails with a 5xx. */
export interface ServerErrorWindow {
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly status?: 500 | 503;
}

/** In this window of virtual time, calls (of these operations, or all) are throttled at this rate. */
export interface ThrottleWindow {
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly rate: number;
  readonly operations?: readonly string[];
}

export interface ApiCallCounts {
  /** `send` calls the handler made. */
  readonly total: number;
  readonly byOperation: Readonly<Record<string, number>>;
  /** HTTP attempts, SDK retries included. */
  readonly attempts: number;
  /** Attempts answered with a throttling error. */
  readonly throttled: number;
  /** Attempts answered with a 5xx. */
  readonly serverErrors: number;
  /** Injected failures that outlasted the SDK's retries and reached the handler, by error name. */
  readonly surfaced: Readonly<Record<string, number>>;
  /** The same, by operation. */
  readonly surfacedByOperation: Readonly<Record<string, number>>;
}

let requestSequence = 0;

/** A CloudFormation request id (a UUID); deterministic within a process. */
export function newRequestId(): string {
  requestSequence++;
  return `8c5f8a3e-0000-4000-8000-${String(requestSequence).padStart(12, '0')}`;
}

/** Where a request comes from: the stack, the resource type and logical id, and the properties it carries. */
export interface RequestSource<T> {
  readonly stackId: string;
  readonly resourceType: string;
  readonly logicalResourceId: string;
  readonly properties: (template: T) => ResourceProperties;
}

/** One request CloudFormation sends for a custom resource of `source`: a new request id unless `fields` sets one. */
export function customResourceRequest(
  source: Omit<RequestSource<unknown>, 'properties'>, type: OnEventRequest['RequestType'], properties: ResourceProperties, fields: Partial<OnEventRequest> = {},
): OnEventRequest {
  return {
    RequestType: type,
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/presigned',
    StackId: source.stackId,
    RequestId: newRequestId(),
    ResourceType: source.resourceType,
    LogicalResourceId: source.logicalResourceId,
    ResourceProperties: properties,
    ...fields,
  };
}

/** The Create, Update and Delete requests CloudFormation sends for one custom resource type. */
export function requestBuilders<T>(source: RequestSource<T>) {
  return {
    createEvent: (template: T, requestId?: string): OnEventRequest =>
      customResourceRequest(source, 'Create', source.properties(template), requestId ? { RequestId: requestId } : {}),
    updateEvent: (physicalResourceId: string, oldTemplate: T, newTemplate: T): OnEventRequest =>
      customResourceRequest(source, 'Update', source.properties(newTemplate), { PhysicalResourceId: physicalResourceId, OldResourceProperties: source.properties(oldTemplate) }),
    deleteEvent: (physicalResourceId: string, template: T): OnEventRequest =>
      customResourceRequest(source, 'Delete', source.properties(template), { PhysicalResourceId: physicalResourceId }),
  };
}

/**
 * What a handler's unit tests send: one request id for every request, so a
 * test can name the tags it sets; properties as overrides of the test's
 * defaults (`properties` applies them), whose ServiceToken the request
 * carries too; and the test's resource as the physical id of an Update or
 * Delete unless one is given.
 */
export interface OverrideRequestSource extends RequestSource<Record<string, unknown>> {
  readonly requestId: string;
  readonly physicalResourceId: string;
}

/** The Create, Update and Delete requests of a handler's unit tests (see OverrideRequestSource). */
export function overrideRequestBuilders(source: OverrideRequestSource) {
  type Overrides = Record<string, unknown>;
  const request = (type: OnEventRequest['RequestType'], props: Overrides, fields: Partial<OnEventRequest> = {}): OnEventRequest => {
    const properties = source.properties(props);
    return customResourceRequest(source, type, properties, { ServiceToken: properties.ServiceToken, RequestId: source.requestId, ...fields });
  };
  return {
    request,
    createEvent: (props: Overrides = {}): OnEventRequest => request('Create', props),
    updateEvent: (props: Overrides = {}, oldProps: Overrides = {}, physicalId = source.physicalResourceId): OnEventRequest =>
      request('Update', props, { PhysicalResourceId: physicalId, OldResourceProperties: source.properties(oldProps) }),
    deleteEvent: (props: Overrides = {}, physicalId = source.physicalResourceId): OnEventRequest =>
      request('Delete', props, { PhysicalResourceId: physicalId }),
  };
}

// -----------------------------------------------------------------------------
// the Provider framework's side
// -----------------------------------------------------------------------------

/**
 * The physical id the Provider framework reports for a Create that failed in
 * onEvent; it answers the Delete that follows itself, without the handler.
 */
export const CREATE_FAILED_PHYSICAL_ID_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

/**
 * What `runOperation` needs of a fake: its virtual clock, its call counts and
 * when a resource last changed. PoolFake is one; so is DirectoryFake
 * (test/support/directory-fake.ts).
 */
export interface ProviderWorld {
  now(): number;
  advance(seconds: number): void;
  callCounts(): ApiCallCounts;
  lastChangeAt(physicalResourceId: string): number | undefined;
}

export interface RunOptions {
  /** The fake whose clock the polls run on. */
  readonly fake: ProviderWorld;
  /** The Provider's queryInterval. Default 30 s. */
  readonly queryIntervalSeconds?: number;
  /** The Provider's totalTimeout. Default 1 h. */
  readonly totalTimeoutSeconds?: number;
}

export interface OperationResult {
  readonly outcome: 'SUCCESS' | 'FAILED' | 'TIMEOUT';
  /** The reason CloudFormation shows for FAILED and TIMEOUT. */
  readonly error?: string;
  /** The resource's attributes on SUCCESS. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** What CloudFormation records as the physical id (for a Create that failed in onEvent: CREATE_FAILED_PHYSICAL_ID_MARKER). */
  readonly physicalResourceId: string;
  readonly isCompleteCalls: number;
  /** API calls of this operation (onEvent and every poll). */
  readonly apiCalls: ApiCallCounts;
  /** Virtual seconds from onEvent to the answer. */
  readonly virtualSeconds: number;
  /**
   * Virtual seconds between the pool's last observable change (its final
   * state, or its disappearance) and the answer; undefined when no pool is
   * involved. On SUCCESS: how long the handler took to notice it was done.
   */
  readonly detectionLagSeconds?: number;
}

/**
 * Does what the custom-resources Provider framework does with one
 * CloudFormation request: onEvent; the request merged with its result
 * (result prevails, as JSON through Lambda); isComplete at once and then
 * every queryInterval (Step Functions retries: totalTimeout / queryInterval
 * of them) until it completes, throws, or the retries run out. A Delete of a
 * Create that failed in onEvent is answered without the handler.
 */
export async function runOperation(handler: ResourceHandler, cfnEvent: OnEventRequest, options: RunOptions): Promise<OperationResult> {
  const fake = options.fake;
  const interval = options.queryIntervalSeconds ?? 30;
  const total = options.totalTimeoutSeconds ?? 3600;
  const maxRetries = total / interval;
  if (!Number.isInteger(maxRetries)) {
    throw new Error(`totalTimeout=${total}s is not integrally dividable by queryInterval=${interval}s`);
  }
  const startedAt = fake.now();
  const before = fake.callCounts();
  const cfnRequest = viaLambda(cfnEvent);
  let isCompleteCalls = 0;
  let physicalResourceId = cfnRequest.PhysicalResourceId ?? cfnRequest.RequestId;

  const finish = (outcome: OperationResult['outcome'], extra: { error?: string; data?: Readonly<Record<string, unknown>> } = {}): OperationResult => {
    const end = fake.now();
    const changed = fake.lastChangeAt(physicalResourceId);
    return {
      outcome,
      ...extra,
      physicalResourceId,
      isCompleteCalls,
      apiCalls: difference(fake.callCounts(), before),
      virtualSeconds: (end - startedAt) / 1000,
      detectionLagSeconds: changed === undefined ? undefined : (end - Math.max(changed, startedAt)) / 1000,
    };
  };

  if (cfnRequest.RequestType === 'Delete' && cfnRequest.PhysicalResourceId === CREATE_FAILED_PHYSICAL_ID_MARKER) {
    return finish('SUCCESS');
  }
  let merged: IsCompleteRequest;
  try {
    const result = viaLambda((await handler.onEvent(cfnRequest)) ?? {}) as Readonly<Record<string, unknown>>;
    physicalResourceId = (result.PhysicalResourceId as string | undefined) || (cfnRequest.RequestType === 'Create' ? cfnRequest.RequestId : cfnRequest.PhysicalResourceId ?? '');
    if (cfnRequest.RequestType === 'Delete' && physicalResourceId !== cfnRequest.PhysicalResourceId) {
      throw new Error(`DELETE: cannot change the physical resource ID from "${cfnRequest.PhysicalResourceId}" to "${physicalResourceId}" during deletion`);
    }
    merged = { ...cfnRequest, ...result, PhysicalResourceId: physicalResourceId } as IsCompleteRequest;
  } catch (error) {
    if (cfnRequest.RequestType === 'Create') {
      physicalResourceId = CREATE_FAILED_PHYSICAL_ID_MARKER;
    }
    return finish('FAILED', { error: (error as Error).message });
  }

  for (let attempt = 0; ; attempt++) {
    isCompleteCalls++;
    try {
      const result = await handler.isComplete(viaLambda(merged));
      if (result.IsComplete) {
        // The framework answers `{ ...request, ...isCompleteResult }`: a physical id from isComplete prevails.
        physicalResourceId = result.PhysicalResourceId ?? physicalResourceId;
        return finish('SUCCESS', { data: { ...merged.Data, ...result.Data } });
      }
      if (result.Data && Object.keys(result.Data).length > 0) {
        return finish('FAILED', { error: '"Data" is not allowed if "IsComplete" is "False"' });
      }
    } catch (error) {
      return finish('FAILED', { error: (error as Error).message });
    }
    if (attempt >= maxRetries) {
      return finish('TIMEOUT', { error: 'Operation timed out' });
    }
    fake.advance(interval);
  }
}

function viaLambda<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function difference(after: ApiCallCounts, before: ApiCallCounts): ApiCallCounts {
  const byOperation: Record<string, number> = {};
  for (const [op, n] of Object.entries(after.byOperation)) {
    const d = n - (before.byOperation[op] ?? 0);
    if (d > 0) byOperation[op] = d;
  }
  const surfaced: Record<string, number> = {};
  for (const [name, n] of Object.entries(after.surfaced)) {
    const d = n - (before.surfaced[name] ?? 0);
    if (d > 0) surfaced[name] = d;
  }
  const surfacedByOperation: Record<string, number> = {};
  for (const [op, n] of Object.entries(after.surfacedByOperation)) {
    const d = n - (before.surfacedByOperation[op] ?? 0);
    if (d > 0) surfacedByOperation[op] = d;
  }
  return {
    total: after.total - before.total,
    byOperation,
    attempts: after.attempts - before.attempts,
    throttled: after.throttled - before.throttled,
    serverErrors: after.serverErrors - before.serverErrors,
    surfaced,
    surfacedByOperation,
  };
}
