/**
 * WorkSpaces directories, two ways:
 *
 * - PoolsDirectory: a WorkSpaces Pools directory (SAML 2.0 sign-in, domain
 *   join with the service account in Secrets Manager, an IP access control
 *   group) and a pool on it. The pool depends on the directory, so it is
 *   terminated before the directory is removed.
 * - PersonalDirectory: an AWS Managed Microsoft AD created here and
 *   registered with WorkSpaces for personal WorkSpaces (a custom resource:
 *   CloudFormation cannot register a Directory Service directory), with the
 *   account's workspaces_DefaultRole.
 *
 *   npx cdk synth --app 'npx ts-node --transpile-only -P examples/tsconfig.json examples/directory-app.ts'
 *
 * Env-agnostic: synthesizes offline with placeholder values.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as directoryservice from 'aws-cdk-lib/aws-directoryservice';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { DirectoryIdentity, StreamingAction, StreamingProtocol, WorkspaceDirectory, WorkspacesPool } from '../lib';

const app = new App();

// --- A pools directory and a pool on it -------------------------------------
const poolsStack = new Stack(app, 'PoolsDirectory', {
  description: 'cdk-workspaces-constructs example: a WorkSpaces Pools directory (SAML) and a pool',
});
const poolsVpc = new ec2.Vpc(poolsStack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const serviceAccount = secretsmanager.Secret.fromSecretNameV2(poolsStack, 'ServiceAccount', 'workspaces/pools/service-account');
const poolsDirectory = new WorkspaceDirectory(poolsStack, 'Directory', {
  identity: DirectoryIdentity.customerManaged({
    activeDirectory: { domainName: 'corp.example.com', serviceAccountSecret: serviceAccount },
  }),
  directoryName: 'call-centre-pools',
  vpc: poolsVpc,
  saml: { userAccessUrl: 'https://idp.example.com/app/workspaces/sso', relayStateParameterName: 'RelayState' },
  deviceAccess: { web: true, windows: true, macOs: true, ios: false, android: false },
  streaming: {
    preferredProtocol: StreamingProtocol.UDP,
    userSettings: [
      { action: StreamingAction.CLIPBOARD_COPY_TO_LOCAL_DEVICE, enabled: false },
      { action: StreamingAction.CLIPBOARD_COPY_FROM_LOCAL_DEVICE, enabled: true, maximumLength: 20000 },
      { action: StreamingAction.PRINTING_TO_LOCAL_DEVICE, enabled: false },
    ],
  },
  ipAccessRules: [{ cidr: '203.0.113.0/24', description: 'Call centre offices' }],
});
new WorkspacesPool(poolsStack, 'Pool', {
  directory: poolsDirectory,
  bundleId: app.node.tryGetContext('bundleId') ?? 'wsb-0123456789',
  desiredUserSessions: 5,
});

// --- An AWS Managed Microsoft AD, registered for personal WorkSpaces ---------
const personalStack = new Stack(app, 'PersonalDirectory', {
  description: 'cdk-workspaces-constructs example: AWS Managed Microsoft AD registered with WorkSpaces',
});
const vpc = new ec2.Vpc(personalStack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const adminPassword = new secretsmanager.Secret(personalStack, 'AdminPassword', {
  generateSecretString: { excludePunctuation: true, passwordLength: 24 },
});
const microsoftAd = new directoryservice.CfnMicrosoftAD(personalStack, 'MicrosoftAD', {
  name: 'corp.example.com',
  edition: 'Standard',
  // A dynamic reference: the password never appears in the template.
  password: adminPassword.secretValue.unsafeUnwrap(),
  vpcSettings: { vpcId: vpc.vpcId, subnetIds: vpc.privateSubnets.map(s => s.subnetId) },
});
new WorkspaceDirectory(personalStack, 'Directory', {
  identity: DirectoryIdentity.microsoftAd(microsoftAd),
  vpc,
  createDefaultRole: true,
  enableSelfService: true,
  selfServicePermissions: { restartWorkspace: true, increaseVolumeSize: true, rebuildWorkspace: false },
  workspaceCreation: { enableInternetAccess: false, userEnabledAsLocalAdministrator: false },
});

app.synth();
