/**
 * Integration test of WorkspaceDirectory: registers an existing AWS
 * Directory Service directory with WorkSpaces (the custom resource), with
 * settings, and a WorkSpaces Pools directory (CfnDirectory); then checks
 * through the WorkSpaces API that both are REGISTERED with their settings.
 * Deleting the test stack deregisters the directory and waits until it is
 * gone; the Directory Service directory itself is kept.
 *
 * The snapshot is verified offline by `npm test`. Running it for real needs
 * an Active Directory Service directory, two of its subnets, and the
 * account's workspaces_DefaultRole:
 *   INTEG_DS_DIRECTORY_ID=d-… INTEG_VPC_ID=vpc-… INTEG_SUBNET_IDS=subnet-a,subnet-b INTEG_AZS=eu-west-1a,eu-west-1b \
 *   npx integ-runner --language typescript --directory test --app 'node -r ts-node/register/transpile-only {filePath}' --force integ.directory.ts
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DirectoryIdentity, WorkspaceDirectory } from '../lib';

const app = new App();
const stack = new Stack(app, 'IntegWorkspaceDirectory');
const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
  vpcId: process.env.INTEG_VPC_ID ?? 'vpc-0123456789abcdef0',
  availabilityZones: (process.env.INTEG_AZS ?? 'eu-west-1a,eu-west-1b').split(','),
  privateSubnetIds: (process.env.INTEG_SUBNET_IDS ?? 'subnet-0123456789abcdef0,subnet-0123456789abcdef1').split(','),
});

const registered = new WorkspaceDirectory(stack, 'Registered', {
  identity: DirectoryIdentity.directoryService(process.env.INTEG_DS_DIRECTORY_ID ?? 'd-1234567890'),
  enableSelfService: true,
  selfServicePermissions: { restartWorkspace: true, rebuildWorkspace: false },
  workspaceCreation: { enableInternetAccess: false },
  deviceAccess: { web: false },
});

const pools = new WorkspaceDirectory(stack, 'Pools', {
  identity: DirectoryIdentity.customerManaged(),
  vpc,
  saml: { userAccessUrl: 'https://idp.example.com/app/workspaces/sso' },
});

const integ = new IntegTest(app, 'WorkspaceDirectory', {
  testCases: [stack],
  diffAssets: false,
});

integ.assertions.awsApiCall('WorkSpaces', 'describeWorkspaceDirectories', { DirectoryIds: [registered.directoryId, pools.directoryId] })
  .expect(ExpectedResult.objectLike({
    Directories: Match.arrayWith([
      Match.objectLike({
        DirectoryId: registered.directoryId,
        State: 'REGISTERED',
        SelfservicePermissions: Match.objectLike({ RestartWorkspace: 'ENABLED', RebuildWorkspace: 'DISABLED' }),
        WorkspaceAccessProperties: Match.objectLike({ DeviceTypeWeb: 'DENY' }),
      }),
      Match.objectLike({ DirectoryId: pools.directoryId, State: 'REGISTERED', WorkspaceType: 'POOLS' }),
    ]),
  }));

app.synth();
