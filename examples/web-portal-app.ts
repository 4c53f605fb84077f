/**
 * A WorkSpaces Secure Browser portal for contractors: browsing from a
 * private VPC, a locked-down browser (allow list, no downloads), strict user
 * settings, an IP allow list, sign-in logging to Kinesis, session logging to
 * S3, redaction of card numbers, everything encrypted with a customer managed
 * key, and sign-in through a SAML identity provider. The deploy ends when
 * the portal is Active, and a change of its security settings expires the
 * sessions still running after a ten-minute drain.
 *
 *   npx cdk synth --app 'npx ts-node --transpile-only -P examples/tsconfig.json examples/web-portal-app.ts'
 *
 * Env-agnostic: synthesizes offline.
 */
import { Annotations, App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AuthenticationType,
  BrowserPolicy,
  BrowserSettings,
  BuiltInRedactionPattern,
  DataProtectionSettings,
  ExistingSessions,
  IdentityProvider,
  InlineRedactionPattern,
  IpAccessSettings,
  PortalInstanceType,
  UserSettings,
  WebPortal,
} from '../lib';

const app = new App();
const stack = new Stack(app, 'ContractorsPortal', {
  description: 'cdk-workspaces-constructs example: a WorkSpaces Secure Browser portal',
});

const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });

const portal = new WebPortal(stack, 'Portal', {
  displayName: 'Contractors',
  instanceType: PortalInstanceType.STANDARD_LARGE,
  maxConcurrentSessions: 50,
  authenticationType: AuthenticationType.STANDARD,
  encryptionKey: key,
  network: { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } },
  browserSettings: new BrowserSettings(stack, 'Browser', {
    policy: BrowserPolicy.fromChromePolicies({
      urlAllowlist: ['https://intranet.example.com', 'https://*.example.com'],
      urlBlocklist: ['*'],
    }),
    encryptionKey: key,
  }),
  userSettings: new UserSettings(stack, 'User', {
    copy: true,
    paste: true,
    download: false,
    upload: false,
    print: false,
    disconnectTimeout: Duration.hours(2),
    idleDisconnectTimeout: Duration.minutes(15),
    encryptionKey: key,
  }),
  ipAccessSettings: new IpAccessSettings(stack, 'Offices', {
    rules: [{ cidr: '203.0.113.0/24', description: 'Head office' }],
    encryptionKey: key,
  }),
  userAccessLogging: {
    stream: new kinesis.Stream(stack, 'SignIns', { streamName: 'amazon-workspaces-web-contractors', encryption: kinesis.StreamEncryption.MANAGED }),
  },
  dataProtectionSettings: new DataProtectionSettings(stack, 'Redaction', {
    displayName: 'Card numbers',
    inlineRedaction: { patterns: [InlineRedactionPattern.builtIn(BuiltInRedactionPattern.CARD_NUMBERS)] },
    encryptionKey: key,
  }),
  sessionLogger: {
    bucket: new s3.Bucket(stack, 'SessionLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    }),
  },
  // The deploy completes once users can sign in (the default), or fails with the portal's status reason.
  waitForActive: true,
  readinessTimeout: Duration.minutes(30),
  // A tightened policy reaches users already inside: their sessions end after a drain.
  existingSessions: ExistingSessions.EXPIRE,
  drainTimeout: Duration.minutes(10),
});

// 50 standard.large sessions is above the default quota (10 per account and Region): synth warns
// until the quota is raised (Service Quotas console), and the acknowledgement says it was.
Annotations.of(portal).acknowledgeWarning(WebPortal.SESSIONS_ABOVE_QUOTA_WARNING, 'standard.large concurrent sessions raised to 50 for this account and Region');

portal.addIdentityProvider('Okta', IdentityProvider.saml({ metadataUrl: 'https://example.okta.com/app/exk0123456789/sso/saml/metadata' }));

app.synth();
