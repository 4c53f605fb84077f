import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as appstream from 'aws-cdk-lib/aws-appstream';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as nag2 from 'cdk-nag';
// cdk-nag 3, installed beside cdk-nag 2 under this alias (see .projenrc.ts).
import * as nag3 from 'cdk-nag3';
import {
  ApplicationsFleet, ApplicationsImage, BrowserPolicy, BrowserSettings, BuiltInRedactionPattern, DataProtectionSettings, DirectoryIdentity,
  ExistingSessions, FleetPlatform, FleetType, IdentityProvider, ImageSource, InlineRedactionPattern, IpAccessSettings, StreamingAction, UserSettings,
  WebPortal,
  WorkspaceDirectory, WorkspacesDefaultRole, WorkspacesPool,
} from '../lib';
import { WorkspacesProvider } from '../lib/private/provider';

type StackKind = 'env-specific' | 'env-agnostic';
const STACK_KINDS: StackKind[] = ['env-specific', 'env-agnostic'];
const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';

/**
 * A stack with everything the library deploys, in `app`. Every construct
 * added to the library is added here; every finding of the library's own is
 * acknowledged in the library's code, with its reason. The findings on the
 * user's grantee role are the user's, acknowledged here as a user would.
 */
function everythingStack(app: App, kind: StackKind): Stack {
  const stack = new Stack(app, 'Everything', kind === 'env-specific' ? { env: { account: ACCOUNT, region: REGION } } : {});
  // The shared custom resource provider (brought in by every custom-resource construct).
  WorkspacesProvider.getOrCreate(stack);
  // A pool with everything it offers: grants, an alarm, auto scaling and schedules.
  const pool = new WorkspacesPool(stack, 'Pool', {
    directory: WorkspaceDirectory.fromDirectoryId(stack, 'Directory', 'wsd-0123456789'),
    bundleId: 'wsb-0123456789',
    desiredUserSessions: 10,
  });
  const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
  pool.grantStartStop(operator);
  pool.grantRead(operator);
  pool.grantManageSessions(operator);
  pool.metricInsufficientCapacityError().createAlarm(stack, 'InsufficientCapacity', { threshold: 0, evaluationPeriods: 1 });
  const scaling = pool.autoScaleUserSessions({ minCapacity: 2, maxCapacity: 50 });
  scaling.scaleOnUtilization({ targetUtilizationPercent: 75 });
  scaling.scaleOnSchedule('Morning', { schedule: appscaling.Schedule.cron({ hour: '7', minute: '0' }), minCapacity: 20 });
  pool.scheduleStart('Morning', scheduler.ScheduleExpression.cron({ hour: '6', minute: '30' }));
  pool.scheduleStop('Evening', scheduler.ScheduleExpression.cron({ hour: '20', minute: '0' }));

  // Directories: a pools directory (CfnDirectory) and a registered Directory Service directory (custom resource).
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
  });
  const poolsDirectory = new WorkspaceDirectory(stack, 'PoolsDirectory', {
    identity: DirectoryIdentity.customerManaged({
      activeDirectory: { domainName: 'corp.example.com', serviceAccountSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'ServiceAccount', 'svc') },
    }),
    vpc,
    saml: { userAccessUrl: 'https://idp.example.com/sso' },
    certificateBasedAuth: {
      certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca',
        'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555'),
    },
    streaming: { userSettings: [{ action: StreamingAction.CLIPBOARD_COPY_TO_LOCAL_DEVICE, enabled: false }], homeFolder: true },
    ipAccessRules: [{ cidr: '203.0.113.0/24' }],
  });
  poolsDirectory.grantModify(operator);
  const personal = new WorkspaceDirectory(stack, 'PersonalDirectory', {
    identity: DirectoryIdentity.directoryService('d-1234567890'),
    enableSelfService: true,
    workspaceCreation: { instanceRole: operator, enableInternetAccess: false },
  });
  personal.grantRead(operator);
  new WorkspacesDefaultRole(stack, 'DefaultRole');

  // A Secure Browser portal with every settings type.
  const key = new kms.Key(stack, 'PortalKey', { enableKeyRotation: true });
  const logs = new s3.Bucket(stack, 'SessionLogs', {
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    serverAccessLogsPrefix: 'access-logs/',
  });
  const portal = new WebPortal(stack, 'Portal', {
    displayName: 'Contractors',
    encryptionKey: key,
    network: { vpc },
    browserSettings: new BrowserSettings(stack, 'Browser', { policy: BrowserPolicy.fromChromePolicies({ urlBlocklist: ['*'] }), encryptionKey: key }),
    userSettings: new UserSettings(stack, 'User', {
      copy: false, paste: false, download: false, upload: false, print: false,
    }),
    ipAccessSettings: new IpAccessSettings(stack, 'Ip', { rules: [{ cidr: '203.0.113.0/24' }] }),
    userAccessLogging: { stream: new kinesis.Stream(stack, 'SignIns', { streamName: 'amazon-workspaces-web-nag', encryption: kinesis.StreamEncryption.MANAGED }) },
    dataProtectionSettings: new DataProtectionSettings(stack, 'Redaction', {
      inlineRedaction: { patterns: [InlineRedactionPattern.builtIn(BuiltInRedactionPattern.CARD_NUMBERS)] },
    }),
    sessionLogger: { bucket: logs },
    existingSessions: ExistingSessions.EXPIRE,
    drainTimeout: Duration.minutes(5),
  });
  portal.addIdentityProvider('Okta', IdentityProvider.saml({ metadataUrl: 'https://example.okta.com/app/exk0123456789/sso/saml/metadata' }));
  portal.grantManageSessions(operator);
  acknowledgeUserFindings(operator, kind);
  // Every kind of imported image: a WorkSpaces image, an AMI (with the role made for it and with one given), a bundle's image.
  new ApplicationsImage(stack, 'FromPoolsImage', { source: ImageSource.workspacesImage('wsi-0123456789') });
  new ApplicationsImage(stack, 'FromAmi', { source: ImageSource.ami('ami-0123456789abcdef0') });
  new ApplicationsImage(stack, 'FromAmiWithRole', {
    source: ImageSource.ami('ami-0123456789abcdef1', iam.Role.fromRoleArn(stack, 'ImportRole', 'arn:aws:iam::111122223333:role/appstream-import')),
  });
  new ApplicationsImage(stack, 'FromBundle', { source: ImageSource.poolBundle('wsb-0123456789') });
  // A fleet with everything it offers: a VPC, a streaming-URL grant, an alarm, auto scaling and schedules.
  const fleet = new ApplicationsFleet(stack, 'Fleet', {
    image: ApplicationsImage.fromImageName(stack, 'FleetImage', 'my-image'),
    instanceType: 'stream.standard.medium',
    fleetType: FleetType.ALWAYS_ON,
    vpc,
  });
  fleet.grantStreamingUrl(operator);
  fleet.metricInsufficientCapacityError().createAlarm(stack, 'FleetInsufficientCapacity', { threshold: 0, evaluationPeriods: 1 });
  const fleetScaling = fleet.autoScaleCapacity({ minCapacity: 1, maxCapacity: 10 });
  fleetScaling.scaleOnUtilization({ targetUtilizationPercent: 75 });
  fleetScaling.scaleOnSchedule('Morning', { schedule: appscaling.Schedule.cron({ hour: '7', minute: '0' }), minCapacity: 5 });
  fleet.scheduleStart('Morning', scheduler.ScheduleExpression.cron({ hour: '6', minute: '30' }));
  fleet.scheduleStop('Evening', scheduler.ScheduleExpression.cron({ hour: '20', minute: '0' }));
  // The pool's successor: its bundle's image, schedules and auto scaling mirrored.
  new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.medium', vpc });
  // An Elastic fleet streaming a browser from an app block, with a streaming-URL grant and schedules.
  const browsers = new ApplicationsFleet(stack, 'Browsers', {
    fleetType: FleetType.ELASTIC,
    instanceType: 'stream.standard.medium',
    platform: FleetPlatform.WINDOWS_SERVER_2019,
    maxConcurrentSessions: 20,
    vpc,
  });
  const chromeBlock = new appstream.CfnAppBlock(stack, 'ChromeBlock', {
    name: 'chrome-app-block',
    sourceS3Location: { s3Bucket: logs.bucketName, s3Key: 'chrome/chrome.vhdx' },
    setupScriptDetails: {
      scriptS3Location: { s3Bucket: logs.bucketName, s3Key: 'chrome/mount-vhd.ps1' },
      executablePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      timeoutInSeconds: 300,
    },
  });
  browsers.addApplication(new appstream.CfnApplication(stack, 'Chrome', {
    name: 'chrome',
    appBlockArn: chromeBlock.attrArn,
    iconS3Location: { s3Bucket: logs.bucketName, s3Key: 'chrome/chrome.png' },
    launchPath: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    platforms: ['WINDOWS_SERVER_2019'],
    instanceFamilies: ['GENERAL_PURPOSE'],
  }));
  browsers.grantStreamingUrl(operator);
  browsers.scheduleStart('Morning', scheduler.ScheduleExpression.cron({ hour: '6', minute: '30' }));
  browsers.scheduleStop('Evening', scheduler.ScheduleExpression.cron({ hour: '20', minute: '0' }));
  return stack;
}

