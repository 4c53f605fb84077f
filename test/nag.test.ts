import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { WorkspacesProvider } from '../lib/private/provider';

/**
 * The AwsSolutions pack over a stack with everything the library deploys.
 * Every construct added to the library is added here; every suppression it
 * needs is made in the library's code, with its reason.
 */
function everythingStack(): Stack {
  const app = new App();
  const stack = new Stack(app, 'Everything', { env: { account: '111122223333', region: 'eu-west-1' } });
  // The shared custom resource provider (brought in by every custom-resource construct).
  WorkspacesProvider.getOrCreate(stack);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  return stack;
}

describe('cdk-nag AwsSolutions', () => {
  const stack = everythingStack();

  test('reports no unsuppressed errors', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-'));
    expect(errors.map(e => `${e.id}: ${e.entry.data}`)).toEqual([]);
  });

  test('reports no unsuppressed warnings', () => {
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-'));
    expect(warnings.map(w => `${w.id}: ${w.entry.data}`)).toEqual([]);
  });
});
