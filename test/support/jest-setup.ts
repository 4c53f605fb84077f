/**
 * Every synthesis validates its templates with aws-cdk-lib's CloudFormation
 * Validate plugin, one instance per process (`_singletonInstance`), whose
 * rule engine takes 4 to 10 s to build. jest loads aws-cdk-lib afresh for
 * every test file, so each file that synthesizes paid that again. This file
 * hands a test file the plugin an earlier file of the same jest worker built
 * (through test/support/jest-environment.ts): the same rules, built once per
 * worker. A file that synthesizes nothing builds nothing.
 */
import { CloudFormationValidatePlugin } from 'aws-cdk-lib';

interface PluginSingleton {
  _instance?: { readonly disposed?: boolean };
}

const shared = (globalThis as { __WORKER_SHARED__?: Record<string, unknown> }).__WORKER_SHARED__;
const singleton = CloudFormationValidatePlugin as unknown as PluginSingleton;
const earlier = shared?.cloudFormationValidatePlugin as PluginSingleton['_instance'];

if (shared && earlier && !earlier.disposed && singleton._instance === undefined) {
  singleton._instance = earlier;
}

afterAll(() => {
  if (shared && singleton._instance && !singleton._instance.disposed) {
    shared.cloudFormationValidatePlugin = singleton._instance;
  }
});