/**
 * The grantee's policy is the user's: the pool grants include actions WorkSpaces authorizes on * only, and
 * grantModify lets the grantee associate any IP access control group of the account and Region.
 * Acknowledged both ways, as a user of either cdk-nag major would.
 */
function acknowledgeUserFindings(operator: iam.Role, kind: StackKind): void {
  const [region, account] = kind === 'env-specific' ? [REGION, ACCOUNT] : ['<AWS::Region>', '<AWS::AccountId>'];
  const findings = ['Resource::*', `Resource::arn:<AWS::Partition>:workspaces:${region}:${account}:workspaceipgroup/*`];
  const reason = 'DescribeWorkspacesPools, TerminateWorkspacesPoolSession and DescribeWorkspaceDirectories are authorized on * only; '
    + 'AssociateIpGroups needs the IP groups to associate (Service Authorization Reference).';
  nag2.NagSuppressions.addResourceSuppressions(operator, [{ id: 'AwsSolutions-IAM5', reason, appliesTo: findings }], true);
  Validations.of(operator).acknowledge(...findings.map(f => ({ id: `AwsSolutions-IAM5[${f}]`, reason })));
}

/** A stack whose bucket breaks AwsSolutions rules (S1, S10): it proves the pack really ran. */
function canaryStack(app: App): Stack {
  const stack = new Stack(app, 'Canary');
  new s3.CfnBucket(stack, 'Bucket');
  return stack;
}

