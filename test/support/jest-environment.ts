/**
 * jest's node environment, with one object shared by every test file that a
 * jest worker runs (jest loads modules afresh for each file, so module-level
 * state does not outlive a file; this environment module itself does).
 * test/support/jest-setup.ts keeps aws-cdk-lib's CloudFormation Validate
 * plugin in it.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import NodeEnvironment from 'jest-environment-node';

const SHARED: Record<string, unknown> = {};

export default class SharedStateEnvironment extends NodeEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.global.__WORKER_SHARED__ = SHARED;
  }
}
