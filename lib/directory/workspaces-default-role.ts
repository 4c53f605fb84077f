import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { validationError } from '../private/errors';
import { acknowledgeNagFindings, nagPolicy } from '../private/nag';
import { NAG_FINDINGS } from '../private/nag-findings';

const ROLES = new WeakMap<Stack, WorkspacesDefaultRole>();

/** Properties of a `WorkspacesDefaultRole`. */
export interface WorkspacesDefaultRoleProps {
  /**
   * Attach AmazonWorkSpacesPoolServiceAccess, which WorkSpaces Pools needs.
   *
   * @default true
   */
  readonly pools?: boolean;
}

/**
 * The IAM role named exactly `workspaces_DefaultRole` that WorkSpaces
 * assumes to register directories and launch WorkSpaces and pools: trusted
 * by `workspaces.amazonaws.com`, with the managed policies
 * AmazonWorkSpacesServiceAccess, AmazonWorkSpacesSelfServiceAccess and
 * (for pools) AmazonWorkSpacesPoolServiceAccess.
 *
 * An account has at most one role of that name: create it in one stack only,
 * or not at all if the account already has it (the console creates it the
 * first time a directory is registered there).
 *
 * @see https://docs.aws.amazon.com/workspaces/latest/adminguide/workspaces-access-control.html#create-default-role
 */
export class WorkspacesDefaultRole extends Construct {
  /** The name WorkSpaces requires of its service role: exactly `workspaces_DefaultRole`. */
  public static readonly ROLE_NAME = 'workspaces_DefaultRole';

  /** The role. */
  public readonly role: iam.Role;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props which managed policies the role gets
   */
  constructor(scope: Construct, id: string, props: WorkspacesDefaultRoleProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const existing = ROLES.get(stack);
    if (existing) {
      throw validationError(this, `Only one ${WorkspacesDefaultRole.ROLE_NAME} can exist per account, and this stack already creates it at ${existing.node.path}; got a second one`);
    }
    ROLES.set(stack, this);
    const policies = ['AmazonWorkSpacesServiceAccess', 'AmazonWorkSpacesSelfServiceAccess'];
    if (props.pools ?? true) {
      policies.push('AmazonWorkSpacesPoolServiceAccess');
    }
    const managedPolicies = policies.map(name => iam.ManagedPolicy.fromAwsManagedPolicyName(name));
    this.role = new iam.Role(this, 'Resource', {
      roleName: WorkspacesDefaultRole.ROLE_NAME,
      assumedBy: new iam.ServicePrincipal('workspaces.amazonaws.com'),
      description: 'Amazon WorkSpaces service role (its name is fixed by the service)',
      managedPolicies,
    });
    acknowledgeNagFindings(this.role, NAG_FINDINGS.defaultRoleManagedPolicies,
      managedPolicies.map(p => nagPolicy(this, p.managedPolicyArn)));
  }
}
