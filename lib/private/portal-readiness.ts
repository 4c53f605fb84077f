import { createHash } from 'crypto';
import { ArnFormat, CfnResource, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { validationError } from './errors';
import { acknowledgeNagFindings, nagResource } from './nag';
import { NAG_FINDINGS } from './nag-findings';
import { ProviderTimings, WorkspacesProvider } from './provider';
import { operationTimeout } from './timeouts';

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

/** `drainTimeout` in seconds: with EXPIRE only, whole seconds from 0 to less than the readiness timeout. */
export function drainTimeoutSeconds(
  scope: IConstruct, drain: Duration | undefined, expire: boolean, existingSessions: string, timeout: Duration,
): number | undefined {
  if (drain === undefined) return undefined;
  if (!expire) {
    throw validationError(scope, '`drainTimeout` applies only with `existingSessions` EXPIRE (sessions are drained before they are expired), ' +
      `got drainTimeout with existingSessions ${existingSessions}`);
  }
  if (drain.isUnresolved() || timeout.isUnresolved()) return drain.toSeconds();
  const seconds = drain.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 0 || seconds >= timeout.toSeconds()) {
    throw validationError(scope, `\`drainTimeout\` must be a whole number of seconds from 0 to less than \`readinessTimeout\` (${timeout.toSeconds()} s), got ${seconds}`);
  }
  return seconds;
}

/**
 * A sha256 digest (hex) of the CloudFormation properties of a settings
 * construct's resource, computed at synth; '' for settings the app imported,
 * whose content is not in the template. A change of the digest tells the
 * handler that the settings changed in place (same ARN, new content).
 */
export function settingsContentDigest(settings: unknown): string {
  return Lazy.string({
    produce: () => {
      const child = Construct.isConstruct(settings) ? settings.node.defaultChild : undefined;
      if (child === undefined || !CfnResource.isCfnResource(child)) {
        return '';
      }
      // _toCloudFormation() renders what the template holds for the resource,
      // escape-hatch overrides (addPropertyOverride) included, which the L1's
      // own props would miss; resolving it turns tokens into the intrinsics the
      // template shows, so the digest is stable from one synth to the next.
      const rendered: RenderedTemplate = Stack.of(child).resolve((child as any)._toCloudFormation());
      const properties = { ...Object.values(rendered.Resources ?? {})[0]?.Properties };
      // Tags change nothing a session may do.
      delete properties.Tags;
      return createHash('sha256').update(canonicalJson(properties)).digest('hex');
    },
  });
}

interface RenderedTemplate {
  readonly Resources?: Record<string, { readonly Properties?: Record<string, unknown> }>;
}

/** JSON with object keys sorted at every depth. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
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
 * The Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonworkspacessecurebrowser.html)
 * lists resource type portal, with the aws:ResourceTag condition key, for
 * GetPortal, ListSessions, GetSession and ExpireSession.
 *
 * With EXPIRE, the sessions of a portal that is being replaced are expired by
 * the Delete CloudFormation sends in its cleanup, after the role's policy has
 * been updated to name the new portal's ARN only. The session actions are
 * therefore also granted on the portals of this account and Region that carry
 * this stack's `aws:cloudformation:stack-id` tag, which CloudFormation puts on
 * every portal it creates (the resource's schema sets
 * cloudFormationSystemTags): this stack's portals, past and present, and no
 * other. DescribeStacks (this stack only) tells that Delete from the rollback
 * of the readiness resource's own create; it is granted whenever the stack
 * has a portal, since a deploy that turns EXPIRE off may still carry a Delete
 * written with EXPIRE.
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
      actions: ['cloudformation:DescribeStacks'],
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
      conditions: { StringEquals: { 'aws:ResourceTag/aws:cloudformation:stack-id': stack.stackId } },
    }));
    acknowledgeNagFindings(provider.role, NAG_FINDINGS.portalSessionsOnStackPortals, [nagResource(provider, anyPortal)]);
  }
}
