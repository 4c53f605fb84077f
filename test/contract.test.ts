/**
 * The contract between each construct and its custom resource handler: the
 * construct is synthesized with every prop set, its custom resource's
 * properties are turned into what CloudFormation hands the handler (every
 * scalar a string), and the handler's own parser reads them. A key the
 * construct renames, adds or drops, or a value it renders differently, fails
 * here even when both sides' own tests pass.
 */
import { App, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  FLEET_READINESS_RESOURCE_TYPE as HANDLER_FLEET_READINESS_RESOURCE_TYPE,
  parseSpec as parseFleetReadinessSpec,
  PROPERTY as FLEET_READINESS_PROPERTY,
} from '../lambda/applications/fleet-spec';
import {
  APPLICATIONS_IMAGE_RESOURCE_TYPE as HANDLER_APPLICATIONS_IMAGE_RESOURCE_TYPE,
  parseSpec as parseImageSpec,
  PROPERTY as IMAGE_PROPERTY,
} from '../lambda/applications/spec';
import { parseSpec as parseDirectorySpec, PROPERTY as DIRECTORY_PROPERTY } from '../lambda/directory/spec';
import { BUNDLE_IMAGE_PROPERTY, parseBundleImageSpec } from '../lambda/pool/bundle-image';
import { RESTART_TAG, UPDATE_REQUEST_TAG } from '../lambda/pool/handler';
import { parseSpec as parsePoolSpec, PROPERTY as POOL_PROPERTY } from '../lambda/pool/spec';
import {
  parseSpec as parsePortalReadinessSpec,
  PORTAL_READINESS_RESOURCE_TYPE as HANDLER_PORTAL_READINESS_RESOURCE_TYPE,
  PROPERTY as PORTAL_READINESS_PROPERTY,
  SECURITY_DIGEST_SCHEME,
  SECURITY_SETTINGS,
  SETTINGS_VERSION_PROPERTY,
} from '../lambda/portal/spec';
import { CREATE_REQUEST_TAG, ON_EVENT_TIMEOUT_MS, OPERATION_TAG, STACK_RESOURCE_TAG, STACK_TAG as HANDLER_STACK_TAG } from '../lambda/shared/ownership';
import type { ResourceProperties } from '../lambda/shared/types';
import {
  AgentSoftwareVersion,
  ApplicationsFleet,
  ApplicationsImage,
  BrowserPolicy,
  BrowserSettings,
  DataProtectionSettings,
  DirectoryIdentity,
  EndpointEncryptionMode,
  ExistingSessions,
  FleetPlatform,
  FleetType,
  ImageSource,
  IpAccessSettings,
  PoolState,
  RunningMode,
  SamlStatus,
  StreamingAction,
  StreamingProtocol,
  Tenancy,
  TrustStore,
  UserSettings,
  WebPortal,
  WorkspaceDirectory,
  WorkspacesPool,
} from '../lib';
import { RESERVED_TAG_PREFIX, STACK_ID_TAG } from '../lib/private/reserved-tags';
import { APPLICATIONS_IMAGE_RESOURCE_TYPE, FLEET_READINESS_RESOURCE_TYPE, PORTAL_READINESS_RESOURCE_TYPE } from '../lib/private/resource-types';
import { SECURITY_DIGEST_SCHEME as CONSTRUCT_SECURITY_DIGEST_SCHEME } from '../lib/web/security-digest';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const CA_ARN = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/12345678-1234-1234-1234-123456789012`;
const INSTANCE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/workspaces-instance`;

function newStack(): Stack {
  return new Stack(new App(), 'Contract', { env: { account: ACCOUNT, region: REGION } });
}

/**
 * What CloudFormation passes a custom resource: numbers and booleans as
 * strings, at every depth. Intrinsics are resolved by CloudFormation before
 * the handler sees them; here they become a string naming what they refer to.
 */
function asCloudFormationPasses(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asCloudFormationPasses);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
      return `resolved:${JSON.stringify(entries[0][1])}`;
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, asCloudFormationPasses(v)]));
  }
  return value;
}

/** The properties of the one resource of `type`, as the handler receives them. */
function handlerProperties(stack: Stack, type: string): ResourceProperties {
  const resources = Object.values(Template.fromStack(stack).findResources(type));
  expect(resources).toHaveLength(1);
  return asCloudFormationPasses(resources[0].Properties) as ResourceProperties;
}

