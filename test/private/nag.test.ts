import * as fs from 'fs';
import * as path from 'path';
import { App, ArnFormat, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeNagFindings, flattenCfnReference, nagPolicy, nagResource } from '../../lib/private/nag';
import { NAG_FINDINGS } from '../../lib/private/nag-findings';

const RULE = { id: 'AwsSolutions-IAM5', reason: 'The service authorizes these actions on * only.' };

/** The acknowledgements `Validations.of(x).acknowledge()` recorded on `x`, id to reason. */
function acknowledged(x: { node: { metadata: Array<{ type: string; data: unknown }> } }): Record<string, string> {
  return Object.assign({}, ...x.node.metadata.filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map(m => m.data));
}

function anyPoolArn(stack: Stack): string {
  return stack.formatArn({ service: 'workspaces', resource: 'workspacespool', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

describe('acknowledgeNagFindings', () => {
  test('renders one rule both ways, with the same reason: cdk_nag metadata (cdk-nag 2) and one Validations acknowledgement per finding (cdk-nag 3)', () => {
    const stack = new Stack(new App(), 'Test');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['workspaces:DescribeWorkspacesPools'], resources: ['*'] }));

    acknowledgeNagFindings(role, RULE, ['Resource::*', 'Resource::arn:aws:workspaces:eu-west-1:111122223333:workspacespool/*']);

    const findings = ['Resource::*', 'Resource::arn:aws:workspaces:eu-west-1:111122223333:workspacespool/*'];
    for (const resource of role.node.findAll().filter(CfnResource.isCfnResource)) {
      expect(resource.getMetadata('cdk_nag')).toEqual({ rules_to_suppress: [{ ...RULE, applies_to: findings }] });
    }
    expect(acknowledged(role)).toEqual({
      'Annotation::AwsSolutions-IAM5[Resource::*]': RULE.reason,
      'Annotation::AwsSolutions-IAM5[Resource::arn:aws:workspaces:eu-west-1:111122223333:workspacespool/*]': RULE.reason,
    });
  });

  test('a rule without findings (L1, SF2) is acknowledged by its id, and suppressed without applies_to', () => {
    const stack = new Stack(new App(), 'Test');
    const resource = new CfnResource(stack, 'Fn', { type: 'AWS::Lambda::Function' });
    acknowledgeNagFindings(resource, NAG_FINDINGS.handlerRuntime);
    expect(resource.getMetadata('cdk_nag')).toEqual({ rules_to_suppress: [NAG_FINDINGS.handlerRuntime] });
    expect(acknowledged(resource)).toEqual({ 'Annotation::AwsSolutions-L1': NAG_FINDINGS.handlerRuntime.reason });
  });

  test('adds a suppression once, however often it is asked for, and keeps the others', () => {
    const stack = new Stack(new App(), 'Test');
    const resource = new CfnResource(stack, 'Fn', { type: 'AWS::Lambda::Function' });
    acknowledgeNagFindings(resource, RULE, ['Resource::*']);
    acknowledgeNagFindings(resource, RULE, ['Resource::*']);
    acknowledgeNagFindings(resource, NAG_FINDINGS.handlerRuntime);
    expect(resource.getMetadata('cdk_nag').rules_to_suppress).toEqual([{ ...RULE, applies_to: ['Resource::*'] }, NAG_FINDINGS.handlerRuntime]);
  });

  test('fails on a reason shorter than cdk-nag accepts (a bug of the library, not the user\'s)', () => {
    const stack = new Stack(new App(), 'Test');
    expect(() => acknowledgeNagFindings(stack, { id: 'AwsSolutions-L1', reason: 'short' }))
      .toThrow(/Internal error in cdk-workspaces-constructs: the cdk-nag acknowledgement of AwsSolutions-L1 needs a reason of 10 characters or more, got 'short'/);
  });

  test('every finding the library owns has a reason cdk-nag accepts', () => {
    for (const rule of Object.values(NAG_FINDINGS)) {
      expect(rule.id).toMatch(/^AwsSolutions-[A-Z0-9]+$/);
      expect(rule.reason.length).toBeGreaterThanOrEqual(10);
    }
  });
});

describe('finding ids, as cdk-nag names them', () => {
  test('an ARN in an env-agnostic stack names the pseudo parameters: <AWS::Region>, <AWS::AccountId>', () => {
    const stack = new Stack(new App(), 'Test');
    expect(nagResource(stack, anyPoolArn(stack))).toBe('Resource::arn:<AWS::Partition>:workspaces:<AWS::Region>:<AWS::AccountId>:workspacespool/*');
  });

  test('an ARN in an env-specific stack names the Region and account', () => {
    const stack = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
    expect(nagResource(stack, anyPoolArn(stack))).toBe('Resource::arn:<AWS::Partition>:workspaces:eu-west-1:111122223333:workspacespool/*');
  });

  test('an attribute of a resource is <LogicalId.Attribute>', () => {
    const stack = new Stack(new App(), 'Test');
    const fn = new CfnResource(stack, 'Fn', { type: 'AWS::Lambda::Function' });
    expect(nagResource(stack, `${fn.getAtt('Arn')}:*`)).toBe('Resource::<Fn.Arn>:*');
  });

  test('an AWS managed policy is Policy::arn:<AWS::Partition>:iam::aws:policy/...', () => {
    const stack = new Stack(new App(), 'Test');
    const arn = iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole').managedPolicyArn;
    expect(nagPolicy(stack, arn)).toBe('Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
  });

  test.each([
    ['a string, with ${...} as <...>', 'arn:${AWS::Partition}:s3:::b', 'arn:<AWS::Partition>:s3:::b'],
    ['Fn::Sub', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' }, 'arn:<AWS::Partition>:s3:::b'],
    ['Fn::ImportValue', { 'Fn::ImportValue': 'Shared-BucketArn' }, 'Shared-BucketArn'],
    ['Ref', { Ref: 'Param' }, '<Param>'],
    ['anything else, as JSON', { 'Fn::Select': [0, ['a']] }, '{"Fn::Select":[0,["a"]]}'],
  ])('flattens %s', (_name, value, flat) => {
    expect(flattenCfnReference(value)).toBe(flat);
  });
});

describe('cdk-nag is not a run-time dependency', () => {
  const root = path.join(__dirname, '..', '..');

  test('package.json lists it among the dev dependencies only', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('cdk-nag');
    expect(Object.keys(pkg.peerDependencies ?? {})).not.toContain('cdk-nag');
    expect(Object.keys(pkg.bundledDependencies ?? {})).not.toContain('cdk-nag');
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['cdk-nag', 'cdk-nag3']));
  });

  test('no file of lib/ imports it', () => {
    const files = fs.readdirSync(path.join(root, 'lib'), { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(files.length).toBeGreaterThan(10);
    const importing = files.filter(f => /from ['"]cdk-nag|require\(['"]cdk-nag/.test(fs.readFileSync(path.join(root, 'lib', f), 'utf8')));
    expect(importing).toEqual([]);
  });
});
