import { Annotations, CustomResource, Duration, ITaggable, Lazy, Names, RemovalPolicy, TagManager, TagType, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { poolArnOf } from './metrics';
import { grantPoolHandler, bundleArnOf } from './permissions';
import {
  poolIdOfAttributes,
  sanitize,
  validateBundleId,
  validateDescription,
  validateDesiredUserSessions,
  validatePoolDirectoryId,
  validatePoolName,
  validatePoolRemovalPolicy,
  validateRunningCapacity,
  validateScheduleRunningMode,
  validateSettingsGroup,
  validateStoppedPoolMode,
} from './validation';
import { IWorkspacesPool, WorkspacesPoolBase } from './workspaces-pool-base';
import { IWorkspaceDirectory } from '../directory/workspace-directory';
import { drainTimeoutSeconds } from '../private/drain-timeout';
import { WorkspacesProvider } from '../private/provider';
import { rejectReservedTags } from '../private/reserved-tags';
import { BUNDLE_IMAGE_RESOURCE_TYPE, POOL_RESOURCE_TYPE } from '../private/resource-types';
import { durationSeconds, operationTimeout } from '../private/timeouts';

/** How a pool's WorkSpaces run. */
export enum RunningMode {
  /** Instances stop when no user is streaming; the pool can be started and stopped. */
  AUTO_STOP = 'AUTO_STOP',
  /** Instances keep running; the pool cannot be stopped. */
  ALWAYS_ON = 'ALWAYS_ON',
}

/** The state a deploy leaves a pool in. */
export enum PoolState {
  /** Running, with its capacity provisioning. */
  RUNNING = 'RUNNING',
  /** Stopped (AUTO_STOP pools only). */
  STOPPED = 'STOPPED',
}

/** Persistence of users' application settings across sessions. */
export interface PoolApplicationSettings {
  /** Whether users' application settings persist between sessions. */
  readonly persistence: boolean;
  /**
   * The settings group: pools with the same group share users' settings.
   * 1-100 characters of letters, digits and `_ . / ( ) ! * ' -`.
   *
   * @default - the service's default group
   */
  readonly settingsGroup?: string;
}

/** Properties of a `WorkspacesPool`. */
export interface WorkspacesPoolProps {
  /** The WorkSpaces Pools directory (`wsd-…`) the pool's users sign in through. */
  readonly directory: IWorkspaceDirectory;

  /** The bundle of the pool's WorkSpaces (`wsb-…`). */
  readonly bundleId: string;

  /**
   * How many user sessions the pool provides: a whole number, 0 or more
   * (`Capacity.DesiredUserSessions`,
   * https://docs.aws.amazon.com/workspaces/latest/api/API_Capacity.html).
   * With `autoScaleUserSessions`, the starting value: a deploy sets it again
   * only when it changes here.
   *
   * 0 provisions no session: no user can connect until the capacity is
   * raised. A STOPPED pool may have 0; a RUNNING one (`desiredState`) only
   * when `autoScaleUserSessions()` raises it with a scheduled action (target
   * tracking cannot scale out from 0), which synth checks.
   */
  readonly desiredUserSessions: number;

  /**
   * The pool's name, unique in the account and Region: 1-64 letters, digits,
   * `_`, `.` and `-`, starting with a letter or digit. Changing it replaces
   * the pool (a new pool is created, then the old one is terminated).
   *
   * @default - a name generated from the construct path, unique per stack
   */
  readonly poolName?: string;

  /**
   * A description: 1-255 letters, digits, spaces and `_ . / ( ) -`.
   *
   * @default - `Managed by cdk-workspaces-constructs for <construct path>` (characters the API refuses become `-`)
   */
  readonly description?: string;

  /**
   * The running mode. Changing it on a running pool stops the pool, switches
   * the mode and starts it again, in one deploy.
   *
   * @default RunningMode.AUTO_STOP
   */
  readonly runningMode?: RunningMode;

  /**
   * The state a deploy brings the pool to: on create, and when this value
   * changes. Other deploys leave the pool's state alone, so a pool that a
   * schedule stopped stays stopped. STOPPED needs AUTO_STOP.
   *
   * @default PoolState.RUNNING
   */
  readonly desiredState?: PoolState;

  /**
   * How long a disconnected user's session is kept: 60-36000 seconds.
   *
   * @default - the service's default
   */
  readonly disconnectTimeout?: Duration;

  /**
   * How long a user may be idle before being disconnected: 0-36000 seconds (0 turns it off).
   *
   * @default - the service's default
   */
  readonly idleDisconnectTimeout?: Duration;

  /**
   * The longest a user session may last: 600-432000 seconds.
   *
   * @default - the service's default
   */
  readonly maxUserDuration?: Duration;

  /**
   * Persistence of users' application settings.
   *
   * @default - no application settings persistence
   */
  readonly applicationSettings?: PoolApplicationSettings;

  /**
   * Before stopping or terminating the pool, how long to wait for users'
   * sessions to end; sessions still open then are terminated. Counted from
   * the start of the deploy's operation on the pool; shorter than `timeout`.
   *
   * @default - no wait: stopping or terminating ends open sessions, and the provider's log says how many
   */
  readonly drainTimeout?: Duration;

  /**
   * How long one create, update or delete of the pool may take before it
   * fails with the last state seen. At most the provider's total timeout
   * minus one query interval (59.5 minutes with the defaults).
   *
   * @default Duration.minutes(55)
   */
  readonly timeout?: Duration;

  /**
   * What happens to the pool when it leaves the stack.
   *
   * @default RemovalPolicy.DESTROY - the pool is terminated (after `drainTimeout`); pools keep no user data
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** What identifies an existing pool: its id or its ARN. */
export interface WorkspacesPoolAttributes {
  /** The pool id (`wspool-…`). @default - taken from `poolArn` */
  readonly poolId?: string;
  /** The pool ARN. @default - built from `poolId` in the scope's account and Region */
  readonly poolArn?: string;
}

/**
 * An Amazon WorkSpaces pool (non-persistent desktops), managed through its
 * whole life: the deploy completes only when the pool is RUNNING with its
 * capacity provisioning, or STOPPED, as asked.
 *
 * A Lambda-backed custom resource (`Custom::WorkspacesPool`), not
 * `AWS::WorkSpaces::WorkspacesPool`: CloudFormation's pool resource cannot
 * start or stop a pool, cannot change the running mode of a running pool, and
 * does not wait for capacity.
 *
 * WorkSpaces Pools reaches end of support on 2027-12-31 and is closed to new
 * customers: this construct is for accounts that already use Pools.
 */
export class WorkspacesPool extends WorkspacesPoolBase implements ITaggable {
  /**
   * The id of the warning every `WorkspacesPool` raises at synth,
   * `cdk-workspaces-constructs:poolsEndOfSupport`: WorkSpaces Pools reaches
   * end of support on 2027-12-31 and is closed to new customers. Once the
   * migration is planned, acknowledge it:
   * `Annotations.of(pool).acknowledgeWarning(WorkspacesPool.END_OF_SUPPORT_WARNING, 'reason')`.
   *
   * @see https://docs.aws.amazon.com/workspaces/latest/adminguide/wsp-pools-end-of-support.html
   */
  public static readonly END_OF_SUPPORT_WARNING = 'cdk-workspaces-constructs:poolsEndOfSupport';

  /**
   * Refers to an existing pool by its id.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param poolId the pool id (`wspool-…`)
   */
  public static fromPoolId(scope: Construct, id: string, poolId: string): IWorkspacesPool {
    return WorkspacesPool.fromPoolAttributes(scope, id, { poolId });
  }

  /**
   * Refers to an existing pool by its ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param poolArn the pool ARN (`arn:<partition>:workspaces:<region>:<account>:workspacespool/wspool-…`)
   */
  public static fromPoolArn(scope: Construct, id: string, poolArn: string): IWorkspacesPool {
    return WorkspacesPool.fromPoolAttributes(scope, id, { poolArn });
  }

  /**
   * Refers to an existing pool by its id or ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param attrs the pool id, the pool ARN, or both (they must name the same pool)
   */
  public static fromPoolAttributes(scope: Construct, id: string, attrs: WorkspacesPoolAttributes): IWorkspacesPool {
    const poolId = poolIdOfAttributes(scope, id, attrs);
    const poolArn = attrs.poolArn ?? poolArnOf(scope, poolId);
    const importedPoolId: string = poolId;
    class Import extends WorkspacesPoolBase {
      public readonly poolId = importedPoolId;
      public readonly poolArn = poolArn;
    }
    return new Import(scope, id, { environmentFromArn: poolArn });
  }

  /** The pool id (`wspool-…`). @attribute */
  public readonly poolId: string;
  /** The pool ARN. @attribute */
  public readonly poolArn: string;
  /** The pool name. */
  public readonly poolName: string;
  /** The pool's running mode. */
  public readonly runningMode: RunningMode;
  /** Tags applied to the pool (also through `Tags.of(scope)`). */
  public readonly tags: TagManager;
  /**
   * The props the pool was made with, for a successor fleet
   * (`ApplicationsFleet` with `replaces`) to mirror.
   *
   * @internal
   */
  public readonly _props: WorkspacesPoolProps;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the pool's directory, bundle, capacity and settings
   */
  constructor(scope: Construct, id: string, props: WorkspacesPoolProps) {
    super(scope, id, { physicalName: props.poolName });

    const runningMode = props.runningMode ?? RunningMode.AUTO_STOP;
    const desiredState = props.desiredState ?? PoolState.RUNNING;
    const poolName = props.poolName ?? defaultPoolName(this);
    const description = props.description ?? defaultDescription(this);

    // Validate everything before creating anything.
    validatePoolName(this, props.poolName);
    validateDescription(this, props.description);
    validateBundleId(this, props.bundleId);
    validatePoolDirectoryId(this, props.directory.directoryId);
    validateDesiredUserSessions(this, props.desiredUserSessions);
    validateRunningCapacity(this, props.desiredUserSessions, desiredState === PoolState.RUNNING);
    const disconnect = durationSeconds(this, 'disconnectTimeout', props.disconnectTimeout, 60, 36000);
    const idle = durationSeconds(this, 'idleDisconnectTimeout', props.idleDisconnectTimeout, 0, 36000);
    const maxDuration = durationSeconds(this, 'maxUserDuration', props.maxUserDuration, 600, 432000);
    if (props.applicationSettings) {
      validateSettingsGroup(this, props.applicationSettings.persistence, props.applicationSettings.settingsGroup);
    }
    validateStoppedPoolMode(this, desiredState, runningMode);
    const timeout = operationTimeout(this, props.timeout, WorkspacesProvider.timings(this));
    const drain = drainTimeoutSeconds(this, props.drainTimeout, timeout, 'timeout');
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    validatePoolRemovalPolicy(this, removalPolicy);

    this.runningMode = runningMode;
    this._props = props;
    this.tags = new TagManager(TagType.KEY_VALUE, POOL_RESOURCE_TYPE);
    rejectReservedTags(this, this.tags);

    const provider = WorkspacesProvider.getOrCreate(this);
    grantPoolHandler(provider, props.directory.directoryArn, bundleArnOf(provider, props.bundleId));

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: POOL_RESOURCE_TYPE,
      removalPolicy,
      properties: {
        PoolName: poolName,
        Description: description,
        BundleId: props.bundleId,
        DirectoryId: props.directory.directoryId,
        DesiredUserSessions: props.desiredUserSessions,
        RunningMode: runningMode,
        DesiredState: desiredState,
        DisconnectTimeoutInSeconds: disconnect,
        IdleDisconnectTimeoutInSeconds: idle,
        MaxUserDurationInSeconds: maxDuration,
        ApplicationSettingsStatus: props.applicationSettings ? (props.applicationSettings.persistence ? 'ENABLED' : 'DISABLED') : undefined,
        ApplicationSettingsGroup: props.applicationSettings?.settingsGroup,
        Tags: Lazy.any({ produce: () => this.tags.renderTags() }, { omitEmptyArray: true }),
        DrainTimeoutSeconds: drain,
        TimeoutSeconds: timeout.toSeconds(),
      },
    });
    // The pool is terminated (and waited for) before its directory is removed.
    resource.node.addDependency(props.directory);
    resource.node.addDependency(bundleImageCheck(this, provider, props.bundleId, poolName, timeout));

    this.poolId = resource.ref;
    this.poolArn = resource.getAttString('PoolArn');
    this.poolName = poolName;

    Annotations.of(this).addWarningV2(
      WorkspacesPool.END_OF_SUPPORT_WARNING,
      'Amazon WorkSpaces Pools reaches end of support on 2027-12-31 and is closed to new customers: ' +
      'from 2026-07-31 by AWS\'s end-of-support page (7/30/2026 in the service\'s own AccessDeniedException). ' +
      'Creating a pool works only in accounts that already use Pools, and pools stop working after 2027-12-31. ' +
      'Plan the migration: https://docs.aws.amazon.com/workspaces/latest/adminguide/wsp-pools-end-of-support.html',
    );
  }

  protected validateSchedule(action: string): void {
    validateScheduleRunningMode(this, action, this.runningMode);
  }
}


