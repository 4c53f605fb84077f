/**
 * The infrastructure every custom resource of cdk-workspaces-constructs
 * shares, synthesized on its own: one provider per stack (onEvent and
 * isComplete handlers, the Provider framework's waiter, one log group, one
 * role). Security reviewers can read here what a stack using the library's
 * custom resources (pools, directory registration) deploys besides them.
 *
 *   npx cdk synth --app 'npx ts-node --transpile-only -P examples/tsconfig.json examples/provider-app.ts'
 *
 * Env-agnostic: no AWS account or credentials are needed to synthesize it.
 */
import { App, Stack } from 'aws-cdk-lib';
import { WorkspacesProvider } from '../lib/private/provider';

const app = new App();
const stack = new Stack(app, 'WorkspacesProviderExample', {
  description: 'cdk-workspaces-constructs: the shared custom resource provider',
});
WorkspacesProvider.getOrCreate(stack);
app.synth();
