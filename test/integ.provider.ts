/**
 * Integration test of the shared custom resource provider.
 *
 * Deploys the provider on its own and invokes its onEvent function with a
 * request for a resource type it does not serve: the answer proves that the
 * bundled router loads and runs in the real Node.js 24 runtime (a broken
 * bundle fails at import with a different error), and that the failure
 * message a person would read in the console is the one we wrote.
 *
 * Snapshot verified offline by `npm test`; run for real with an AWS account:
 *   npx integ-runner --language typescript --directory test \
 *     --app 'node -r ts-node/register/transpile-only {filePath}' --force integ.provider.ts
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { WorkspacesProvider } from '../lib/private/provider';

const app = new App();
const stack = new Stack(app, 'IntegSharedProvider');
const provider = WorkspacesProvider.getOrCreate(stack);

const integ = new IntegTest(app, 'SharedProvider', {
  testCases: [stack],
  diffAssets: false,
});

integ.assertions.invokeFunction({
  functionName: provider.onEventFunction.functionName,
  payload: JSON.stringify({
    RequestType: 'Create',
    ServiceToken: 'integ-test',
    ResponseURL: 'https://example.invalid/not-used',
    StackId: 'integ-test',
    RequestId: 'integ-test',
    ResourceType: 'Custom::IntegNotServed',
    LogicalResourceId: 'NotServed',
    ResourceProperties: { ServiceToken: 'integ-test' },
  }),
}).expect(ExpectedResult.objectLike({
  StatusCode: 200,
  FunctionError: 'Unhandled',
  Payload: Match.serializedJson({
    errorMessage: Match.stringLikeRegexp("does not serve the custom resource type 'Custom::IntegNotServed'"),
  }),
}));

app.synth();
