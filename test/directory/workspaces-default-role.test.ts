import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  WorkspacesDefaultRole,
  WorkspacesDefaultRoleProps,
} from '../../lib';

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
}

/** The role's template entry, and the stack's template. */
function roleOf(props?: WorkspacesDefaultRoleProps): { resource: Record<string, any>; template: Template; role: WorkspacesDefaultRole } {
  const stack = newStack();
  const role = new WorkspacesDefaultRole(stack, 'DefaultRole', props);
  const template = Template.fromStack(stack);
  const resource = template.toJSON().Resources[stack.getLogicalId(role.role.node.defaultChild as iam.CfnRole)];
  return { resource, template, role };
}

function managedPolicy(name: string): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]] };
}

describe('WorkspacesDefaultRole', () => {
  test('is named exactly workspaces_DefaultRole and trusted by workspaces.amazonaws.com only', () => {
    const { resource } = roleOf();
    expect(WorkspacesDefaultRole.ROLE_NAME).toBe('workspaces_DefaultRole');
    expect(resource.Type).toBe('AWS::IAM::Role');
    expect(resource.Properties.RoleName).toBe('workspaces_DefaultRole');
    expect(resource.Properties.AssumeRolePolicyDocument).toEqual({
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'workspaces.amazonaws.com' } }],
      Version: '2012-10-17',
    });
  });

  test('attaches the three WorkSpaces managed policies by default (pools)', () => {
    expect(roleOf().resource.Properties.ManagedPolicyArns).toEqual([
      managedPolicy('AmazonWorkSpacesServiceAccess'),
      managedPolicy('AmazonWorkSpacesSelfServiceAccess'),
      managedPolicy('AmazonWorkSpacesPoolServiceAccess'),
    ]);
  });

  test('attaches the three with pools: true', () => {
    expect(roleOf({ pools: true }).resource.Properties.ManagedPolicyArns).toEqual([
      managedPolicy('AmazonWorkSpacesServiceAccess'),
      managedPolicy('AmazonWorkSpacesSelfServiceAccess'),
      managedPolicy('AmazonWorkSpacesPoolServiceAccess'),
    ]);
  });

  test('leaves out AmazonWorkSpacesPoolServiceAccess with pools: false', () => {
    expect(roleOf({ pools: false }).resource.Properties.ManagedPolicyArns).toEqual([
      managedPolicy('AmazonWorkSpacesServiceAccess'),
      managedPolicy('AmazonWorkSpacesSelfServiceAccess'),
    ]);
  });

  test('creates the role and nothing else: no inline policy', () => {
    const { template } = roleOf();
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', { Policies: Match.absent() });
  });

  test('exposes the role it creates', () => {
    const { role } = roleOf();
    expect(role.role).toBeInstanceOf(iam.Role);
    expect(Stack.of(role).resolve(role.role.roleName)).toEqual({ Ref: Stack.of(role).getLogicalId(role.role.node.defaultChild as iam.CfnRole) });
  });

  test('tells cdk-nag why the managed policies stand, for exactly the policies attached', () => {
    const suppressed = (props?: WorkspacesDefaultRoleProps) => roleOf(props).resource.Metadata.cdk_nag.rules_to_suppress;
    expect(suppressed()).toEqual([{
      id: 'AwsSolutions-IAM4',
      reason: expect.stringMatching(/workspaces_DefaultRole/),
      applies_to: [
        'Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonWorkSpacesServiceAccess',
        'Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonWorkSpacesSelfServiceAccess',
        'Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonWorkSpacesPoolServiceAccess',
      ],
    }]);
    expect(suppressed({ pools: false })[0].applies_to).toEqual([
      'Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonWorkSpacesServiceAccess',
      'Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonWorkSpacesSelfServiceAccess',
    ]);
  });

  test('tells cdk-nag 3 the same, with one acknowledgement per policy attached', () => {
    const acknowledged = (props?: WorkspacesDefaultRoleProps) => {
      const { role, resource } = roleOf(props);
      const reason = resource.Metadata.cdk_nag.rules_to_suppress[0].reason;
      const acks: Record<string, string> = Object.assign({}, ...role.role.node.metadata
        .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map(m => m.data));
      expect(new Set(Object.values(acks))).toEqual(new Set([reason]));
      return Object.keys(acks);
    };
    expect(acknowledged()).toEqual([
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonWorkSpacesServiceAccess]',
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonWorkSpacesSelfServiceAccess]',
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonWorkSpacesPoolServiceAccess]',
    ]);
    expect(acknowledged({ pools: false })).toHaveLength(2);
  });
});
