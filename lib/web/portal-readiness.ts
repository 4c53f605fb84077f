import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { drainTimeoutSeconds } from '../private/drain-timeout';
import { validationError } from '../private/errors';
import { acknowledgeNagFindings, nagResource } from '../private/nag';
import { NAG_FINDINGS } from '../private/nag-findings';
import { ProviderTimings, WorkspacesProvider } from '../private/provider';
import { STACK_ID_TAG } from '../private/reserved-tags';
import { operationTimeout } from '../private/timeouts';

/**
 * The construct side of `Custom::WebPortalReadiness`: its timeouts, the
 * digests of the portal's security settings, the handler's permissions and
 * the service quotas a portal's props can run into.
 */

/** The readiness wait when `readinessTimeout` is not given: a portal becomes Active in minutes. */
export const DEFAULT_READINESS_TIMEOUT = Duration.minutes(20);

/**
 * Default quotas per account and Region, all adjustable, from "Manage service
 * quotas for your portal"
 * (https://docs.aws.amazon.com/workspaces-web/latest/adminguide/request-service-quota.html).
 */
export const DEFAULT_PORTAL_QUOTA = 3;
/** Maximum concurrent sessions per instance type (same page). */
export const DEFAULT_SESSION_QUOTAS: Readonly<Record<string, number>> = {
  'standard.regular': 25,
  'standard.large': 10,
  'standard.xlarge': 5,
};
/** Where the quotas are raised, in words a warning can carry. */
export const QUOTA_INCREASE =
  'is adjustable: request an increase for each Region in the Service Quotas console or through AWS Support (Service Limit Increase), ' +
  'see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/request-service-quota.html';

/** `readinessTimeout` in seconds: the pools' rule (the provider's total timeout minus one query interval), 20 minutes by default. */
export function readinessTimeoutSeconds(scope: IConstruct, timeout: Duration | undefined, timings: ProviderTimings): Duration {
  return operationTimeout(scope, timeout, timings, { prop: 'readinessTimeout', defaultTimeout: DEFAULT_READINESS_TIMEOUT });
}

/** `drainTimeout` in seconds: with EXPIRE only, then the shared rule (whole seconds from 0 to less than the readiness timeout). */
export function portalDrainTimeoutSeconds(
  scope: IConstruct, drain: Duration | undefined, expire: boolean, existingSessions: string, timeout: Duration,
): number | undefined {
  if (drain !== undefined && !expire) {
    throw validationError(scope, '`drainTimeout` applies only with `existingSessions` EXPIRE (sessions are drained before they are expired), ' +
      `got drainTimeout with existingSessions ${existingSessions}`);
  }
  return drainTimeoutSeconds(scope, drain, timeout, 'readinessTimeout');
}

interface ReadinessStatements {
  readonly portals: iam.PolicyStatement;
  readonly seen: Set<string>;
  replaced: boolean;
}

const STATEMENTS = new WeakMap<WorkspacesProvider, ReadinessStatements>();

/** The session actions: what draining and expiring a portal's sessions calls. */
const SESSION_ACTIONS = ['workspaces-web:ListSessions', 'workspaces-web:GetSession', 'workspaces-web:ExpireSession'];

/**
 * The statements the shared provider's role needs for one portal's readiness
 * resource. One statement holds every portal of the stack, so the policy
 * grows by one ARN per portal.
 *
 * With EXPIRE, the sessions of a portal that is being replaced are expired by
 * the Delete CloudFormation sends in its cleanup, after the role's policy has
 * been updated to name the new portal's ARN only. The session actions are
 * therefore also granted on `portal/*` of this account and Region, under the
 * condition that the portal carries STACK_ID_TAG with this stack's id:
 * WebPortal puts that tag on every portal it makes (reserved: users cannot set
 * it), so the condition holds for this stack's portals, past and present, and
 * no other. It does not rely on CloudFormation's own
 * `aws:cloudformation:stack-id` tag, since the copies of the portal's
 * registry schema disagree on whether CloudFormation puts its system tags on
 * portals.
 *
 * The Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonworkspacessecurebrowser.html)
 * lists the resource type portal (required) for GetPortal, ListSessions,
 * GetSession and ExpireSession, and the condition key aws:ResourceTag/${TagKey}
 * for the portal resource type: the condition applies to all three session
 * actions.
 *
 * On its own stack only, the handler reads the stack's status and last update
 * time (cloudformation:DescribeStacks: a rollback, or a newer update, stops a
 * cancelled waiter before it expires anything) and its resources
 * (cloudformation:ListStackResources: in the cleanup after an update, whether
 * another readiness resource now watches the portal, which then stays). Both
 * are granted whenever the stack has a portal, since a deploy that turns
 * EXPIRE off may still carry a Delete written with EXPIRE.
 */
export function grantReadinessHandler(provider: WorkspacesProvider, portalArn: string, expire: boolean): void {
  const stack = Stack.of(provider);
  const key = JSON.stringify(stack.resolve(portalArn));
  let statements = STATEMENTS.get(provider);
  if (!statements) {
    const portals = new iam.PolicyStatement({
      actions: ['workspaces-web:GetPortal', ...SESSION_ACTIONS],
      resources: [portalArn],
    });
    provider.addToRolePolicy(portals);
    provider.addToRolePolicy(new iam.PolicyStatement({
      actions: ['cloudformation:DescribeStacks', 'cloudformation:ListStackResources'],
      resources: [stack.stackId],
    }));
    statements = { portals, seen: new Set([key]), replaced: false };
    STATEMENTS.set(provider, statements);
  } else if (!statements.seen.has(key)) {
    statements.seen.add(key);
    statements.portals.addResources(portalArn);
  }
  if (expire && !statements.replaced) {
    statements.replaced = true;
    const anyPortal = stack.formatArn({ service: 'workspaces-web', resource: 'portal', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    provider.addToRolePolicy(new iam.PolicyStatement({
      actions: SESSION_ACTIONS,
      resources: [anyPortal],
      conditions: { StringEquals: { [`aws:ResourceTag/${STACK_ID_TAG}`]: stack.stackId } },
    }));
    acknowledgeNagFindings(provider.role, NAG_FINDINGS.portalSessionsOnStackPortals, [nagResource(provider, anyPortal)]);
  }
}
