/**
 * The apps `npm run bench` synthesizes to compare WorkspacesPool with
 * aws-cdk-lib's CfnWorkspacesPool: one stack with `count` pools on one
 * directory and bundle, written with either construct.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as workspaces from 'aws-cdk-lib/aws-workspaces';
import { WorkspaceDirectory, WorkspacesPool } from '../lib';

export type PoolKind = 'WorkspacesPool' | 'CfnWorkspacesPool';

/** Synthesizes the app into `outdir` and returns the stack's template. */
export function synthPools(kind: PoolKind, count: number, outdir: string): Record<string, any> {
  // As `cdk synth` runs an app (without --debug): no stack traces in construct metadata.
  const app = new App({ outdir, context: { 'aws:cdk:disable-stack-trace': true } });
  const stack = new Stack(app, `Bench${kind}${count}`);
  const directory = WorkspaceDirectory.fromDirectoryId(stack, 'Directory', 'wsd-0123456789');
  for (let i = 0; i < count; i++) {
    if (kind === 'WorkspacesPool') {
      new WorkspacesPool(stack, `Pool${i}`, { directory, bundleId: 'wsb-0123456789', desiredUserSessions: 10 });
    } else {
      new workspaces.CfnWorkspacesPool(stack, `Pool${i}`, {
        poolName: `pool-${i}`,
        description: `Pool ${i}`,
        bundleId: 'wsb-0123456789',
        directoryId: directory.directoryId,
        capacity: { desiredUserSessions: 10 },
      });
    }
  }
  return app.synth().getStackByName(stack.stackName).template;
}
