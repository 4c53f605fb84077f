import { ArnFormat, Duration, IResource, Resource, ResourceProps, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { aws_workspaces as workspacesRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { POOL_METRICS_DIMENSION, POOL_METRICS_NAMESPACE } from './metrics';
import { USER_SESSIONS_SCALING_ID } from './validation';
import { validationError } from '../private/errors';
import { addActionSchedule, requireIdFirst, validateScalingRange, validateTargetUtilization } from '../private/schedule-checks';

/** The Application Auto Scaling service-linked role for WorkSpaces pools. */
const SCALING_ROLE_NAME = 'AWSServiceRoleForApplicationAutoScaling_WorkSpacesPool';
const SCALING_ROLE_PATH = 'aws-service-role/workspaces.application-autoscaling.amazonaws.com';

/** A WorkSpaces pool: one created by `WorkspacesPool` or imported. */
export interface IWorkspacesPool extends IResource, workspacesRefs.IWorkspacesPoolRef {
  /**
   * The pool id (`wspool-…`).
   *
   * @attribute
   */
  readonly poolId: string;

  /**
   * The pool ARN: `arn:<partition>:workspaces:<region>:<account>:workspacespool/<poolId>`.
   *
   * @attribute
   */
  readonly poolArn: string;

  /** Grants `actions` (e.g. `workspaces:UpdateWorkspacesPool`) on this pool. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;
  /** Grants starting and stopping this pool. */
  grantStartStop(grantee: iam.IGrantable): iam.Grant;
  /** Grants describing this pool and its sessions. */
  grantRead(grantee: iam.IGrantable): iam.Grant;
  /**
   * Grants listing this pool's user sessions and ending sessions: TerminateWorkspacesPoolSession
   * has no pool-scoped resource and is granted on `*` (every pool of the account and Region).
   */
  grantManageSessions(grantee: iam.IGrantable): iam.Grant;

  /** A metric of this pool in the `AWS/WorkSpaces` namespace. */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** User sessions in use for streaming (`ActiveUserSessionCapacity`). */
  metricActiveUserSessionCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Sessions available for streaming or streaming (`ActualUserSessionCapacity`). */
  metricActualUserSessionCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Idle sessions available for users (`AvailableUserSessionCapacity`). */
  metricAvailableUserSessionCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Sessions being provisioned (`PendingUserSessionCapacity`). */
  metricPendingUserSessionCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Sessions running or pending (`DesiredUserSessionCapacity`). */
  metricDesiredUserSessionCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Percent of provisioned sessions in use (`UserSessionsCapacityUtilization`). */
  metricCapacityUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Session requests refused for lack of capacity (`InsufficientCapacityError`, summed). */
  metricInsufficientCapacityError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** Lets Application Auto Scaling set the pool's desired user sessions. */
  autoScaleUserSessions(props: UserSessionScalingProps): ScalableUserSessions;
  /** Starts the pool on a schedule (EventBridge Scheduler, no Lambda). */
  scheduleStart(id: string, expression: scheduler.ScheduleExpression, options?: PoolScheduleOptions): scheduler.Schedule;
  /** Stops the pool on a schedule (EventBridge Scheduler, no Lambda). */
  scheduleStop(id: string, expression: scheduler.ScheduleExpression, options?: PoolScheduleOptions): scheduler.Schedule;
}

/** How a pool's desired user sessions may be scaled by Application Auto Scaling. */
export interface UserSessionScalingProps {
  /** The fewest desired user sessions auto scaling sets. */
  readonly minCapacity: number;
  /** The most desired user sessions auto scaling sets. */
  readonly maxCapacity: number;
}

/** Target tracking on the pool's average user sessions capacity utilization. */
export interface UtilizationScalingProps extends appscaling.BaseTargetTrackingProps {
  /** The utilization (percent of the pool's provisioned sessions in use) to keep the pool at: more than 0, at most 100. */
  readonly targetUtilizationPercent: number;
}

/**
 * The desired user sessions of a pool, scaled by Application Auto Scaling
 * (namespace `workspaces`, dimension `workspaces:workspacespool:DesiredUserSessions`).
 */
export class ScalableUserSessions extends appscaling.BaseScalableAttribute {
  /**
   * What was asked of this scaling, for a successor fleet to mirror.
   *
   * @internal
   */
  public readonly _recorded: RecordedScaling;

  /**
   * Made by `autoScaleUserSessions()`; users do not create one themselves.
   *
   * @param scope the construct this one is defined in (the pool)
   * @param id its id, unique within scope
   * @param props the scalable target: the pool's DesiredUserSessions and its capacity range
   */
  constructor(scope: Construct, id: string, props: appscaling.BaseScalableAttributeProps) {
    super(scope, id, props);
    this._recorded = { minCapacity: props.minCapacity ?? 1, maxCapacity: props.maxCapacity, schedules: [] };
  }

  /**
   * Keeps the pool's capacity utilization (sessions in use / sessions
   * provisioned) near a target, with the predefined metric
   * `WorkSpacesAverageUserSessionsCapacityUtilization`.
   */
  public scaleOnUtilization(props: UtilizationScalingProps): void {
    const target = props.targetUtilizationPercent;
    validateTargetUtilization(this, target);
    super.doScaleToTrackMetric('UtilizationScaling', {
      predefinedMetric: appscaling.PredefinedMetric.WORKSPACES_AVERAGE_USER_SESSIONS_CAPACITY_UTILIZATION,
      targetValue: props.targetUtilizationPercent,
      ...props,
    });
    this._recorded.utilization = props;
  }

  /** Sets the capacity bounds on a schedule (e.g. 20 sessions from 07:00 on working days). */
  public scaleOnSchedule(id: string, action: appscaling.ScalingSchedule): void {
    super.doScaleOnSchedule(id, action);
    this._recorded.schedules.push({ id, action });
  }
}

/** What `ScalableUserSessions` was asked, for a successor fleet to mirror (not exported from the library). */
interface RecordedScaling {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  utilization?: UtilizationScalingProps;
  readonly schedules: Array<{ readonly id: string; readonly action: appscaling.ScalingSchedule }>;
}

/** A start or stop schedule of a pool, for a successor fleet to mirror (not exported from the library). */
interface RecordedSchedule {
  readonly method: 'scheduleStart' | 'scheduleStop';
  readonly id: string;
  readonly expression: scheduler.ScheduleExpression;
  readonly options: PoolScheduleOptions;
}

/** Options of a scheduled start or stop. */
export interface PoolScheduleOptions {
  /** A description of the schedule. @default - says what the schedule does to which pool */
  readonly description?: string;
  /** Whether the schedule is enabled. @default true */
  readonly enabled?: boolean;
  /**
   * How often EventBridge Scheduler retries a failed start or stop. A pool
   * that is already in the asked state refuses the call; retrying does not
   * help then.
   *
   * @default 3
   */
  readonly retryAttempts?: number;
  /** Where EventBridge Scheduler sends calls that failed every attempt. @default - none */
  readonly deadLetterQueue?: sqs.IQueue;
  /** The schedule group. @default - the default group */
  readonly scheduleGroup?: scheduler.IScheduleGroup;
}

/** Grants, metrics, auto scaling and schedules shared by created and imported pools. */
export abstract class WorkspacesPoolBase extends Resource implements IWorkspacesPool {
  public abstract readonly poolId: string;
  public abstract readonly poolArn: string;
  /**
   * The schedules added to this pool, in order, for a successor fleet to mirror.
   *
   * @internal
   */
  public readonly _schedules: RecordedSchedule[] = [];
  private scalingTarget?: ScalableUserSessions;

  /**
   * The pool's auto scaling, if `autoScaleUserSessions()` was called, for a successor fleet to mirror.
   *
   * @internal
   */
  public get _scaling(): ScalableUserSessions | undefined {
    return this.scalingTarget;
  }

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the pool's environment (its account and Region) and physical name
   */
  protected constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, props);
  }

  public get workspacesPoolRef(): workspacesRefs.WorkspacesPoolReference {
    return { poolId: this.poolId, poolArn: this.poolArn };
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.poolArn] });
  }

  /** Grants `workspaces:StartWorkspacesPool` and `workspaces:StopWorkspacesPool` on this pool. */
  public grantStartStop(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'workspaces:StartWorkspacesPool', 'workspaces:StopWorkspacesPool');
  }

  /**
   * Grants `workspaces:DescribeWorkspacesPoolSessions` on this pool and
   * `workspaces:DescribeWorkspacesPools`, which the service authorizes only
   * on `*`.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'workspaces:DescribeWorkspacesPoolSessions')
      .combine(iam.Grant.addToPrincipal({ grantee, actions: ['workspaces:DescribeWorkspacesPools'], resourceArns: ['*'] }));
  }

  /**
   * Grants listing this pool's sessions (`workspaces:DescribeWorkspacesPoolSessions`,
   * on this pool) and ending sessions (`workspaces:TerminateWorkspacesPoolSession`).
   *
   * The API has no pool-scoped resource for TerminateWorkspacesPoolSession: it is
   * granted on `*`, so the grantee may end the sessions of every pool in the
   * account and Region, not only this one's.
   *
   * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonworkspaces.html
   */
  public grantManageSessions(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'workspaces:DescribeWorkspacesPoolSessions')
      .combine(iam.Grant.addToPrincipal({ grantee, actions: ['workspaces:TerminateWorkspacesPoolSession'], resourceArns: ['*'] }));
  }

  /**
   * A metric of this pool (namespace `AWS/WorkSpaces`, dimension
   * `WorkSpaces pool ID`), every 5 minutes, averaged unless `props` says otherwise.
   *
   * @see https://docs.aws.amazon.com/workspaces/latest/adminguide/monitoring-with-cloudwatch.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: POOL_METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { [POOL_METRICS_DIMENSION]: this.poolId },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(5),
      ...props,
    }).attachTo(this);
  }

  /** User sessions in use for streaming (`ActiveUserSessionCapacity`, count). */
  public metricActiveUserSessionCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ActiveUserSessionCapacity', props);
  }

  /** Sessions available for streaming or streaming (`ActualUserSessionCapacity`, count). */
  public metricActualUserSessionCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ActualUserSessionCapacity', props);
  }

  /** Idle sessions available for users (`AvailableUserSessionCapacity`, count). */
  public metricAvailableUserSessionCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('AvailableUserSessionCapacity', props);
  }

  /** Sessions being provisioned (`PendingUserSessionCapacity`, count). */
  public metricPendingUserSessionCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PendingUserSessionCapacity', props);
  }

  /** Sessions running or pending (`DesiredUserSessionCapacity`, count). */
  public metricDesiredUserSessionCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DesiredUserSessionCapacity', props);
  }

  /** Percent of provisioned sessions in use (`UserSessionsCapacityUtilization`). */
  public metricCapacityUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('UserSessionsCapacityUtilization', props);
  }

  /**
   * Session requests refused for lack of capacity (`InsufficientCapacityError`),
   * summed: alarm on it to learn that users are waiting for a desktop.
   */
  public metricInsufficientCapacityError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InsufficientCapacityError', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Lets Application Auto Scaling set the pool's desired user sessions
   * between `minCapacity` and `maxCapacity`. Once scaling is on, a deploy
   * changes the pool's capacity only when `desiredUserSessions` itself
   * changes in the code, never undoing what scaling set.
   */
  public autoScaleUserSessions(props: UserSessionScalingProps): ScalableUserSessions {
    if (this.scalingTarget) {
      throw validationError(this, 'autoScaleUserSessions() was already called on this pool: a pool has one scalable target');
    }
    validateScalingRange(this, props);
    this.requireSameEnvironment('autoScaleUserSessions');
    const stack = Stack.of(this);
    this.scalingTarget = new ScalableUserSessions(this, USER_SESSIONS_SCALING_ID, {
      serviceNamespace: appscaling.ServiceNamespace.WORKSPACES,
      resourceId: `workspacespool/${this.poolId}`,
      dimension: 'workspaces:workspacespool:DesiredUserSessions',
      role: iam.Role.fromRoleArn(this, 'ScalingRole', stack.formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName: `${SCALING_ROLE_PATH}/${SCALING_ROLE_NAME}`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      })),
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
    });
    return this.scalingTarget;
  }

  /**
   * Starts the pool on a schedule (EventBridge Scheduler calling
   * StartWorkspacesPool directly: no Lambda). Only AUTO_STOP pools can be
   * started. A deploy never starts a pool a schedule stopped.
   *
   * @param id names the schedule among this pool's start schedules (its
   *   construct is `ScheduledStart<id>`), so that its logical id does not
   *   depend on the order the schedules are added in
   * @param expression when to start the pool
   * @param options retries, state, description, dead-letter queue and schedule group
   */
  public scheduleStart(id: string, expression: scheduler.ScheduleExpression, options: PoolScheduleOptions = {}): scheduler.Schedule {
    return this.schedulePoolAction('scheduleStart', id, 'startWorkspacesPool', 'StartWorkspacesPool', 'Starts', expression, options);
  }

  /**
   * Stops the pool on a schedule (EventBridge Scheduler calling
   * StopWorkspacesPool directly: no Lambda). Stopping ends the pool's user
   * sessions. Only AUTO_STOP pools can be stopped.
   *
   * @param id names the schedule among this pool's stop schedules (its
   *   construct is `ScheduledStop<id>`), so that its logical id does not
   *   depend on the order the schedules are added in
   * @param expression when to stop the pool
   * @param options retries, state, description, dead-letter queue and schedule group
   */
  public scheduleStop(id: string, expression: scheduler.ScheduleExpression, options: PoolScheduleOptions = {}): scheduler.Schedule {
    return this.schedulePoolAction('scheduleStop', id, 'stopWorkspacesPool', 'StopWorkspacesPool', 'Stops', expression, options);
  }

  /**
   * Scaling targets and schedules are created in this stack's account and
   * Region: they cannot reach a pool imported from another one.
   */
  private requireSameEnvironment(method: string): void {
    const stack = Stack.of(this);
    if (Token.compareStrings(this.env.account, stack.account) === TokenComparison.DIFFERENT
      || Token.compareStrings(this.env.region, stack.region) === TokenComparison.DIFFERENT) {
      throw validationError(this, `${method}() needs the pool in the stack's account and Region (${stack.account}/${stack.region}), got a pool in ${this.env.account}/${this.env.region}`);
    }
  }

  /** Checks made before a schedule is added; `WorkspacesPool` refuses schedules on ALWAYS_ON pools. */
  protected validateSchedule(_action: string): void {}

  private schedulePoolAction(
    method: 'scheduleStart' | 'scheduleStop', id: string, sdkAction: string, iamAction: string, verb: string,
    expression: scheduler.ScheduleExpression, options: PoolScheduleOptions,
  ): scheduler.Schedule {
    requireIdFirst(this, method, id, expression);
    this.validateSchedule(iamAction);
    this.requireSameEnvironment(method);
    const schedule = addActionSchedule(this, {
      method,
      id,
      noun: 'pool',
      expression,
      options,
      defaultDescription: `${verb} WorkSpaces pool ${this.node.path}`,
      service: 'workspaces',
      sdkAction,
      input: { PoolId: this.poolId },
      iamAction: `workspaces:${iamAction}`,
      resourceArn: this.poolArn,
    });
    this._schedules.push({ method, id, expression, options });
    return schedule;
  }
}
