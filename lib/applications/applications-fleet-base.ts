import { ArnFormat, Duration, IResource, Resource, ResourceProps, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { validationError } from '../private/errors';
import { addActionSchedule, requireIdFirst, validateScalingRange, validateTargetUtilization } from '../private/schedule-checks';

/**
 * The Application Auto Scaling service-linked role for WorkSpaces Applications fleets
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-service-linked-roles.html).
 */
const SCALING_ROLE_NAME = 'AWSServiceRoleForApplicationAutoScaling_AppStreamFleet';
const SCALING_ROLE_PATH = 'aws-service-role/appstream.application-autoscaling.amazonaws.com';

/** The construct id of a fleet's scalable target (`autoScaleCapacity`). */
export const FLEET_CAPACITY_SCALING_ID = 'CapacityScaling';

/** A WorkSpaces Applications (formerly AppStream 2.0) fleet: one created by `ApplicationsFleet` or imported. */
export interface IApplicationsFleet extends IResource {
  /**
   * The fleet name.
   *
   * @attribute
   */
  readonly fleetName: string;

  /**
   * The fleet ARN: `arn:<partition>:appstream:<region>:<account>:fleet/<fleetName>`.
   *
   * @attribute
   */
  readonly fleetArn: string;

  /** Grants `actions` (e.g. `appstream:UpdateFleet`) on this fleet. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /** A metric of this fleet in the `AWS/AppStream` namespace. */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Instances available for streaming or streaming (`ActualCapacity`). */
  metricActualCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Idle instances available for user sessions (`AvailableCapacity`). */
  metricAvailableCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Percent of instances in use (`CapacityUtilization`). */
  metricCapacityUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Instances running or pending (`DesiredCapacity`). */
  metricDesiredCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Instances streaming (`InUseCapacity`). */
  metricInUseCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Instances being provisioned (`PendingCapacity`). */
  metricPendingCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Instances running (`RunningCapacity`). */
  metricRunningCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Session requests refused for lack of capacity (`InsufficientCapacityError`, summed). */
  metricInsufficientCapacityError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** Lets Application Auto Scaling set the fleet's desired capacity. */
  autoScaleCapacity(props: FleetCapacityScalingProps): ScalableFleetCapacity;
  /** Starts the fleet on a schedule (EventBridge Scheduler, no Lambda). */
  scheduleStart(id: string, expression: scheduler.ScheduleExpression, options?: FleetScheduleOptions): scheduler.Schedule;
  /** Stops the fleet on a schedule (EventBridge Scheduler, no Lambda). */
  scheduleStop(id: string, expression: scheduler.ScheduleExpression, options?: FleetScheduleOptions): scheduler.Schedule;
}

/** How a fleet's desired capacity may be scaled by Application Auto Scaling. */
export interface FleetCapacityScalingProps {
  /** The smallest desired capacity auto scaling sets (instances, or sessions for a multi-session fleet). */
  readonly minCapacity: number;
  /** The largest desired capacity auto scaling sets (instances, or sessions for a multi-session fleet). */
  readonly maxCapacity: number;
}

/** Target tracking on the fleet's average capacity utilization. */
export interface FleetUtilizationScalingProps extends appscaling.BaseTargetTrackingProps {
  /** The utilization (percent of the fleet's capacity in use) to keep the fleet at: more than 0, at most 100. */
  readonly targetUtilizationPercent: number;
}

/**
 * The desired capacity of a fleet, scaled by Application Auto Scaling
 * (namespace `appstream`, resource `fleet/<name>`, dimension `appstream:fleet:DesiredCapacity`:
 * https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-appstream.html).
 */
export class ScalableFleetCapacity extends appscaling.BaseScalableAttribute {
  /**
   * Made by `autoScaleCapacity()`; users do not create one themselves.
   *
   * @param scope the construct this one is defined in (the fleet)
   * @param id its id, unique within scope
   * @param props the scalable target: the fleet's DesiredCapacity and its capacity range
   */
  constructor(scope: Construct, id: string, props: appscaling.BaseScalableAttributeProps) {
    super(scope, id, props);
  }

  /**
   * Keeps the fleet's capacity utilization near a target, with the predefined
   * metric `AppStreamAverageCapacityUtilization`.
   */
  public scaleOnUtilization(props: FleetUtilizationScalingProps): void {
    validateTargetUtilization(this, props.targetUtilizationPercent);
    super.doScaleToTrackMetric('UtilizationScaling', {
      predefinedMetric: appscaling.PredefinedMetric.APPSTREAM_AVERAGE_CAPACITY_UTILIZATION,
      targetValue: props.targetUtilizationPercent,
      ...props,
    });
  }

  /** Sets the capacity bounds on a schedule (e.g. 20 instances from 07:00 on working days). */
  public scaleOnSchedule(id: string, action: appscaling.ScalingSchedule): void {
    super.doScaleOnSchedule(id, action);
  }
}

/** Options of a fleet's scheduled start or stop. */
export interface FleetScheduleOptions {
  /** A description of the schedule. @default - says what the schedule does to which fleet */
  readonly description?: string;
  /** Whether the schedule is enabled. @default true */
  readonly enabled?: boolean;
  /**
   * How often EventBridge Scheduler retries a failed start or stop (0-185).
   * A fleet that is already in the asked state refuses the call; retrying
   * does not help then.
   *
   * @default 3
   */
  readonly retryAttempts?: number;
  /** Where EventBridge Scheduler sends calls that failed every attempt. @default - none */
  readonly deadLetterQueue?: sqs.IQueue;
  /** The schedule group. @default - the default group */
  readonly scheduleGroup?: scheduler.IScheduleGroup;
}

/** Grants, metrics, auto scaling and schedules shared by created and imported fleets. */
export abstract class ApplicationsFleetBase extends Resource implements IApplicationsFleet {
  public abstract readonly fleetName: string;
  public abstract readonly fleetArn: string;
  private scalingTarget?: ScalableFleetCapacity;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the fleet's environment (its account and Region) and physical name
   */
  protected constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, props);
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.fleetArn] });
  }

  /**
   * A metric of this fleet (namespace `AWS/AppStream`, dimension `Fleet`),
   * every 5 minutes, averaged unless `props` says otherwise.
   *
   * @see https://docs.aws.amazon.com/appstream2/latest/developerguide/monitoring-with-cloudwatch.html
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/AppStream',
      metricName,
      dimensionsMap: { Fleet: this.fleetName },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(5),
      ...props,
    }).attachTo(this);
  }

  /** Instances available for streaming or streaming (`ActualCapacity`, count). */
  public metricActualCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ActualCapacity', props);
  }

  /** Idle instances available for user sessions (`AvailableCapacity`, count). */
  public metricAvailableCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('AvailableCapacity', props);
  }

  /** Percent of instances in use (`CapacityUtilization` = InUseCapacity / ActualCapacity × 100). */
  public metricCapacityUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CapacityUtilization', props);
  }

  /** Instances running or pending (`DesiredCapacity`, count). */
  public metricDesiredCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DesiredCapacity', props);
  }

  /** Instances streaming, one per session (`InUseCapacity`, count). */
  public metricInUseCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InUseCapacity', props);
  }

  /** Instances being provisioned (`PendingCapacity`, count). */
  public metricPendingCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('PendingCapacity', props);
  }

  /** Instances running (`RunningCapacity`, count; Always-On fleets). */
  public metricRunningCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('RunningCapacity', props);
  }

  /**
   * Session requests refused for lack of capacity (`InsufficientCapacityError`),
   * summed: alarm on it to learn that users are waiting for an instance.
   */
  public metricInsufficientCapacityError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InsufficientCapacityError', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Lets Application Auto Scaling set the fleet's desired capacity between
   * `minCapacity` and `maxCapacity` (service namespace `appstream`, resource
   * `fleet/<name>`, dimension `appstream:fleet:DesiredCapacity`).
   */
  public autoScaleCapacity(props: FleetCapacityScalingProps): ScalableFleetCapacity {
    if (this.scalingTarget) {
      throw validationError(this, 'autoScaleCapacity() was already called on this fleet: a fleet has one scalable target');
    }
    validateScalingRange(this, props);
    this.scalingTarget = new ScalableFleetCapacity(this, FLEET_CAPACITY_SCALING_ID, {
      serviceNamespace: appscaling.ServiceNamespace.APPSTREAM,
      resourceId: `fleet/${this.fleetName}`,
      dimension: 'appstream:fleet:DesiredCapacity',
      role: iam.Role.fromRoleArn(this, 'ScalingRole', Stack.of(this).formatArn({
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
   * Starts the fleet on a schedule (EventBridge Scheduler calling StartFleet
   * directly: no Lambda).
   *
   * @param id names the schedule among this fleet's start schedules (its construct is `ScheduledStart<id>`)
   * @param expression when to start the fleet
   * @param options retries, state, description, dead-letter queue and schedule group
   */
  public scheduleStart(id: string, expression: scheduler.ScheduleExpression, options: FleetScheduleOptions = {}): scheduler.Schedule {
    return this.scheduleFleetAction('scheduleStart', id, 'StartFleet', 'Starts', expression, options);
  }

  /**
   * Stops the fleet on a schedule (EventBridge Scheduler calling StopFleet
   * directly: no Lambda). Stopping ends the fleet's streaming sessions.
   *
   * @param id names the schedule among this fleet's stop schedules (its construct is `ScheduledStop<id>`)
   * @param expression when to stop the fleet
   * @param options retries, state, description, dead-letter queue and schedule group
   */
  public scheduleStop(id: string, expression: scheduler.ScheduleExpression, options: FleetScheduleOptions = {}): scheduler.Schedule {
    return this.scheduleFleetAction('scheduleStop', id, 'StopFleet', 'Stops', expression, options);
  }

  private scheduleFleetAction(
    method: 'scheduleStart' | 'scheduleStop', id: string, apiAction: string, verb: string,
    expression: scheduler.ScheduleExpression, options: FleetScheduleOptions,
  ): scheduler.Schedule {
    requireIdFirst(this, method, id, expression);
    return addActionSchedule(this, {
      method,
      id,
      noun: 'fleet',
      expression,
      options,
      defaultDescription: `${verb} WorkSpaces Applications fleet ${this.node.path}`,
      service: 'appstream',
      sdkAction: apiAction.charAt(0).toLowerCase() + apiAction.slice(1),
      input: { Name: this.fleetName },
      iamAction: `appstream:${apiAction}`,
      resourceArn: this.fleetArn,
    });
  }
}