/** Every key the construct writes is one the handler reads. */
function expectKnownKeys(properties: ResourceProperties, known: Readonly<Record<string, string>>): void {
  const keys = Object.keys(properties).filter(k => k !== 'ServiceToken').sort();
  expect(keys.filter(k => !Object.values(known).includes(k))).toEqual([]);
}

describe('WorkspacesPool → Custom::WorkspacesPool', () => {
  function everyProp(stack: Stack): WorkspacesPool {
    const pool = new WorkspacesPool(stack, 'Pool', {
      directory: WorkspaceDirectory.fromDirectoryId(stack, 'Directory', 'wsd-0123456789'),
      bundleId: 'wsb-0123456789',
      desiredUserSessions: 25,
      poolName: 'call-centre',
      description: 'Call centre desktops',
      runningMode: RunningMode.AUTO_STOP,
      desiredState: PoolState.STOPPED,
      disconnectTimeout: Duration.minutes(15),
      idleDisconnectTimeout: Duration.minutes(10),
      maxUserDuration: Duration.hours(8),
      applicationSettings: { persistence: true, settingsGroup: 'call-centre' },
      drainTimeout: Duration.minutes(5),
      timeout: Duration.minutes(50),
    });
    Tags.of(pool).add('team', 'support');
    return pool;
  }

  test('the handler reads every prop the construct sets, with its value', () => {
    const stack = newStack();
    everyProp(stack);
    const properties = handlerProperties(stack, 'Custom::WorkspacesPool');

    expectKnownKeys(properties, POOL_PROPERTY);
    expect(parsePoolSpec(properties)).toEqual({
      poolName: 'call-centre',
      description: 'Call centre desktops',
      bundleId: 'wsb-0123456789',
      directoryId: 'wsd-0123456789',
      desiredUserSessions: 25,
      runningMode: 'AUTO_STOP',
      desiredState: 'STOPPED',
      disconnectTimeoutInSeconds: 900,
      idleDisconnectTimeoutInSeconds: 600,
      maxUserDurationInSeconds: 28800,
      applicationSettingsStatus: 'ENABLED',
      applicationSettingsGroup: 'call-centre',
      tags: [{ Key: 'team', Value: 'support' }],
      drainTimeoutSeconds: 300,
      timeoutSeconds: 3000,
    });
  });

  test('the handler reads the construct\'s defaults', () => {
    const stack = newStack();
    new WorkspacesPool(stack, 'Pool', {
      directory: WorkspaceDirectory.fromDirectoryId(stack, 'Directory', 'wsd-0123456789'),
      bundleId: 'wsb-0123456789',
      desiredUserSessions: 1,
    });
    const spec = parsePoolSpec(handlerProperties(stack, 'Custom::WorkspacesPool'));

    expect(spec).toMatchObject({ runningMode: 'AUTO_STOP', desiredState: 'RUNNING', desiredUserSessions: 1, tags: [], timeoutSeconds: 3300 });
    expect(spec.drainTimeoutSeconds).toBeUndefined();
  });

  test('the bundle image check reads the pool\'s bundle, name and timeout', () => {
    const stack = newStack();
    everyProp(stack);
    const properties = handlerProperties(stack, 'Custom::WorkspacesBundleImage');

    expectKnownKeys(properties, BUNDLE_IMAGE_PROPERTY);
    expect(parseBundleImageSpec(properties)).toEqual({ bundleId: 'wsb-0123456789', poolName: 'call-centre', timeoutSeconds: 3000 });
  });
});

