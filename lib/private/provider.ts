import * as fs from 'fs';
import * as path from 'path';
import { Aws, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { validationError } from './errors';
import { acknowledgeNagFindings, nagPolicy, nagResource } from './nag';
import { NAG_FINDINGS } from './nag-findings';

/** Where scripts/bundle-handlers.ts writes the handler bundles (shipped in the npm package). */
export const HANDLERS_DIR = path.join(__dirname, '..', '..', 'assets', 'handlers');

/**
 * The environment variable that tells the handlers their own stack's id:
 * the router refuses a request that names another stack before any handler
 * runs (lambda/provider/router.ts; test/private/provider.test.ts keeps the
 * two names equal).
 */
export const STACK_ID_ENV = 'CDK_WORKSPACES_STACK_ID';

/** Context key: seconds between two isComplete polls of the shared provider. */
export const QUERY_INTERVAL_CONTEXT = 'cdk-workspaces-constructs:providerQueryInterval';
/** Context key: seconds the shared provider waits for one operation before it fails it. */
export const TOTAL_TIMEOUT_CONTEXT = 'cdk-workspaces-constructs:providerTotalTimeout';

/**
 * 30 seconds between polls. A pool takes many minutes to create, start or
 * stop, and a directory a minute or more to register: a state change is seen
 * at most 30 s late, and a one-hour wait costs at most 120 polls.
 */
export const DEFAULT_QUERY_INTERVAL = Duration.seconds(30);
/**
 * One hour: the most CloudFormation waits for a custom resource
 * (ServiceTimeout, 1-3600 seconds), and so the most any wait can last.
 */
export const DEFAULT_TOTAL_TIMEOUT = Duration.hours(1);

/** Marks a `WorkspacesProvider`, the same symbol in every copy of the library. */
const PROVIDER_BRAND = Symbol.for('cdk-workspaces-constructs.WorkspacesProvider');

const MIN_QUERY_INTERVAL_SECONDS = 5;
const MAX_QUERY_INTERVAL_SECONDS = 600;
const MAX_TOTAL_TIMEOUT_SECONDS = 3600;

/**
 * The Lambda runtime of the handler functions; scripts/bundle-handlers.ts bundles for the same
 * Node.js major. Lambda deprecates nodejs22.x on 2027-04-30 (blocking creates from 2027-06-01
 * and updates from 2027-07-01) and nodejs24.x on 2028-04-30
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
 */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Retention of the provider's logs: long enough to investigate a deploy weeks later. */
export const LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/** How often the shared provider polls, and for how long. */
export interface ProviderTimings {
  readonly queryInterval: Duration;
  readonly totalTimeout: Duration;
}

/**
 * The custom resource provider shared by every custom resource of this
 * library in a stack: one onEvent and one isComplete function (the router in
 * lambda/provider), the Provider framework's waiter, one log group, and one
 * role to which each construct adds only the statements it needs.
 *
 * Obtain it with `WorkspacesProvider.getOrCreate(scope)`. Its settings are
 * per stack, read from context, never from the construct that happens to
 * create it first:
 * - `cdk-workspaces-constructs:providerQueryInterval` (seconds, 5-600, default 30)
 * - `cdk-workspaces-constructs:providerTotalTimeout` (seconds, up to 3600, a
 *   multiple of the interval, default 3600)
 */
export class WorkspacesProvider extends Construct {
  /** The fixed id of the provider under its stack. */
  public static readonly ID = 'CdkWorkspacesConstructsProvider';

  /**
   * Whether `x` is a provider of this library, from any copy of it: an app
   * may load two (npm link, file:, monorepos), whose classes differ, so
   * `instanceof` would miss the other copy's provider. A `Symbol.for` brand,
   * as aws-cdk-lib's `Stack.isStack` and `CfnResource.isCfnResource` do.
   */
  public static isWorkspacesProvider(x: unknown): x is WorkspacesProvider {
    return x !== null && typeof x === 'object' && PROVIDER_BRAND in x;
  }

  /** The stack's provider, created on first use. */
  public static getOrCreate(scope: Construct): WorkspacesProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(WorkspacesProvider.ID);
    if (existing) {
      if (!WorkspacesProvider.isWorkspacesProvider(existing)) {
        throw validationError(existing, `The construct id '${WorkspacesProvider.ID}' is reserved by cdk-workspaces-constructs: rename your construct`);
      }
      return existing;
    }
    return new WorkspacesProvider(stack, WorkspacesProvider.ID);
  }

  /**
   * The stack's polling settings, read from context and validated, without
   * creating the provider: constructs check their own timeouts against them
   * before they create anything.
   */
  public static timings(scope: Construct): ProviderTimings {
    const queryInterval = readSeconds(scope, QUERY_INTERVAL_CONTEXT) ?? DEFAULT_QUERY_INTERVAL;
    const totalTimeout = readSeconds(scope, TOTAL_TIMEOUT_CONTEXT) ?? DEFAULT_TOTAL_TIMEOUT;
    validateTimings(scope, queryInterval, totalTimeout);
    return { queryInterval, totalTimeout };
  }

  /** The service token of custom resources served by this provider. */
  public readonly serviceToken: string;
  /** The role the onEvent and isComplete handlers run as. */
  public readonly role: iam.Role;
  /** Where the handlers and the Provider framework log. */
  public readonly logGroup: logs.LogGroup;
  public readonly onEventFunction: lambda.Function;
  public readonly isCompleteFunction: lambda.Function;
  public readonly queryInterval: Duration;
  public readonly totalTimeout: Duration;

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    Object.defineProperty(this, PROVIDER_BRAND, { value: true });

    const timings = WorkspacesProvider.timings(this);
    this.queryInterval = timings.queryInterval;
    this.totalTimeout = timings.totalTimeout;

    const entry = path.join(HANDLERS_DIR, 'provider', 'index.js');
    if (!fs.existsSync(entry)) {
      throw new Error(`The custom resource handlers are not built (${entry} is missing). Run 'npx projen bundle' in the cdk-workspaces-constructs checkout.`);
    }

    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: LOG_RETENTION });

    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the cdk-workspaces-constructs custom resource handlers; each construct adds the statements it needs.',
    });
    // In place of AWSLambdaBasicExecutionRole (logs:* on every log group): write to this log group only.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [this.logGroup.logGroupArn],
    }));

    const code = lambda.Code.fromAsset(HANDLERS_DIR);
    const common: Omit<lambda.FunctionProps, 'handler' | 'description'> = {
      code,
      runtime: HANDLER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { [STACK_ID_ENV]: Aws.STACK_ID },
    };
    this.onEventFunction = new lambda.Function(this, 'OnEvent', {
      ...common,
      handler: 'provider/index.onEvent',
      description: 'cdk-workspaces-constructs: starts create, update and delete operations',
      timeout: Duration.minutes(5),
    });
    this.isCompleteFunction = new lambda.Function(this, 'IsComplete', {
      ...common,
      handler: 'provider/index.isComplete',
      description: 'cdk-workspaces-constructs: checks whether an operation has reached its target state',
      timeout: Duration.minutes(2),
    });

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEventFunction,
      isCompleteHandler: this.isCompleteFunction,
      queryInterval: this.queryInterval,
      totalTimeout: this.totalTimeout,
      logGroup: this.logGroup,
      // The waiter's execution data holds the CloudFormation request, whose
      // ResponseURL is a pre-signed URL: log the executions, not their data.
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: {
        destination: this.logGroup,
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    this.serviceToken = provider.serviceToken;

    this.acknowledgeNagFindings(provider);
  }

  /** Adds a statement to the handlers' role. Constructs scope it to their own resources' ARNs. */
  public addToRolePolicy(statement: iam.PolicyStatement): void {
    this.role.addToPrincipalPolicy(statement);
  }

  /**
   * What cdk-nag's AwsSolutions pack finds in this provider and why each
   * finding stands (lib/private/nag-findings.ts); `test/nag.test.ts` fails on
   * any finding not acknowledged here, under cdk-nag 2 and 3.
   */
  private acknowledgeNagFindings(provider: cr.Provider): void {
    acknowledgeNagFindings(this.onEventFunction, NAG_FINDINGS.handlerRuntime);
    acknowledgeNagFindings(this.isCompleteFunction, NAG_FINDINGS.handlerRuntime);
    acknowledgeNagFindings(provider, NAG_FINDINGS.frameworkRuntime);
    acknowledgeNagFindings(provider, NAG_FINDINGS.frameworkBasicExecutionRole, [
      nagPolicy(provider, iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole').managedPolicyArn),
    ]);
    // The framework's roles may invoke every function of this provider, each by ARN and ARN:*.
    const functions = this.node.findAll().filter(c => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function');
    acknowledgeNagFindings(provider, NAG_FINDINGS.frameworkInvokeVersions,
      functions.map(f => nagResource(provider, `${(f as lambda.CfnFunction).attrArn}:*`)));
    // The framework's waiter (its own construct, not an sfn.StateMachine). Should
    // aws-cdk-lib rename it, the acknowledgements below stop applying and the nag test fails.
    const waiter = provider.node.tryFindChild('waiter-state-machine');
    if (waiter) {
      acknowledgeNagFindings(waiter, NAG_FINDINGS.waiterLogDelivery, ['Resource::*']);
      acknowledgeNagFindings(waiter, NAG_FINDINGS.waiterTracing);
    }
  }
}

function readSeconds(scope: Construct, key: string): Duration | undefined {
  const raw: unknown = scope.node.tryGetContext(key);
  if (raw === undefined) {
    return undefined;
  }
  const seconds = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) {
    throw validationError(scope, `Context '${key}' must be a whole number of seconds, got ${JSON.stringify(raw)}`);
  }
  return Duration.seconds(seconds);
}

function validateTimings(scope: Construct, queryInterval: Duration, totalTimeout: Duration): void {
  const interval = queryInterval.toSeconds();
  const total = totalTimeout.toSeconds();
  if (interval < MIN_QUERY_INTERVAL_SECONDS || interval > MAX_QUERY_INTERVAL_SECONDS) {
    throw validationError(scope, `Context '${QUERY_INTERVAL_CONTEXT}' must be between ${MIN_QUERY_INTERVAL_SECONDS} and ${MAX_QUERY_INTERVAL_SECONDS} seconds, got ${interval}`);
  }
  if (total > MAX_TOTAL_TIMEOUT_SECONDS) {
    throw validationError(scope, `Context '${TOTAL_TIMEOUT_CONTEXT}' must be at most ${MAX_TOTAL_TIMEOUT_SECONDS} seconds (CloudFormation waits at most one hour for a custom resource), got ${total}`);
  }
  if (total < interval || total % interval !== 0) {
    throw validationError(scope, `Context '${TOTAL_TIMEOUT_CONTEXT}' must be a multiple of the query interval (${interval} seconds), got ${total}`);
  }
}
