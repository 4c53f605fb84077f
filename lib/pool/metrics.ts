import { ArnFormat, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The CloudWatch namespace of WorkSpaces Pools metrics.
 *
 * Source: the admin guide, "WorkSpaces Pools metrics and dimensions"
 * (https://docs.aws.amazon.com/workspaces/latest/adminguide/monitoring-with-cloudwatch.html)
 * spells it `AWS/Workspaces`; the same guide's auto scaling examples
 * (https://docs.aws.amazon.com/workspaces/latest/adminguide/autoscaling-pools.html)
 * and every WorkSpaces metric aws-cdk-lib knows use `AWS/WorkSpaces`.
 * CloudWatch namespaces are case-sensitive; `AWS/WorkSpaces` is the one
 * the service publishes to.
 */
export const POOL_METRICS_NAMESPACE = 'AWS/WorkSpaces';

/**
 * The CloudWatch dimension that identifies a pool in its metrics. The
 * metrics page does not name it; the auto scaling page's first example uses
 * `WorkSpaces pool ID` (its later examples write `Pool`, inconsistently), and
 * third-party tooling verified `WorkSpaces pool ID` against live accounts.
 * Every pool metric of this library uses this constant; `metric(name, props)`
 * accepts `dimensionsMap` to override it.
 */
export const POOL_METRICS_DIMENSION = 'WorkSpaces pool ID';

/** The pool ARN of `poolId` in the scope's account and Region. */
export function poolArnOf(scope: IConstruct, poolId: string): string {
  return Stack.of(scope).formatArn({
    service: 'workspaces',
    resource: 'workspacespool',
    resourceName: poolId,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}