/**
 * The bundle image check: the pool is created, and moved to another bundle, only once the bundle's
 * image is usable; a custom image still PENDING (an import) is waited for, one in ERROR fails the
 * deploy before anything is made.
 */
function bundleImageCheck(pool: WorkspacesPool, provider: WorkspacesProvider, bundleId: string, poolName: string, timeout: Duration): CustomResource {
  return new CustomResource(pool, 'BundleImage', {
    serviceToken: provider.serviceToken,
    resourceType: BUNDLE_IMAGE_RESOURCE_TYPE,
    properties: {
      BundleId: bundleId,
      PoolName: poolName,
      TimeoutSeconds: timeout.toSeconds(),
    },
  });
}

/** A unique name from the construct path (stack name included), within the pool name rules. */
function defaultPoolName(pool: WorkspacesPool): string {
  return Names.uniqueResourceName(pool, { maxLength: 64, allowedSpecialCharacters: '_.-' });
}

function defaultDescription(pool: WorkspacesPool): string {
  const path = Token.isUnresolved(pool.node.path) ? pool.node.id : pool.node.path;
  return sanitize(`Managed by cdk-workspaces-constructs for ${path}`, /[a-zA-Z0-9_./() -]/, 255).replace(/-+$/, '') || 'Managed by cdk-workspaces-constructs';
}