describe('WorkspaceDirectory (Directory Service) → Custom::WorkspaceDirectoryRegistration', () => {
  test('the handler reads every prop the construct sets, with its value', () => {
    const stack = newStack();
    const directory = new WorkspaceDirectory(stack, 'Directory', {
      identity: DirectoryIdentity.directoryService('d-1234567890'),
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a', 'eu-west-1b'] }),
      vpcSubnets: {
        subnets: [
          ec2.Subnet.fromSubnetAttributes(stack, 'A', { subnetId: 'subnet-0a000000000000000', availabilityZone: 'eu-west-1a' }),
          ec2.Subnet.fromSubnetAttributes(stack, 'B', { subnetId: 'subnet-0b000000000000000', availabilityZone: 'eu-west-1b' }),
        ],
      },
      tenancy: Tenancy.DEDICATED,
      endpointEncryptionMode: EndpointEncryptionMode.FIPS_VALIDATED,
      enableSelfService: true,
      saml: { userAccessUrl: 'https://idp.example.com/sso', relayStateParameterName: 'RelayState', status: SamlStatus.ENABLED },
      certificateBasedAuth: { certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN) },
      workspaceCreation: {
        enableInternetAccess: true,
        defaultOu: 'OU=WorkSpaces,DC=corp,DC=example,DC=com',
        securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0'),
        userEnabledAsLocalAdministrator: false,
        enableMaintenanceMode: true,
        instanceRole: iam.Role.fromRoleArn(stack, 'InstanceRole', INSTANCE_ROLE_ARN),
      },
      deviceAccess: { windows: true, macOs: false, web: true },
      selfServicePermissions: { restartWorkspace: true, rebuildWorkspace: false },
      streaming: {
        preferredProtocol: StreamingProtocol.UDP,
        userSettings: [{ action: StreamingAction.CLIPBOARD_COPY_FROM_LOCAL_DEVICE, enabled: true, maximumLength: 20000 }],
        homeFolder: true,
      },
      ipGroupIds: ['wsipg-0123456789'],
      timeout: Duration.minutes(40),
    });
    Tags.of(directory).add('team', 'desktops');
    const properties = handlerProperties(stack, 'Custom::WorkspaceDirectoryRegistration');

    expectKnownKeys(properties, DIRECTORY_PROPERTY);
    const spec = parseDirectorySpec(properties);
    expect(spec).toMatchObject({
      directoryId: 'd-1234567890',
      subnetIds: ['subnet-0a000000000000000', 'subnet-0b000000000000000'],
      enableSelfService: true,
      tenancy: 'DEDICATED',
      tags: [{ Key: 'team', Value: 'desktops' }],
      endpointEncryptionMode: 'FIPS_VALIDATED',
      ipGroupIds: ['wsipg-0123456789'],
      timeoutSeconds: 2400,
      samlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso', RelayStateParameterName: 'RelayState' },
      certificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN },
      workspaceCreationProperties: {
        EnableInternetAccess: true,
        DefaultOu: 'OU=WorkSpaces,DC=corp,DC=example,DC=com',
        CustomSecurityGroupId: 'sg-0123456789abcdef0',
        UserEnabledAsLocalAdministrator: false,
        EnableMaintenanceMode: true,
        InstanceIamRoleArn: INSTANCE_ROLE_ARN,
      },
      workspaceAccessProperties: { DeviceTypeWindows: 'ALLOW', DeviceTypeOsx: 'DENY', DeviceTypeWeb: 'ALLOW' },
      selfservicePermissions: { RestartWorkspace: 'ENABLED', RebuildWorkspace: 'DISABLED' },
    });
    expect(spec.streamingProperties).toMatchObject({
      StreamingExperiencePreferredProtocol: 'UDP',
      UserSettings: [{ Action: 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', Permission: 'ENABLED', MaximumLength: 20000 }],
    });
  });
});

