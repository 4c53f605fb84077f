import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { STACK_ID_ENV as ROUTER_STACK_ID_ENV } from '../../lambda/provider/router';
import {
  STACK_ID_ENV,
  QUERY_INTERVAL_CONTEXT,
  TOTAL_TIMEOUT_CONTEXT,
  WorkspacesProvider,
} from '../../lib/private/provider';

function newStack(context: Record<string, unknown> = {}): Stack {
  const app = new App({ context });
  return new Stack(app, 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
}

/** The Retry of the waiter's isComplete task: the Provider framework's polling. */
function waiterRetry(template: Template): { IntervalSeconds: number; MaxAttempts: number; BackoffRate: number } {
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  expect(Object.keys(machines)).toHaveLength(1);
  const definition = Object.values<any>(machines)[0].Properties.DefinitionString['Fn::Join'][1]
    .map((part: unknown) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return JSON.parse(definition).States['framework-isComplete-task'].Retry[0];
}

describe('WorkspacesProvider.getOrCreate', () => {
  test('creates one provider per stack, whoever asks and from how deep', () => {
    const stack = newStack();
    const nested = new Construct(new Construct(stack, 'A'), 'B');

    const first = WorkspacesProvider.getOrCreate(stack);
    const second = WorkspacesProvider.getOrCreate(nested);

    expect(second).toBe(first);
    expect(first.node.path).toBe('Test/CdkWorkspacesConstructsProvider');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 5); // onEvent, isComplete + the framework's three
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
  });

  test('gives each stack its own provider', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B');
    expect(WorkspacesProvider.getOrCreate(a)).not.toBe(WorkspacesProvider.getOrCreate(b));
    expect(WorkspacesProvider.getOrCreate(b).node.scope).toBe(b);
  });

  test('fails when a construct of the user holds the provider\'s id', () => {
    const stack = newStack();
    new Construct(stack, WorkspacesProvider.ID);
    expect(() => WorkspacesProvider.getOrCreate(stack)).toThrow(/^\[Test\/CdkWorkspacesConstructsProvider\] The construct id 'CdkWorkspacesConstructsProvider' is reserved by cdk-workspaces-constructs: rename your construct$/);
  });
});

describe('handler functions', () => {
  const stack = newStack();
  WorkspacesProvider.getOrCreate(stack);
  const template = Template.fromStack(stack);

  test.each([
    ['provider/index.onEvent', 300],
    ['provider/index.isComplete', 120],
  ])('%s runs the bundled router on Node.js 24, arm64, with a %i s timeout', (handler, timeout) => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: handler,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: timeout,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^CdkWorkspacesConstructsProviderLogGroup') } },
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkWorkspacesConstructsProviderHandlerRole'), 'Arn'] },
    });
  });

  test('the Provider framework\'s own functions run on the runtime the README names: aws-cdk-lib\'s latest Node.js, nodejs24.x', () => {
    // aws-cdk-lib's choice (determineLatestNodeRuntime), in 2.274.0 and 2.278.0 alike: should a newer
    // aws-cdk-lib choose another runtime, this fails so that the README ("The shared custom resource provider") is updated.
    const framework = template.findResources('AWS::Lambda::Function', { Properties: { Handler: Match.stringLikeRegexp('^framework\\.') } });
    expect(Object.values(framework).map(r => r.Properties.Runtime)).toEqual(['nodejs24.x', 'nodejs24.x', 'nodejs24.x']);
  });

  test.each(['provider/index.onEvent', 'provider/index.isComplete'])('%s knows its own stack id from its environment (the router refuses another stack\'s requests)', handler => {
    expect(STACK_ID_ENV).toBe(ROUTER_STACK_ID_ENV);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: handler,
      Environment: { Variables: { [STACK_ID_ENV]: { Ref: 'AWS::StackId' } } },
    });
  });

  test('the Provider framework\'s own functions are not given the stack id (they only relay requests)', () => {
    const frameworkFunctions = Object.values<any>(template.findResources('AWS::Lambda::Function'))
      .filter(f => !String(f.Properties.Handler).startsWith('provider/'));
    expect(frameworkFunctions).toHaveLength(3);
    for (const f of frameworkFunctions) {
      expect(f.Properties.Environment?.Variables?.[STACK_ID_ENV]).toBeUndefined();
    }
  });

  test('share one log group, kept three months', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('run as a role that may write to that log group and nothing else', () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] } },
    });
    const handlerRole = Object.entries<any>(roles).find(([id]) => id.startsWith('CdkWorkspacesConstructsProviderHandlerRole'));
    expect(handlerRole).toBeDefined();
    expect(handlerRole![1].Properties.ManagedPolicyArns).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: handlerRole![0] }],
      PolicyDocument: {
        Statement: [{
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkWorkspacesConstructsProviderLogGroup'), 'Arn'] },
        }],
      },
    });
  });
});