describe.each(STACK_KINDS)('cdk-nag 2 AwsSolutions (Aspect), %s stack', kind => {
  const app = new App();
  const stack = everythingStack(app, kind);
  const canary = canaryStack(app);
  Aspects.of(app).add(new nag2.AwsSolutionsChecks({ verbose: true }));
  app.synth();

  test('reports no unsuppressed errors', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-'));
    expect(errors.map(e => `${e.id}: ${e.entry.data}`)).toEqual([]);
  });

  test('reports no unsuppressed warnings', () => {
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-'));
    expect(warnings.map(w => `${w.id}: ${w.entry.data}`)).toEqual([]);
  });

  test('ran: it reports the canary bucket', () => {
    const errors = Annotations.fromStack(canary).findError('*', Match.stringLikeRegexp('AwsSolutions-S10'));
    expect(errors.map(e => e.id)).toEqual(['/Canary/Bucket']);
  });
});

/** A violation of the validation report, one line per construct: `path: rule[finding]`. */
interface ReportedViolation {
  readonly ruleName: string;
  readonly violatingConstructs: Array<{ readonly constructPath: string }>;
}

describe.each(STACK_KINDS)('cdk-nag 3 AwsSolutions (policy-validation plugin), %s stack', kind => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag3-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  const app = new App({ outdir });
  everythingStack(app, kind);
  canaryStack(app);
  Validations.of(app).addPlugins(new nag3.AwsSolutionsChecks(app));
  let synthError: unknown;
  try {
    app.synth();
  } catch (e) {
    synthError = e;
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  const findings: string[] = report.pluginReports
    .filter((r: { pluginName: string }) => r.pluginName === 'AwsSolutions')
    .flatMap((r: { violations: ReportedViolation[] }) => r.violations
      .flatMap(v => v.violatingConstructs.map(c => `${c.constructPath}: ${v.ruleName}`)));

  test('reports no unacknowledged finding in the library\'s stack', () => {
    expect(findings.filter(f => f.startsWith('Everything/'))).toEqual([]);
  });

  test('ran: it reports the canary bucket, and fails the synth on it', () => {
    expect(findings).toContain('Canary/Bucket: AwsSolutions-S10');
    expect(String(synthError)).toMatch(/^ValidationFailed: [\s\S]*AwsSolutions-S10/);
  });
});