describe('WebPortal → Custom::WebPortalReadiness', () => {
  const TRUST_STORE_ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:trustStore/0123abcd-4567-89ef-0123-456789abcdef`;

  test('the handler reads every prop the construct sets, with its value', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', {
      browserSettings: new BrowserSettings(stack, 'Browser', { policy: BrowserPolicy.fromChromePolicies({ urlBlocklist: ['*'] }) }),
      userSettings: new UserSettings(stack, 'User', {
        copy: false, paste: false, download: false, upload: false, print: false,
      }),
      ipAccessSettings: new IpAccessSettings(stack, 'Ip', { rules: [{ cidr: '203.0.113.0/24' }] }),
      dataProtectionSettings: new DataProtectionSettings(stack, 'Redaction', {}),
      trustStore: TrustStore.fromTrustStoreArn(stack, 'TrustStore', TRUST_STORE_ARN),
      waitForActive: false,
      readinessTimeout: Duration.minutes(30),
      existingSessions: ExistingSessions.EXPIRE,
      drainTimeout: Duration.minutes(5),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const properties = handlerProperties(stack, PORTAL_READINESS_RESOURCE_TYPE);

    expectKnownKeys(properties, PORTAL_READINESS_PROPERTY);
    const entries = Object.values(properties[PORTAL_READINESS_PROPERTY.securitySettings] as Record<string, Record<string, unknown>>);
    expect(entries.flatMap(Object.keys).filter(k => !Object.values<string>(SETTINGS_VERSION_PROPERTY).includes(k))).toEqual([]);
    // CloudFormation resolves the portal's ARN before the handler sees it.
    const spec = parsePortalReadinessSpec({ ...properties, [PORTAL_READINESS_PROPERTY.portalArn]: `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:portal/0123abcd-4567-89ef-0123-456789abcdef` });
    const digest = expect.stringMatching(new RegExp(`^${SECURITY_DIGEST_SCHEME}:[0-9a-f]{64}$`));
    const arnOf = (logicalIdPrefix: string, attribute: string) => expect.stringMatching(new RegExp(`^resolved:\\["${logicalIdPrefix}[A-F0-9]{8}","${attribute}"\\]$`));
    expect(spec).toEqual({
      portalArn: `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:portal/0123abcd-4567-89ef-0123-456789abcdef`,
      waitForActive: false,
      acceptIncomplete: true,
      timeoutSeconds: 1800,
      existingSessions: 'EXPIRE',
      drainTimeoutSeconds: 300,
      portalRetained: true,
      securitySettings: {
        BrowserSettings: { arn: arnOf('Browser', 'BrowserSettingsArn'), content: digest },
        UserSettings: { arn: arnOf('User', 'UserSettingsArn'), content: digest },
        IpAccessSettings: { arn: arnOf('Ip', 'IpAccessSettingsArn'), content: digest },
        DataProtectionSettings: { arn: arnOf('Redaction', 'DataProtectionSettingsArn'), content: digest },
        TrustStore: { arn: TRUST_STORE_ARN, content: '' },
      },
    });
    expect(Object.keys(spec.securitySettings).sort()).toEqual([...SECURITY_SETTINGS].sort());
  });

  test('the handler reads the construct\'s defaults', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal');
    const properties = handlerProperties(stack, PORTAL_READINESS_RESOURCE_TYPE);
    const spec = parsePortalReadinessSpec({ ...properties, [PORTAL_READINESS_PROPERTY.portalArn]: `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:portal/0123abcd-4567-89ef-0123-456789abcdef` });

    expect(spec).toMatchObject({ waitForActive: true, acceptIncomplete: true, timeoutSeconds: 1200, existingSessions: 'KEEP', portalRetained: false, securitySettings: {} });
    expect(spec.drainTimeoutSeconds).toBeUndefined();
  });

  test('the construct and the handler name the same resource type', () => {
    expect(PORTAL_READINESS_RESOURCE_TYPE).toEqual(HANDLER_PORTAL_READINESS_RESOURCE_TYPE);
  });

  // The handler compares only digests of its own scheme: a construct that sent another would never expire anybody.
  test('the construct\'s security digests are of the scheme the handler compares', () => {
    expect(CONSTRUCT_SECURITY_DIGEST_SCHEME).toEqual(SECURITY_DIGEST_SCHEME);
  });
});

describe('ApplicationsImage → Custom::ApplicationsImage', () => {
  test('the handler reads every prop the construct sets, with its value', () => {
    const stack = newStack();
    const image = new ApplicationsImage(stack, 'Image', {
      source: ImageSource.ami('ami-0123456789abcdef0', iam.Role.fromRoleArn(stack, 'Role', INSTANCE_ROLE_ARN)),
      imageName: 'call-centre',
      description: 'Imported from Pools',
      displayName: 'Call centre',
      runtimeValidationInstanceType: 'stream.standard.medium',
      agentSoftwareVersion: AgentSoftwareVersion.CURRENT_LATEST,
      appCatalog: [{
        name: 'notepad',
        displayName: 'Notepad',
        absoluteAppPath: 'C:\\Windows\\notepad.exe',
        absoluteIconPath: 'C:\\icons\\n.png',
        absoluteManifestPath: 'C:\\m.txt',
        workingDirectory: 'C:\\',
        launchParameters: '/A',
      }],
      timeout: Duration.minutes(50),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Tags.of(image).add('team', 'support');
    const properties = handlerProperties(stack, APPLICATIONS_IMAGE_RESOURCE_TYPE);

    expectKnownKeys(properties, IMAGE_PROPERTY);
    expect(parseImageSpec(properties)).toEqual({
      imageName: 'call-centre',
      source: { kind: 'ami', sourceAmiId: 'ami-0123456789abcdef0', iamRoleArn: INSTANCE_ROLE_ARN },
      description: 'Imported from Pools',
      displayName: 'Call centre',
      intendedInstanceType: 'stream.standard.medium',
      agentSoftwareVersion: 'CURRENT_LATEST',
      appCatalog: [{
        Name: 'notepad',
        DisplayName: 'Notepad',
        AbsoluteAppPath: 'C:\\Windows\\notepad.exe',
        AbsoluteIconPath: 'C:\\icons\\n.png',
        AbsoluteManifestPath: 'C:\\m.txt',
        WorkingDirectory: 'C:\\',
        LaunchParameters: '/A',
      }],
      tags: [{ Key: 'team', Value: 'support' }],
      timeoutSeconds: 3000,
    });
  });

  test.each([
    ['a WorkSpaces image', ImageSource.workspacesImage('wsi-0123456789'), { kind: 'workspaces-image', workspaceImageId: 'wsi-0123456789' }],
    ['a pool bundle', ImageSource.poolBundle('wsb-0123456789'), { kind: 'bundle', bundleId: 'wsb-0123456789' }],
  ])('the handler reads %s source and the defaults', (_what, source, expected) => {
    const stack = newStack();
    new ApplicationsImage(stack, 'Image', { source });
    const spec = parseImageSpec(handlerProperties(stack, APPLICATIONS_IMAGE_RESOURCE_TYPE));

    expect(spec.source).toEqual(expected);
    expect(spec).toMatchObject({ tags: [], timeoutSeconds: 3300 });
    expect(spec.imageName).toMatch(/^ContractImage/);
  });

  test('an AMI source without a role passes the role made for it', () => {
    const stack = newStack();
    new ApplicationsImage(stack, 'Image', { source: ImageSource.ami('ami-0123456789abcdef0') });
    const spec = parseImageSpec(handlerProperties(stack, APPLICATIONS_IMAGE_RESOURCE_TYPE));

    expect(spec.source).toEqual({ kind: 'ami', sourceAmiId: 'ami-0123456789abcdef0', iamRoleArn: expect.stringMatching(/^resolved:\["ImageImportRole[0-9A-F]+","Arn"\]$/) });
  });

  test('the construct and the handler name the same resource type', () => {
    expect(APPLICATIONS_IMAGE_RESOURCE_TYPE).toEqual(HANDLER_APPLICATIONS_IMAGE_RESOURCE_TYPE);
  });
});

describe('ApplicationsFleet → Custom::ApplicationsFleetReadiness', () => {
  test('the handler reads every prop the construct sets, with its value', () => {
    const stack = newStack();
    new ApplicationsFleet(stack, 'Fleet', {
      image: ApplicationsImage.fromImageName(stack, 'Image', 'call-centre'),
      instanceType: 'stream.standard.medium',
      fleetName: 'call-centre',
      fleetType: FleetType.ALWAYS_ON,
      desiredInstances: 4,
      readinessTimeout: Duration.minutes(40),
      startOnCreate: false,
    });
    const properties = handlerProperties(stack, FLEET_READINESS_RESOURCE_TYPE);

    expectKnownKeys(properties, FLEET_READINESS_PROPERTY);
    // CloudFormation resolves the fleet's Ref (its name) before the handler sees it.
    expect(parseFleetReadinessSpec({ ...properties, [FLEET_READINESS_PROPERTY.fleetName]: 'call-centre' })).toEqual({
      fleetName: 'call-centre',
      fleetType: 'ALWAYS_ON',
      imageArn: expect.stringMatching(/^resolved:.*image\/call-centre/),
      desiredInstances: 4,
      desiredSessions: undefined,
      startOnCreate: false,
      timeoutSeconds: 2400,
    });
  });

  test('the handler reads the construct\'s defaults, and a multi-session capacity', () => {
    const stack = newStack();
    const image = ApplicationsImage.fromImageName(stack, 'Image', 'call-centre');
    new ApplicationsFleet(stack, 'Fleet', { image, instanceType: 'stream.standard.medium' });
    const named = (properties: ResourceProperties) => ({ ...properties, [FLEET_READINESS_PROPERTY.fleetName]: 'call-centre' });
    const defaults = parseFleetReadinessSpec(named(handlerProperties(stack, FLEET_READINESS_RESOURCE_TYPE)));
    expect(defaults).toMatchObject({ fleetType: 'ON_DEMAND', desiredInstances: 1, startOnCreate: true, timeoutSeconds: 1800 });

    const multi = newStack();
    new ApplicationsFleet(multi, 'Fleet', {
      image: ApplicationsImage.fromImageName(multi, 'Image', 'call-centre'),
      instanceType: 'stream.standard.medium',
      desiredSessions: 20,
      maxSessionsPerInstance: 5,
    });
    const multiSession = parseFleetReadinessSpec(named(handlerProperties(multi, FLEET_READINESS_RESOURCE_TYPE)));
    expect(multiSession).toMatchObject({ desiredSessions: 20, desiredInstances: undefined });
  });

  test('the handler reads an Elastic fleet\'s properties: its type, and neither image nor capacity', () => {
    const stack = newStack();
    new ApplicationsFleet(stack, 'Fleet', {
      fleetType: FleetType.ELASTIC,
      instanceType: 'stream.standard.medium',
      fleetName: 'browsers',
      platform: FleetPlatform.WINDOWS_SERVER_2019,
      maxConcurrentSessions: 20,
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
        vpcId: 'vpc-0123456789abcdef0',
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
        privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      }),
    });
    const properties = handlerProperties(stack, FLEET_READINESS_RESOURCE_TYPE);

    expectKnownKeys(properties, FLEET_READINESS_PROPERTY);
    expect(parseFleetReadinessSpec({ ...properties, [FLEET_READINESS_PROPERTY.fleetName]: 'browsers' })).toEqual({
      fleetName: 'browsers',
      fleetType: 'ELASTIC',
      imageArn: undefined,
      desiredInstances: undefined,
      desiredSessions: undefined,
      startOnCreate: true,
      timeoutSeconds: 1800,
    });
  });

  test('the construct and the handler name the same resource type', () => {
    expect(FLEET_READINESS_RESOURCE_TYPE).toEqual(HANDLER_FLEET_READINESS_RESOURCE_TYPE);
  });
});

describe('the constants the constructs and the handlers must agree on', () => {
  // A user tag under the prefix the constructs reject could otherwise pose as an ownership tag.
  test('every tag the handlers write is under the prefix the constructs reserve', () => {
    for (const key of [CREATE_REQUEST_TAG, STACK_RESOURCE_TAG, OPERATION_TAG, UPDATE_REQUEST_TAG, RESTART_TAG, STACK_ID_TAG]) {
      expect(key.startsWith(RESERVED_TAG_PREFIX)).toBe(true);
    }
  });

  // The role's conditions (lib) name the tag the handlers put on pools and images (lambda): a mismatch denies every import and delete.
  test('the stack tag of the policy conditions is the one the handlers write', () => {
    expect(STACK_ID_TAG).toBe(HANDLER_STACK_TAG);
  });

  // The search for what a cancelled create made lasts as long as that create's onEvent may still run.
  test('the onEvent function timeout is the one the search window of the handlers is built on', () => {
    const stack = newStack();
    new WorkspacesPool(stack, 'Pool', {
      directory: WorkspaceDirectory.fromDirectoryId(stack, 'Directory', 'wsd-0123456789'),
      bundleId: 'wsb-0123456789',
      desiredUserSessions: 1,
    });
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function', { Properties: { Handler: 'provider/index.onEvent' } });
    expect(Object.values(functions).map(f => f.Properties.Timeout)).toEqual([ON_EVENT_TIMEOUT_MS / 1000]);
  });
});