describe('addToRolePolicy', () => {
  test('adds a construct\'s statement to the handlers\' role, next to the log statement', () => {
    const stack = newStack();
    const provider = WorkspacesProvider.getOrCreate(stack);
    provider.addToRolePolicy(new iam.PolicyStatement({
      actions: ['workspaces:StartWorkspacesPool'],
      resources: ['arn:aws:workspaces:eu-west-1:111122223333:workspacespool/wspool-abc123def'],
    }));

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 'workspaces:StartWorkspacesPool',
          Effect: 'Allow',
          Resource: 'arn:aws:workspaces:eu-west-1:111122223333:workspacespool/wspool-abc123def',
        }]),
      },
    });
  });
});

describe('waiting', () => {
  test('polls every 30 seconds for up to one hour by default', () => {
    const stack = newStack();
    const provider = WorkspacesProvider.getOrCreate(stack);
    expect(provider.queryInterval.toSeconds()).toBe(30);
    expect(provider.totalTimeout.toSeconds()).toBe(3600);
    expect(waiterRetry(Template.fromStack(stack))).toEqual({ ErrorEquals: ['States.ALL'], IntervalSeconds: 30, MaxAttempts: 120, BackoffRate: 1 });
  });

  test('takes the interval and timeout from context, as numbers or strings', () => {
    const stack = newStack({ [QUERY_INTERVAL_CONTEXT]: 60, [TOTAL_TIMEOUT_CONTEXT]: '1800' });
    WorkspacesProvider.getOrCreate(stack);
    expect(waiterRetry(Template.fromStack(stack))).toMatchObject({ IntervalSeconds: 60, MaxAttempts: 30 });
  });

  test('logs the waiter\'s executions without their data (it holds the pre-signed ResponseURL)', () => {
    const stack = newStack();
    WorkspacesProvider.getOrCreate(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkWorkspacesConstructsProviderLogGroup'), 'Arn'] } } }],
      },
    });
  });

  test.each([
    [{ [QUERY_INTERVAL_CONTEXT]: 4 }, /'cdk-workspaces-constructs:providerQueryInterval' must be between 5 and 600 seconds, got 4/],
    [{ [QUERY_INTERVAL_CONTEXT]: 601 }, /'cdk-workspaces-constructs:providerQueryInterval' must be between 5 and 600 seconds, got 601/],
    [{ [TOTAL_TIMEOUT_CONTEXT]: 3630 }, /'cdk-workspaces-constructs:providerTotalTimeout' must be at most 3600 seconds \(CloudFormation waits at most one hour for a custom resource\), got 3630/],
    [{ [TOTAL_TIMEOUT_CONTEXT]: 100 }, /'cdk-workspaces-constructs:providerTotalTimeout' must be a multiple of the query interval \(30 seconds\), got 100/],
    [{ [TOTAL_TIMEOUT_CONTEXT]: 10 }, /must be a multiple of the query interval \(30 seconds\), got 10/],
    [{ [QUERY_INTERVAL_CONTEXT]: 'soon' }, /Context 'cdk-workspaces-constructs:providerQueryInterval' must be a whole number of seconds, got "soon"/],
    [{ [TOTAL_TIMEOUT_CONTEXT]: 12.5 }, /Context 'cdk-workspaces-constructs:providerTotalTimeout' must be a whole number of seconds, got 12.5/],
    [{ [TOTAL_TIMEOUT_CONTEXT]: -30 }, /must be a whole number of seconds, got -30/],
  ])('fails when the context is %j', (context, message) => {
    expect(() => WorkspacesProvider.getOrCreate(newStack(context))).toThrow(message);
  });
});

describe('cdk-nag suppressions', () => {
  test('every suppression the provider writes carries its reason', () => {
    const stack = newStack();
    WorkspacesProvider.getOrCreate(stack);
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, any>;
    const rules = Object.values(resources).flatMap(r => r.Metadata?.cdk_nag?.rules_to_suppress ?? []);
    expect(rules.map((r: any) => r.id).sort()).toEqual(expect.arrayContaining(['AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-L1', 'AwsSolutions-SF2']));
    for (const rule of rules) {
      expect(rule.reason.length).toBeGreaterThanOrEqual(40);
    }
  });
});
