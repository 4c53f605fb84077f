/**
 * Integration test of WorkspacesPool: a pool is created, driven to RUNNING,
 * and then described through the WorkSpaces API to prove the deploy finished
 * only when the pool really runs. Deleting the test stack terminates the
 * pool and waits until it is gone.
 *
 * The snapshot is verified offline by `npm test`. Running it for real needs
 * an account that already uses WorkSpaces Pools (closed to new customers
 * since 2026-07-30; end of support 2027-12-31), a registered pools directory
 * and a bundle:
 *   INTEG_POOL_DIRECTORY_ID=wsd-… INTEG_POOL_BUNDLE_ID=wsb-… npx integ-runner --language typescript \
 *     --directory test --app 'node -r ts-node/register/transpile-only {filePath}' --force integ.pool.ts
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { WorkspaceDirectory, WorkspacesPool } from '../lib';

const app = new App();
const stack = new Stack(app, 'IntegWorkspacesPool');
const pool = new WorkspacesPool(stack, 'Pool', {
  directory: WorkspaceDirectory.fromDirectoryId(stack, 'Directory', process.env.INTEG_POOL_DIRECTORY_ID ?? 'wsd-0123456789'),
  bundleId: process.env.INTEG_POOL_BUNDLE_ID ?? 'wsb-0123456789',
  desiredUserSessions: 1,
  idleDisconnectTimeout: Duration.minutes(5),
  drainTimeout: Duration.minutes(1),
});

const integ = new IntegTest(app, 'WorkspacesPool', {
  testCases: [stack],
  diffAssets: false,
});

integ.assertions.awsApiCall('WorkSpaces', 'describeWorkspacesPools', { PoolIds: [pool.poolId] })
  .expect(ExpectedResult.objectLike({
    WorkspacesPools: Match.arrayWith([Match.objectLike({ PoolId: pool.poolId, State: 'RUNNING', RunningMode: 'AUTO_STOP' })]),
  }));

app.synth();
