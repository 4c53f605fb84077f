import * as fs from 'fs';
import * as path from 'path';
import { App, CfnElement, CfnParameter, CfnResource, Duration, RemovalPolicy, SecretValue, Stack, Tags, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as directoryservice from 'aws-cdk-lib/aws-directoryservice';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { aws_workspaces as workspacesRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import {
  DirectoryIdentity,
  DirectoryIdentityKind,
  EndpointEncryptionMode,
  SamlStatus,
  StreamingAction,
  StreamingProtocol,
  Tenancy,
  WorkspaceDirectory,
  WorkspaceDirectoryProps,
  WorkspacesDefaultRole,
  WorkspacesPool,
} from '../../lib';
import { DIRECTORY_MODIFY_ACTIONS } from '../../lib/directory/permissions';
import { DIRECTORY_DESCRIPTION, DIRECTORY_NAME } from '../../lib/directory/render';
import { QUERY_INTERVAL_CONTEXT, TOTAL_TIMEOUT_CONTEXT } from '../../lib/private/provider';
import { DIRECTORY_REGISTRATION_RESOURCE_TYPE } from '../../lib/private/resource-types';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const DS_DIRECTORY_ID = 'd-1234567890';
const POOLS_DIRECTORY_ID = 'wsd-0123456789';
const BUNDLE_ID = 'wsb-0123456789';
const IDC_INSTANCE_ARN = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
const ENTRA_TENANT_ID = '11111111-2222-3333-4444-555555555555';
const SERVICE_ACCOUNT_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:workspaces/service-account-AbCdEf`;
const ENTRA_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:workspaces/entra-AbCdEf`;
const CA_ARN = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/12345678-1234-1234-1234-123456789012`;
const INSTANCE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/workspaces-instance`;
const SECURITY_GROUP_ID = 'sg-0123456789abcdef0';
const SAML = { userAccessUrl: 'https://idp.example.com/sso' };

function newStack(context: Record<string, unknown> = {}, id = 'Test'): Stack {
  const app = new App({ context });
  const stack = new Stack(app, id, { env: { account: ACCOUNT, region: REGION } });
  // aws-cdk-lib's template validator does not know AWS::WorkSpaces::Directory (nor WorkspaceIpGroup in eu-west-1) yet.
  Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::F3006', reason: 'The validator predates AWS::WorkSpaces::Directory' });
  return stack;
}

/** A personal (IAM Identity Center) directory: a CfnDirectory that accepts every setting. */
function newDirectory(stack: Stack, props: Partial<WorkspaceDirectoryProps> = {}, id = 'Directory'): WorkspaceDirectory {
  return new WorkspaceDirectory(stack, id, { identity: DirectoryIdentity.identityCenter(IDC_INSTANCE_ARN), ...props });
}

/** A pools (customer-managed, SAML) directory. */
function newPoolsDirectory(stack: Stack, props: Partial<WorkspaceDirectoryProps> = {}, id = 'Directory'): WorkspaceDirectory {
  return new WorkspaceDirectory(stack, id, { identity: DirectoryIdentity.customerManaged(), saml: SAML, ...props });
}

/** An existing Directory Service directory, registered by the custom resource. */
function newDsDirectory(stack: Stack, props: Partial<WorkspaceDirectoryProps> = {}, id = 'Directory', directoryId = DS_DIRECTORY_ID): WorkspaceDirectory {
  return new WorkspaceDirectory(stack, id, { identity: DirectoryIdentity.directoryService(directoryId), ...props });
}

/** The CloudFormation logical id behind a token such as `directory.directoryId`. */
function logicalIdOf(stack: Stack, token: string): string {
  const resolved = stack.resolve(token);
  return resolved.Ref ?? resolved['Fn::GetAtt'][0];
}

/** The template entry of a directory's resource (CfnDirectory or the registration custom resource). */
function resourceOf(directory: WorkspaceDirectory): Record<string, any> {
  const stack = Stack.of(directory);
  return Template.fromStack(stack).toJSON().Resources[logicalIdOf(stack, directory.directoryId)];
}

function propertiesOf(directory: WorkspaceDirectory): Record<string, any> {
  return resourceOf(directory).Properties;
}

/** `arn:<partition><rest>`, the way Stack.formatArn renders an ARN. */
function partitionArn(...rest: unknown[]): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...rest]] };
}

function statementsOfRole(template: Template, roleLogicalId: string): any[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleLogicalId }]) } });
  return Object.values<any>(policies).flatMap(p => p.Properties.PolicyDocument.Statement);
}

/** The statements of the shared provider's handler role. */
function handlerStatements(stack: Stack): any[] {
  const template = Template.fromStack(stack);
  const roles = Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('CdkWorkspacesConstructsProviderHandlerRole'));
  expect(roles).toHaveLength(1);
  return statementsOfRole(template, roles[0]);
}

function statementsWithAction(statements: any[], action: string): any[] {
  return statements.filter(s => ([] as string[]).concat(s.Action).includes(action));
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function subnet(scope: Construct, id: string, availabilityZone: string): ec2.ISubnet {
  return ec2.Subnet.fromSubnetAttributes(scope, id, { subnetId: `subnet-0${id.toLowerCase().padEnd(16, '0')}`, availabilityZone });
}

function importedVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'ImportedVpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });
}

function newAd(stack: Stack): directoryservice.CfnMicrosoftAD {
  return new directoryservice.CfnMicrosoftAD(stack, 'Ad', {
    name: 'corp.example.com',
    password: SecretValue.secretsManager('workspaces/ad-admin').unsafeUnwrap(),
    vpcSettings: { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'] },
  });
}

describe('identity kinds', () => {
  test('customerManaged is a CfnDirectory of type POOLS with customer-managed users and no domain join by default', () => {
    const directory = newPoolsDirectory(newStack());
    const properties = propertiesOf(directory);
    expect(resourceOf(directory).Type).toBe('AWS::WorkSpaces::Directory');
    expect(properties).toMatchObject({ WorkspaceType: 'POOLS', UserIdentityType: 'CUSTOMER_MANAGED' });
    expect(properties.ActiveDirectoryConfig).toBeUndefined();
    expect(properties.IdcInstanceArn).toBeUndefined();
    expect(properties.MicrosoftEntraConfig).toBeUndefined();
    expect(directory.identityKind).toBe(DirectoryIdentityKind.CUSTOMER_MANAGED);
  });

  test('customerManaged with activeDirectory renders ActiveDirectoryConfig with the secret\'s ARN', () => {
    const stack = newStack();
    const serviceAccountSecret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'ServiceAccount', SERVICE_ACCOUNT_SECRET_ARN);
    const directory = newPoolsDirectory(stack, {
      identity: DirectoryIdentity.customerManaged({ activeDirectory: { domainName: 'corp.example.com', serviceAccountSecret } }),
    });
    expect(propertiesOf(directory).ActiveDirectoryConfig).toEqual({ DomainName: 'corp.example.com', ServiceAccountSecretArn: SERVICE_ACCOUNT_SECRET_ARN });
  });

  test('identityCenter is a PERSONAL CfnDirectory of IAM Identity Center users of the given instance', () => {
    const directory = newDirectory(newStack());
    const properties = propertiesOf(directory);
    expect(resourceOf(directory).Type).toBe('AWS::WorkSpaces::Directory');
    expect(properties).toMatchObject({ WorkspaceType: 'PERSONAL', UserIdentityType: 'AWS_IAM_IDENTITY_CENTER', IdcInstanceArn: IDC_INSTANCE_ARN });
    expect(properties.MicrosoftEntraConfig).toBeUndefined();
    expect(properties.ActiveDirectoryConfig).toBeUndefined();
    expect(directory.identityKind).toBe(DirectoryIdentityKind.IAM_IDENTITY_CENTER);
  });

  test('microsoftEntra renders MicrosoftEntraConfig with the tenant id and the secret\'s ARN, through the Identity Center instance', () => {
    const stack = newStack();
    const directory = newDirectory(stack, {
      identity: DirectoryIdentity.microsoftEntra({
        identityCenterInstanceArn: IDC_INSTANCE_ARN,
        tenantId: ENTRA_TENANT_ID,
        applicationConfigSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'EntraSecret', ENTRA_SECRET_ARN),
      }),
    });
    expect(propertiesOf(directory)).toMatchObject({
      WorkspaceType: 'PERSONAL',
      UserIdentityType: 'AWS_IAM_IDENTITY_CENTER',
      IdcInstanceArn: IDC_INSTANCE_ARN,
      MicrosoftEntraConfig: { TenantId: ENTRA_TENANT_ID, ApplicationConfigSecretArn: ENTRA_SECRET_ARN },
    });
    expect(directory.identityKind).toBe(DirectoryIdentityKind.MICROSOFT_ENTRA);
  });

  test('directoryService is a Custom::WorkspaceDirectoryRegistration served by the shared provider, with the directory id and nothing else by default', () => {
    const stack = newStack();
    const directory = newDsDirectory(stack);
    const template = Template.fromStack(stack);

    expect(DIRECTORY_REGISTRATION_RESOURCE_TYPE).toBe('Custom::WorkspaceDirectoryRegistration');
    template.resourceCountIs('AWS::WorkSpaces::Directory', 0);
    template.resourceCountIs('Custom::WorkspaceDirectoryRegistration', 1);
    expect(resourceOf(directory).Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^CdkWorkspacesConstructsProviderframeworkonEvent/), 'Arn'] },
      DirectoryId: DS_DIRECTORY_ID,
      TimeoutSeconds: 3300,
    });
    expect(resourceOf(directory).DependsOn).toBeUndefined();
    expect(directory.identityKind).toBe(DirectoryIdentityKind.DIRECTORY_SERVICE);
  });

  test('microsoftAd registers the CfnMicrosoftAD by its Ref and depends on it', () => {
    const stack = newStack();
    const ad = newAd(stack);
    const directory = new WorkspaceDirectory(stack, 'Directory', { identity: DirectoryIdentity.microsoftAd(ad) });
    const resource = resourceOf(directory);
    expect(resource.Type).toBe(DIRECTORY_REGISTRATION_RESOURCE_TYPE);
    expect(resource.Properties.DirectoryId).toEqual({ Ref: 'Ad' });
    expect(resource.DependsOn).toEqual(['Ad']);
    expect(directory.identityKind).toBe(DirectoryIdentityKind.DIRECTORY_SERVICE);
  });

  test('creates no provider for pools, Identity Center and Entra directories', () => {
    const stack = newStack();
    newPoolsDirectory(stack, {}, 'Pools');
    newDirectory(stack, {}, 'Personal');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WorkSpaces::Directory', 2);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(stack.node.tryFindChild('CdkWorkspacesConstructsProvider')).toBeUndefined();
  });
});

/** Every setting, once, and what the WorkSpaces API (and CloudFormation) calls it. */
function everySetting(stack: Stack): Partial<WorkspaceDirectoryProps> {
  return {
    vpc: importedVpc(stack),
    vpcSubnets: { subnets: [subnet(stack, 'A', 'eu-west-1a'), subnet(stack, 'B', 'eu-west-1b')] },
    tenancy: Tenancy.DEDICATED,
    endpointEncryptionMode: EndpointEncryptionMode.FIPS_VALIDATED,
    enableSelfService: true,
    saml: { userAccessUrl: 'https://idp.example.com/sso', relayStateParameterName: 'RelayState', status: SamlStatus.ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK },
    certificateBasedAuth: { certificateAuthority: acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN) },
    workspaceCreation: {
      enableInternetAccess: true,
      defaultOu: 'OU=WorkSpaces,DC=corp,DC=example,DC=com',
      securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', SECURITY_GROUP_ID),
      userEnabledAsLocalAdministrator: false,
      enableMaintenanceMode: true,
      instanceRole: iam.Role.fromRoleArn(stack, 'InstanceRole', INSTANCE_ROLE_ARN),
    },
    deviceAccess: {
      windows: true, macOs: false, web: true, ios: false, android: true, chromeOs: false, linux: true, zeroClient: false, thinClient: true,
    },
    selfServicePermissions: {
      restartWorkspace: true, increaseVolumeSize: false, changeComputeType: true, switchRunningMode: false, rebuildWorkspace: true,
    },
    streaming: {
      preferredProtocol: StreamingProtocol.UDP,
      userSettings: [
        { action: StreamingAction.CLIPBOARD_COPY_FROM_LOCAL_DEVICE, enabled: true, maximumLength: 20000 },
        { action: StreamingAction.CLIPBOARD_COPY_TO_LOCAL_DEVICE, enabled: false },
        { action: StreamingAction.PRINTING_TO_LOCAL_DEVICE, enabled: false },
        { action: StreamingAction.SMART_CARD, enabled: true },
      ],
      homeFolder: true,
    },
    ipGroupIds: ['wsipg-0123456789'],
  };
}

const EVERY_SETTING_RENDERED = {
  SubnetIds: ['subnet-0a000000000000000', 'subnet-0b000000000000000'],
  Tenancy: 'DEDICATED',
  EndpointEncryptionMode: 'FIPS_VALIDATED',
  EnableSelfService: true,
  SamlProperties: { Status: 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK', UserAccessUrl: 'https://idp.example.com/sso', RelayStateParameterName: 'RelayState' },
  CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN },
  WorkspaceCreationProperties: {
    EnableInternetAccess: true,
    DefaultOu: 'OU=WorkSpaces,DC=corp,DC=example,DC=com',
    CustomSecurityGroupId: SECURITY_GROUP_ID,
    UserEnabledAsLocalAdministrator: false,
    EnableMaintenanceMode: true,
    InstanceIamRoleArn: INSTANCE_ROLE_ARN,
  },
  WorkspaceAccessProperties: {
    DeviceTypeWindows: 'ALLOW',
    DeviceTypeOsx: 'DENY',
    DeviceTypeWeb: 'ALLOW',
    DeviceTypeIos: 'DENY',
    DeviceTypeAndroid: 'ALLOW',
    DeviceTypeChromeOs: 'DENY',
    DeviceTypeLinux: 'ALLOW',
    DeviceTypeZeroClient: 'DENY',
    DeviceTypeWorkSpacesThinClient: 'ALLOW',
  },
  SelfservicePermissions: {
    RestartWorkspace: 'ENABLED',
    IncreaseVolumeSize: 'DISABLED',
    ChangeComputeType: 'ENABLED',
    SwitchRunningMode: 'DISABLED',
    RebuildWorkspace: 'ENABLED',
  },
  StreamingProperties: {
    StreamingExperiencePreferredProtocol: 'UDP',
    UserSettings: [
      { Action: 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE', Permission: 'ENABLED', MaximumLength: 20000 },
      { Action: 'CLIPBOARD_COPY_TO_LOCAL_DEVICE', Permission: 'DISABLED' },
      { Action: 'PRINTING_TO_LOCAL_DEVICE', Permission: 'DISABLED' },
      { Action: 'SMART_CARD', Permission: 'ENABLED' },
    ],
    StorageConnectors: [{ ConnectorType: 'HOME_FOLDER', Status: 'ENABLED' }],
  },
  IpGroupIds: ['wsipg-0123456789'],
};

describe('every setting', () => {
  test('renders on a CfnDirectory under the CloudFormation property names', () => {
    const stack = newStack();
    const directory = newDirectory(stack, { ...everySetting(stack), directoryName: 'personal-desktops', description: 'Personal desktops' });
    expect(propertiesOf(directory)).toEqual({
      ...EVERY_SETTING_RENDERED,
      WorkspaceType: 'PERSONAL',
      UserIdentityType: 'AWS_IAM_IDENTITY_CENTER',
      IdcInstanceArn: IDC_INSTANCE_ARN,
      WorkspaceDirectoryName: 'personal-desktops',
      WorkspaceDirectoryDescription: 'Personal desktops',
    });
  });

  test('renders on the Directory Service registration with the API\'s PascalCase names, the same values, and no undefined keys', () => {
    const stack = newStack();
    const directory = newDsDirectory(stack, everySetting(stack));
    const { ServiceToken, ...properties } = propertiesOf(directory);
    expect(ServiceToken).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CdkWorkspacesConstructsProviderframeworkonEvent/), 'Arn'] });
    expect(properties).toEqual({ ...EVERY_SETTING_RENDERED, DirectoryId: DS_DIRECTORY_ID, TimeoutSeconds: 3300 });
  });

  test('leaves every optional property out of a CfnDirectory by default', () => {
    expect(propertiesOf(newDirectory(newStack()))).toEqual({
      WorkspaceType: 'PERSONAL',
      UserIdentityType: 'AWS_IAM_IDENTITY_CENTER',
      IdcInstanceArn: IDC_INSTANCE_ARN,
      WorkspaceDirectoryName: 'TestDirectory31D086A5',
      WorkspaceDirectoryDescription: 'Managed by cdk-workspaces-constructs for Test/Directory',
    });
  });
});

describe('directoryName', () => {
  test('is the given name', () => {
    expect(propertiesOf(newDirectory(newStack(), { directoryName: 'Call centre 1.0_eu-west' })).WorkspaceDirectoryName).toBe('Call centre 1.0_eu-west');
  });

  test.each([['ab'], ['x'.repeat(65)]])('accepts %s (2 and 65 characters)', (directoryName) => {
    expect(propertiesOf(newDirectory(newStack(), { directoryName })).WorkspaceDirectoryName).toBe(directoryName);
  });

  test('defaults to a name generated from the stack name and construct path that the API accepts', () => {
    const name = propertiesOf(newPoolsDirectory(newStack())).WorkspaceDirectoryName;
    expect(name).toMatch(/^TestDirectory[0-9A-F]{8}$/);
    expect(name).toMatch(DIRECTORY_NAME);
  });

  test('defaults to a valid name of at most 65 characters for a long path with characters the API refuses', () => {
    const stack = newStack({}, 'A-very-long-stack-name-for-the-call-centre-desktops-of-the-company');
    const deep = new Construct(new Construct(stack, 'Desktops for the call centre: agents & supervisors'), 'x'.repeat(80));
    const directory = new WorkspaceDirectory(deep, 'Directory #1 (eu)', { identity: DirectoryIdentity.identityCenter(IDC_INSTANCE_ARN) });
    const name: string = propertiesOf(directory).WorkspaceDirectoryName;
    expect(name.length).toBeLessThanOrEqual(65);
    expect(name).toMatch(DIRECTORY_NAME);
  });

  test('defaults to the same name on every synthesis (a new name would replace the directory)', () => {
    expect(propertiesOf(newDirectory(newStack())).WorkspaceDirectoryName).toBe(propertiesOf(newDirectory(newStack())).WorkspaceDirectoryName);
  });

  test('defaults to different names for directories that differ only in refused characters, and in two stacks', () => {
    const stack = newStack();
    const names = [newDirectory(stack, {}, 'Directory 1'), newDirectory(stack, {}, 'Directory1')].map(d => propertiesOf(d).WorkspaceDirectoryName);
    names.push(propertiesOf(newDirectory(newStack({}, 'Other'))).WorkspaceDirectoryName);
    expect(new Set(names).size).toBe(3);
  });

  test('accepts a token', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'DirectoryName').valueAsString;
    expect(propertiesOf(newDirectory(stack, { directoryName: name })).WorkspaceDirectoryName).toEqual({ Ref: 'DirectoryName' });
  });

  test.each([
    ['a'],
    ['-leading-dash'],
    ['has:colon'],
    ['x'.repeat(66)],
    [''],
  ])('fails when directoryName is %j', (directoryName) => {
    expect(() => newDirectory(newStack(), { directoryName }))
      .toThrow(new RegExp(`\`directoryName\` must be 2-65 characters.*${escape(DIRECTORY_NAME.source)}.*got '${directoryName}'`));
  });

  test('fails when given for a Directory Service directory', () => {
    expect(() => newDsDirectory(newStack(), { directoryName: 'corp' }))
      .toThrow(/`directoryName` applies to pools, IAM Identity Center and Entra directories; a Directory Service directory keeps its own name, got 'corp'/);
  });
});

describe('description', () => {
  test('is the given description', () => {
    expect(propertiesOf(newDirectory(newStack(), { description: 'Call centre: agents + co.' })).WorkspaceDirectoryDescription)
      .toBe('Call centre: agents + co.');
  });

  test.each([['ab'], ['x'.repeat(256)], ['_Desktops \\ #1 @eu=yes? 100%!']])('accepts %j', (description) => {
    expect(propertiesOf(newDirectory(newStack(), { description })).WorkspaceDirectoryDescription).toBe(description);
  });

  test('defaults to a description naming the construct path', () => {
    const description = propertiesOf(newPoolsDirectory(newStack())).WorkspaceDirectoryDescription;
    expect(description).toBe('Managed by cdk-workspaces-constructs for Test/Directory');
    expect(description).toMatch(DIRECTORY_DESCRIPTION);
  });

  test('defaults to a valid description for a long path with characters the API refuses', () => {
    const stack = newStack({}, 'A-very-long-stack-name-for-the-call-centre-desktops-of-the-company');
    const deep = new Construct(new Construct(stack, 'Desktops for the call centre: agents & (supervisors)'), 'x'.repeat(200));
    const directory = new WorkspaceDirectory(deep, 'Directory <eu>', { identity: DirectoryIdentity.identityCenter(IDC_INSTANCE_ARN) });
    expect(propertiesOf(directory).WorkspaceDirectoryDescription).toMatch(DIRECTORY_DESCRIPTION);
  });

  test('accepts a token', () => {
    const stack = newStack();
    const description = new CfnParameter(stack, 'Description').valueAsString;
    expect(propertiesOf(newDirectory(stack, { description })).WorkspaceDirectoryDescription).toEqual({ Ref: 'Description' });
  });

  test.each([
    ['a'],
    ['-leading-dash'],
    ['has <angle brackets>'],
    ['has "quotes"'],
    ['x'.repeat(257)],
  ])('fails when description is %j', (description) => {
    expect(() => newDirectory(newStack(), { description }))
      .toThrow(new RegExp(`\`description\` must be 2-256 characters.*${escape(DIRECTORY_DESCRIPTION.source)}.*got '${escape(description)}'`));
  });

  test('fails when given for a Directory Service directory', () => {
    expect(() => newDsDirectory(newStack(), { description: 'Corporate AD' }))
      .toThrow(/`description` applies to pools, IAM Identity Center and Entra directories; a Directory Service directory keeps its own, got 'Corporate AD'/);
  });
});

describe('vpc and vpcSubnets', () => {
  test('without a vpc, leaves SubnetIds out (the directory\'s own subnets)', () => {
    expect(propertiesOf(newPoolsDirectory(newStack())).SubnetIds).toBeUndefined();
    expect(propertiesOf(newDsDirectory(newStack())).SubnetIds).toBeUndefined();
  });

  test('with a vpc, defaults to its private subnets', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(propertiesOf(newPoolsDirectory(stack, { vpc })).SubnetIds).toEqual(vpc.privateSubnets.map(s => stack.resolve(s.subnetId)));
    expect(vpc.privateSubnets).toHaveLength(2);
  });

  // The default selection takes two private subnets in different AZs, so a three-AZ VPC works.
  test('with a vpc of three AZs, defaults to two of its private subnets in different AZs', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    expect(vpc.availabilityZones).toHaveLength(3);
    const subnetIds: unknown[] = propertiesOf(newPoolsDirectory(stack, { vpc })).SubnetIds;
    expect(subnetIds).toHaveLength(2);
    const selected = vpc.privateSubnets.filter(s => subnetIds.some(id => JSON.stringify(id) === JSON.stringify(stack.resolve(s.subnetId))));
    const azs = selected.map(s => s.availabilityZone);
    expect(new Set(azs).size).toBe(2);
  });

  test('renders the selected subnets', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(propertiesOf(newPoolsDirectory(stack, { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })).SubnetIds)
      .toEqual(vpc.publicSubnets.map(s => stack.resolve(s.subnetId)));
  });

  test('renders the selected subnets on a Directory Service registration', () => {
    const stack = newStack();
    const props = { vpc: importedVpc(stack), vpcSubnets: { subnets: [subnet(stack, 'A', 'eu-west-1a'), subnet(stack, 'B', 'eu-west-1b')] } };
    expect(propertiesOf(newDsDirectory(stack, props)).SubnetIds).toEqual(['subnet-0a000000000000000', 'subnet-0b000000000000000']);
  });

  test('accepts one subnet', () => {
    const stack = newStack();
    expect(propertiesOf(newDirectory(stack, { vpc: importedVpc(stack), vpcSubnets: { subnets: [subnet(stack, 'A', 'eu-west-1a')] } })).SubnetIds)
      .toEqual(['subnet-0a000000000000000']);
  });

  test('accepts two subnets whose Availability Zones are tokens', () => {
    const stack = newStack();
    const az = new CfnParameter(stack, 'Az').valueAsString;
    Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W2001', reason: 'The AZ parameter only feeds the synth-time check' });
    const vpcSubnets = { subnets: [subnet(stack, 'A', az), subnet(stack, 'B', az)] };
    expect(propertiesOf(newDirectory(stack, { vpc: importedVpc(stack), vpcSubnets })).SubnetIds).toHaveLength(2);
  });

  test('fails when vpcSubnets selects more than 2 subnets', () => {
    const stack = newStack();
    const vpcSubnets = { subnets: [subnet(stack, 'A', 'eu-west-1a'), subnet(stack, 'B', 'eu-west-1b'), subnet(stack, 'C', 'eu-west-1c')] };
    expect(() => newDirectory(stack, { vpc: importedVpc(stack), vpcSubnets })).toThrow(
      /`vpcSubnets` must select at most 2 subnets, in different Availability Zones, got 3 \(in eu-west-1a, eu-west-1b, eu-west-1c\)/);
  });

  test('fails when vpcSubnets selects 2 subnets in one Availability Zone', () => {
    const stack = newStack();
    const vpcSubnets = { subnets: [subnet(stack, 'A', 'eu-west-1a'), subnet(stack, 'B', 'eu-west-1a')] };
    expect(() => newDirectory(stack, { vpc: importedVpc(stack), vpcSubnets }))
      .toThrow(/`vpcSubnets` must select subnets in different Availability Zones, got two in eu-west-1a/);
  });

  test('fails when a Directory Service directory selects 2 subnets in one Availability Zone', () => {
    const stack = newStack();
    const vpcSubnets = { subnets: [subnet(stack, 'A', 'eu-west-1b'), subnet(stack, 'B', 'eu-west-1b')] };
    expect(() => newDsDirectory(stack, { vpc: importedVpc(stack), vpcSubnets })).toThrow(/`vpcSubnets` must select subnets in different Availability Zones, got two in eu-west-1b/);
  });

  test('fails when vpcSubnets is given without vpc', () => {
    const stack = newStack();
    expect(() => newDirectory(stack, { vpcSubnets: { subnets: [subnet(stack, 'A', 'eu-west-1a')] } })).toThrow(/`vpcSubnets` needs `vpc`, got vpcSubnets without vpc/);
  });
});

describe('tenancy and endpointEncryptionMode', () => {
  test('render the given values', () => {
    const props = { tenancy: Tenancy.DEDICATED, endpointEncryptionMode: EndpointEncryptionMode.FIPS_VALIDATED };
    const properties = propertiesOf(newDirectory(newStack(), props));
    expect(properties).toMatchObject({ Tenancy: 'DEDICATED', EndpointEncryptionMode: 'FIPS_VALIDATED' });
  });

  test('render SHARED and STANDARD_TLS', () => {
    const props = { tenancy: Tenancy.SHARED, endpointEncryptionMode: EndpointEncryptionMode.STANDARD_TLS };
    const properties = propertiesOf(newDirectory(newStack(), props));
    expect(properties).toMatchObject({ Tenancy: 'SHARED', EndpointEncryptionMode: 'STANDARD_TLS' });
  });

  test('are left to the service by default', () => {
    const properties = propertiesOf(newDirectory(newStack()));
    expect(properties.Tenancy).toBeUndefined();
    expect(properties.EndpointEncryptionMode).toBeUndefined();
  });

  test('render on a Directory Service registration', () => {
    const props = { tenancy: Tenancy.DEDICATED, endpointEncryptionMode: EndpointEncryptionMode.FIPS_VALIDATED };
    const properties = propertiesOf(newDsDirectory(newStack(), props));
    expect(properties).toMatchObject({ Tenancy: 'DEDICATED', EndpointEncryptionMode: 'FIPS_VALIDATED' });
  });
});

describe('saml', () => {
  test('defaults status to ENABLED and leaves the relay state parameter to the service', () => {
    expect(propertiesOf(newPoolsDirectory(newStack())).SamlProperties).toEqual({ Status: 'ENABLED', UserAccessUrl: SAML.userAccessUrl });
  });

  test('renders the given status and relay state parameter name', () => {
    const saml = { userAccessUrl: 'https://idp.example.com/app/sso', relayStateParameterName: 'TARGET', status: SamlStatus.DISABLED };
    expect(propertiesOf(newDirectory(newStack(), { saml })).SamlProperties)
      .toEqual({ Status: 'DISABLED', UserAccessUrl: 'https://idp.example.com/app/sso', RelayStateParameterName: 'TARGET' });
  });

  test('is left out of a personal directory without saml', () => {
    expect(propertiesOf(newDirectory(newStack())).SamlProperties).toBeUndefined();
  });

  test('fails when a pools directory has no saml', () => {
    expect(() => new WorkspaceDirectory(newStack(), 'Directory', { identity: DirectoryIdentity.customerManaged() }))
      .toThrow(/`saml` must be enabled for a pools directory \(DirectoryIdentity.customerManaged\): its users sign in through SAML 2.0, got no saml/);
  });

  test.each([['http://a'], [`https://${'a'.repeat(192)}`]])('accepts a userAccessUrl of 8 and 200 characters (%s)', (userAccessUrl) => {
    expect(propertiesOf(newPoolsDirectory(newStack(), { saml: { userAccessUrl } })).SamlProperties.UserAccessUrl).toBe(userAccessUrl);
  });

  test('accepts a token userAccessUrl', () => {
    const stack = newStack();
    const userAccessUrl = new CfnParameter(stack, 'Url').valueAsString;
    expect(propertiesOf(newPoolsDirectory(stack, { saml: { userAccessUrl } })).SamlProperties.UserAccessUrl).toEqual({ Ref: 'Url' });
  });

  test.each([
    ['http://'],
    [`https://${'a'.repeat(193)}`],
    ['ftp://idp.example.com/sso'],
    ['idp.example.com/sso'],
    ['https://idp.example.com/a b'],
  ])('fails when saml.userAccessUrl is %j', (userAccessUrl) => {
    expect(() => newPoolsDirectory(newStack(), { saml: { userAccessUrl } }))
      .toThrow(new RegExp(`\`saml.userAccessUrl\` must be an http\\(s\\) URL of 8-200 characters without spaces .*got '${escape(userAccessUrl)}'`));
  });
});

describe('certificateBasedAuth', () => {
  function ca(stack: Stack): acmpca.ICertificateAuthority {
    return acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN);
  }

  test('renders ENABLED with the certificate authority\'s ARN', () => {
    const stack = newStack();
    expect(propertiesOf(newPoolsDirectory(stack, { certificateBasedAuth: { certificateAuthority: ca(stack) } })).CertificateBasedAuthProperties)
      .toEqual({ Status: 'ENABLED', CertificateAuthorityArn: CA_ARN });
  });

  test('renders DISABLED when enabled is false, which needs no saml', () => {
    const stack = newStack();
    const certificateBasedAuth = { certificateAuthority: ca(stack), enabled: false };
    expect(propertiesOf(newDirectory(stack, { certificateBasedAuth })).CertificateBasedAuthProperties)
      .toEqual({ Status: 'DISABLED', CertificateAuthorityArn: CA_ARN });
  });

  test('is off by default', () => {
    expect(propertiesOf(newPoolsDirectory(newStack())).CertificateBasedAuthProperties).toBeUndefined();
  });

  test('fails without saml', () => {
    const stack = newStack();
    expect(() => newDirectory(stack, { certificateBasedAuth: { certificateAuthority: ca(stack) } }))
      .toThrow(/`certificateBasedAuth` needs SAML 2.0 enabled \(`saml` with status ENABLED\), got saml absent/);
  });

  test('fails with saml DISABLED', () => {
    const stack = newStack();
    expect(() => newDirectory(stack, { saml: { ...SAML, status: SamlStatus.DISABLED }, certificateBasedAuth: { certificateAuthority: ca(stack) } }))
      .toThrow(/`certificateBasedAuth` needs SAML 2.0 enabled \(`saml` with status ENABLED\), got saml status DISABLED/);
  });
});

describe('workspaceCreation', () => {
  test.each([
    ['enableInternetAccess', { enableInternetAccess: true }, { EnableInternetAccess: true }],
    ['enableInternetAccess false', { enableInternetAccess: false }, { EnableInternetAccess: false }],
    ['defaultOu', { defaultOu: 'OU=WorkSpaces,DC=corp,DC=example,DC=com' }, { DefaultOu: 'OU=WorkSpaces,DC=corp,DC=example,DC=com' }],
    ['userEnabledAsLocalAdministrator', { userEnabledAsLocalAdministrator: true }, { UserEnabledAsLocalAdministrator: true }],
    ['enableMaintenanceMode', { enableMaintenanceMode: false }, { EnableMaintenanceMode: false }],
  ])('renders %s alone', (_name, workspaceCreation, expected) => {
    expect(propertiesOf(newDirectory(newStack(), { workspaceCreation })).WorkspaceCreationProperties).toEqual(expected);
  });

  test('renders securityGroup as CustomSecurityGroupId', () => {
    const stack = newStack();
    const securityGroup = new ec2.SecurityGroup(stack, 'Sg', { vpc: importedVpc(stack) });
    expect(propertiesOf(newPoolsDirectory(stack, { workspaceCreation: { securityGroup } })).WorkspaceCreationProperties)
      .toEqual({ CustomSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(securityGroup.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] } });
  });

  test('renders instanceRole as InstanceIamRoleArn', () => {
    const stack = newStack();
    const instanceRole = new iam.Role(stack, 'InstanceRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    expect(propertiesOf(newPoolsDirectory(stack, { workspaceCreation: { instanceRole } })).WorkspaceCreationProperties)
      .toEqual({ InstanceIamRoleArn: { 'Fn::GetAtt': [stack.getLogicalId(instanceRole.node.defaultChild as iam.CfnRole), 'Arn'] } });
  });

  test('is left to the service when absent or empty', () => {
    expect(propertiesOf(newDirectory(newStack())).WorkspaceCreationProperties).toBeUndefined();
    expect(propertiesOf(newDirectory(newStack(), { workspaceCreation: {} })).WorkspaceCreationProperties).toBeUndefined();
  });

  test.each([
    ['enableMaintenanceMode', { enableMaintenanceMode: true }, 'true'],
    ['userEnabledAsLocalAdministrator', { userEnabledAsLocalAdministrator: false }, 'false'],
  ])('fails when a pools directory sets workspaceCreation.%s', (prop, workspaceCreation, value) => {
    expect(() => newPoolsDirectory(newStack(), { workspaceCreation }))
      .toThrow(new RegExp(`\`workspaceCreation.${prop}\` applies to personal WorkSpaces only, not to a pools directory \\(DirectoryIdentity.customerManaged\\), got ${value}`));
  });
});

describe('deviceAccess', () => {
  test('renders true as ALLOW for every device type', () => {
    const deviceAccess = {
      windows: true, macOs: true, web: true, ios: true, android: true, chromeOs: true, linux: true, zeroClient: true, thinClient: true,
    };
    expect(propertiesOf(newPoolsDirectory(newStack(), { deviceAccess })).WorkspaceAccessProperties).toEqual({
      DeviceTypeWindows: 'ALLOW',
      DeviceTypeOsx: 'ALLOW',
      DeviceTypeWeb: 'ALLOW',
      DeviceTypeIos: 'ALLOW',
      DeviceTypeAndroid: 'ALLOW',
      DeviceTypeChromeOs: 'ALLOW',
      DeviceTypeLinux: 'ALLOW',
      DeviceTypeZeroClient: 'ALLOW',
      DeviceTypeWorkSpacesThinClient: 'ALLOW',
    });
  });

  test('renders false as DENY for every device type', () => {
    const deviceAccess = {
      windows: false, macOs: false, web: false, ios: false, android: false, chromeOs: false, linux: false, zeroClient: false, thinClient: false,
    };
    expect(propertiesOf(newPoolsDirectory(newStack(), { deviceAccess })).WorkspaceAccessProperties).toEqual({
      DeviceTypeWindows: 'DENY',
      DeviceTypeOsx: 'DENY',
      DeviceTypeWeb: 'DENY',
      DeviceTypeIos: 'DENY',
      DeviceTypeAndroid: 'DENY',
      DeviceTypeChromeOs: 'DENY',
      DeviceTypeLinux: 'DENY',
      DeviceTypeZeroClient: 'DENY',
      DeviceTypeWorkSpacesThinClient: 'DENY',
    });
  });

  test('renders only the device types given', () => {
    expect(propertiesOf(newPoolsDirectory(newStack(), { deviceAccess: { web: true, android: false } })).WorkspaceAccessProperties)
      .toEqual({ DeviceTypeWeb: 'ALLOW', DeviceTypeAndroid: 'DENY' });
  });

  test('is not rendered when absent or empty', () => {
    expect(propertiesOf(newPoolsDirectory(newStack())).WorkspaceAccessProperties).toBeUndefined();
    expect(propertiesOf(newPoolsDirectory(newStack(), { deviceAccess: {} })).WorkspaceAccessProperties).toBeUndefined();
  });
});

describe('enableSelfService and selfServicePermissions', () => {
  test.each([[true], [false]])('renders enableSelfService %s', (enableSelfService) => {
    expect(propertiesOf(newDirectory(newStack(), { enableSelfService })).EnableSelfService).toBe(enableSelfService);
    expect(propertiesOf(newDsDirectory(newStack(), { enableSelfService })).EnableSelfService).toBe(enableSelfService);
  });

  test('renders selfServicePermissions true as ENABLED and false as DISABLED, all five with the defaults of those left out', () => {
    const selfServicePermissions = { increaseVolumeSize: true, rebuildWorkspace: false };
    const expected = {
      RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'ENABLED', ChangeComputeType: 'DISABLED', SwitchRunningMode: 'DISABLED', RebuildWorkspace: 'DISABLED',
    };
    expect(propertiesOf(newDirectory(newStack(), { selfServicePermissions })).SelfservicePermissions).toEqual(expected);
    expect(propertiesOf(newDsDirectory(newStack(), { selfServicePermissions })).SelfservicePermissions).toEqual(expected);
  });

  test.each([
    ['{}', {}],
    ['{ restartWorkspace: true }', { restartWorkspace: true }],
  ])('restart only is %s: restart ENABLED, the four others DISABLED', (_label, selfServicePermissions) => {
    expect(propertiesOf(newDirectory(newStack(), { selfServicePermissions })).SelfservicePermissions).toEqual({
      RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'DISABLED', ChangeComputeType: 'DISABLED', SwitchRunningMode: 'DISABLED', RebuildWorkspace: 'DISABLED',
    });
  });

  test('the four capabilities other than restart default to enableSelfService', () => {
    const properties = propertiesOf(newDsDirectory(newStack(), { enableSelfService: true, selfServicePermissions: { rebuildWorkspace: false } }));
    expect(properties.SelfservicePermissions).toEqual({
      RestartWorkspace: 'ENABLED', IncreaseVolumeSize: 'ENABLED', ChangeComputeType: 'ENABLED', SwitchRunningMode: 'ENABLED', RebuildWorkspace: 'DISABLED',
    });
  });

  test('restart can be turned off', () => {
    expect(propertiesOf(newDirectory(newStack(), { selfServicePermissions: { restartWorkspace: false } })).SelfservicePermissions)
      .toMatchObject({ RestartWorkspace: 'DISABLED' });
  });

  test('are left to the service by default', () => {
    const properties = propertiesOf(newDirectory(newStack()));
    expect(properties.EnableSelfService).toBeUndefined();
    expect(properties.SelfservicePermissions).toBeUndefined();
  });

  test.each([
    ['enableSelfService', { enableSelfService: false }, 'false'],
    ['selfServicePermissions', { selfServicePermissions: { restartWorkspace: true } }, '\\{"restartWorkspace":true\\}'],
  ])('fails when a pools directory sets %s', (prop, props, value) => {
    expect(() => newPoolsDirectory(newStack(), props))
      .toThrow(new RegExp(`\`${prop}\` applies to personal WorkSpaces only, not to a pools directory \\(DirectoryIdentity.customerManaged\\), got ${value}`));
  });
});

describe('streaming', () => {
  test('renders the preferred protocol alone', () => {
    expect(propertiesOf(newPoolsDirectory(newStack(), { streaming: { preferredProtocol: StreamingProtocol.TCP } })).StreamingProperties)
      .toEqual({ StreamingExperiencePreferredProtocol: 'TCP' });
  });

  test('renders user settings, with maximumLength only where given', () => {
    const streaming = {
      userSettings: [
        { action: StreamingAction.CLIPBOARD_COPY_TO_LOCAL_DEVICE, enabled: true, maximumLength: 1 },
        { action: StreamingAction.PRINTING_TO_LOCAL_DEVICE, enabled: false },
      ],
    };
    expect(propertiesOf(newPoolsDirectory(newStack(), { streaming })).StreamingProperties).toEqual({
      UserSettings: [
        { Action: 'CLIPBOARD_COPY_TO_LOCAL_DEVICE', Permission: 'ENABLED', MaximumLength: 1 },
        { Action: 'PRINTING_TO_LOCAL_DEVICE', Permission: 'DISABLED' },
      ],
    });
  });

  test.each([[true, 'ENABLED'], [false, 'DISABLED']])('renders homeFolder %s as the HOME_FOLDER storage connector %s', (homeFolder, status) => {
    expect(propertiesOf(newPoolsDirectory(newStack(), { streaming: { homeFolder } })).StreamingProperties)
      .toEqual({ StorageConnectors: [{ ConnectorType: 'HOME_FOLDER', Status: status }] });
  });

  test('is left to the service when absent or empty', () => {
    expect(propertiesOf(newPoolsDirectory(newStack())).StreamingProperties).toBeUndefined();
    expect(propertiesOf(newPoolsDirectory(newStack(), { streaming: {} })).StreamingProperties).toBeUndefined();
  });

  test('accepts a token maximumLength', () => {
    const stack = newStack();
    const maximumLength = new CfnParameter(stack, 'MaximumLength', { type: 'Number' }).valueAsNumber;
    const streaming = { userSettings: [{ action: StreamingAction.CLIPBOARD_COPY_FROM_LOCAL_DEVICE, enabled: true, maximumLength }] };
    expect(propertiesOf(newPoolsDirectory(stack, { streaming })).StreamingProperties.UserSettings[0].MaximumLength).toEqual({ Ref: 'MaximumLength' });
  });

  test.each([
    [StreamingAction.PRINTING_TO_LOCAL_DEVICE],
    [StreamingAction.SMART_CARD],
  ])('fails when maximumLength is set for %s', (action) => {
    expect(() => newPoolsDirectory(newStack(), { streaming: { userSettings: [{ action, enabled: true, maximumLength: 100 }] } }))
      .toThrow(new RegExp(`\`streaming.userSettings\\[\\].maximumLength\` applies to the clipboard actions only, got maximumLength 100 for ${action}`));
  });

  test.each([[0], [-1], [1.5]])('fails when maximumLength is %d', (maximumLength) => {
    const streaming = { userSettings: [{ action: StreamingAction.CLIPBOARD_COPY_TO_LOCAL_DEVICE, enabled: true, maximumLength }] };
    expect(() => newPoolsDirectory(newStack(), { streaming }))
      .toThrow(new RegExp(`\`streaming.userSettings\\[\\].maximumLength\` must be a whole number of 1 or more, got ${escape(String(maximumLength))}`));
  });
});

describe('IP access control groups', () => {
  test('ipAccessRules create a CfnWorkspaceIpGroup with the rules, associated by its GroupId', () => {
    const stack = newStack();
    const directory = newPoolsDirectory(stack, {
      ipAccessRules: [{ cidr: '203.0.113.0/24', description: 'Call centre' }, { cidr: '198.51.100.7/32' }],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WorkSpaces::WorkspaceIpGroup', 1);
    template.hasResourceProperties('AWS::WorkSpaces::WorkspaceIpGroup', {
      GroupName: Match.stringLikeRegexp('^TestDirectory'),
      GroupDesc: 'IP access rules of Test/Directory',
      UserRules: [{ IpRule: '203.0.113.0/24', RuleDesc: 'Call centre' }, { IpRule: '198.51.100.7/32' }],
    });
    const groupId = stack.getLogicalId(directory.ipGroup!);
    expect(propertiesOf(directory).IpGroupIds).toEqual([{ 'Fn::GetAtt': [groupId, 'GroupId'] }]);
  });

  test('ipGroupIds are associated, together with the group made from ipAccessRules', () => {
    const stack = newStack();
    const directory = newDsDirectory(stack, { ipGroupIds: ['wsipg-0123456789'], ipAccessRules: [{ cidr: '203.0.113.0/24' }] });
    expect(propertiesOf(directory).IpGroupIds).toEqual(['wsipg-0123456789', { 'Fn::GetAtt': [stack.getLogicalId(directory.ipGroup!), 'GroupId'] }]);
  });

  test.each([
    ['a prefix longer than 32', '203.0.113.0/33'],
    ['an octet over 255', '203.0.113.256/24'],
    ['an IPv6 range', '2001:db8::/32'],
    ['a name', 'office'],
  ])('fails when a rule\'s cidr is %s, naming the rule', (_case, cidr) => {
    expect(() => newPoolsDirectory(newStack(), { ipAccessRules: [{ cidr: '198.51.100.7' }, { cidr }] })).toThrow(
      `\`ipAccessRules[1].cidr\` must be an IPv4 address or CIDR range (e.g. 203.0.113.0/24), got '${cidr}'`,
    );
  });

  test('accepts 10 rules (the rules-per-group quota) and a token cidr', () => {
    const stack = newStack();
    const rules = Array.from({ length: 9 }, (_, i) => ({ cidr: `203.0.113.${i}/32` }));
    const cidr = new CfnParameter(stack, 'Cidr').valueAsString;
    newPoolsDirectory(stack, { ipAccessRules: [...rules, { cidr }] });
    Template.fromStack(stack).resourceCountIs('AWS::WorkSpaces::WorkspaceIpGroup', 1);
  });

  test('fails with 11 rules, saying what to do instead', () => {
    const rules = Array.from({ length: 11 }, (_, i) => ({ cidr: `203.0.113.${i}/32` }));
    expect(() => newPoolsDirectory(newStack(), { ipAccessRules: rules })).toThrow(
      /`ipAccessRules` may hold at most 10 rules .*got 11; put the others in IP access control groups of your own and pass their ids in `ipGroupIds`/,
    );
  });

  test('ipGroupIds alone create no group', () => {
    const stack = newStack();
    const directory = newPoolsDirectory(stack, { ipGroupIds: ['wsipg-0123456789', 'wsipg-abcdefghij'] });
    expect(propertiesOf(directory).IpGroupIds).toEqual(['wsipg-0123456789', 'wsipg-abcdefghij']);
    Template.fromStack(stack).resourceCountIs('AWS::WorkSpaces::WorkspaceIpGroup', 0);
    expect(directory.ipGroup).toBeUndefined();
  });

  test('none by default, nor for an empty list of rules', () => {
    const stack = newStack();
    const a = newPoolsDirectory(stack, {}, 'A');
    const b = newPoolsDirectory(stack, { ipAccessRules: [], ipGroupIds: [] }, 'B');
    Template.fromStack(stack).resourceCountIs('AWS::WorkSpaces::WorkspaceIpGroup', 0);
    expect(propertiesOf(a).IpGroupIds).toBeUndefined();
    expect(propertiesOf(b).IpGroupIds).toBeUndefined();
  });
});

describe('tags', () => {
  // Tags set on the directory reach the CfnDirectory (its own tag manager).
  test('tags.setTag renders Tags on a CfnDirectory', () => {
    const directory = newPoolsDirectory(newStack());
    directory.tags.setTag('team', 'desktops');
    expect(propertiesOf(directory).Tags).toEqual([{ Key: 'team', Value: 'desktops' }]);
  });

  test('Tags.of renders Tags on a Directory Service registration and on its IP group', () => {
    const stack = newStack();
    const directory = newDsDirectory(stack, { ipAccessRules: [{ cidr: '203.0.113.0/24' }] });
    Tags.of(directory).add('team', 'desktops');
    expect(propertiesOf(directory).Tags).toEqual([{ Key: 'team', Value: 'desktops' }]);
    Template.fromStack(stack).hasResourceProperties('AWS::WorkSpaces::WorkspaceIpGroup', { Tags: [{ Key: 'team', Value: 'desktops' }] });
  });

  test('are not rendered by default', () => {
    expect(propertiesOf(newPoolsDirectory(newStack())).Tags).toBeUndefined();
    expect(propertiesOf(newDsDirectory(newStack())).Tags).toBeUndefined();
  });

  // Tags.of reaches the CfnDirectory once, through its own tag manager.
  test('Tags.of(directory) renders Tags on a CfnDirectory', () => {
    const directory = newPoolsDirectory(newStack());
    Tags.of(directory).add('team', 'desktops');
    expect(propertiesOf(directory).Tags).toEqual([{ Key: 'team', Value: 'desktops' }]);
  });

  // Stack-wide tags reach the CfnDirectory too.
  test('Tags.of(stack) renders Tags on a CfnDirectory', () => {
    const stack = newStack();
    const directory = newDirectory(stack);
    Tags.of(stack).add('cost-centre', '4711');
    expect(propertiesOf(directory).Tags).toEqual([{ Key: 'cost-centre', Value: '4711' }]);
  });
});

describe('reserved tags', () => {
  test('fails when Tags.of adds a tag under the reserved prefix to a Directory Service registration', () => {
    const directory = newDsDirectory(newStack());
    Tags.of(directory).add('cdk-workspaces-constructs:operation', 'x');
    expect(() => Template.fromStack(Stack.of(directory))).toThrow(
      /Tag keys starting with 'cdk-workspaces-constructs:' are reserved .*got key 'cdk-workspaces-constructs:operation'/,
    );
  });
});

describe('createDefaultRole', () => {
  test('creates workspaces_DefaultRole, and the directory depends on it', () => {
    const stack = newStack();
    const directory = newPoolsDirectory(stack, { createDefaultRole: true });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'workspaces_DefaultRole',
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'workspaces.amazonaws.com' } }] },
      ManagedPolicyArns: [
        partitionArn(':iam::aws:policy/AmazonWorkSpacesServiceAccess'),
        partitionArn(':iam::aws:policy/AmazonWorkSpacesSelfServiceAccess'),
        partitionArn(':iam::aws:policy/AmazonWorkSpacesPoolServiceAccess'),
      ],
    });
    const roleId = stack.getLogicalId(directory.defaultRole!.role.node.defaultChild as iam.CfnRole);
    expect(WorkspacesDefaultRole.ROLE_NAME).toBe('workspaces_DefaultRole');
    expect(resourceOf(directory).DependsOn).toEqual([roleId]);
  });

  // AmazonWorkSpacesPoolServiceAccess serves pools only: a personal directory's role does without it.
  test.each([
    ['a Directory Service directory', (stack: Stack) => newDsDirectory(stack, { createDefaultRole: true })],
    ['an IAM Identity Center directory', (stack: Stack) => newDirectory(stack, { createDefaultRole: true })],
  ])('creates the role without AmazonWorkSpacesPoolServiceAccess for %s', (_case, make) => {
    const stack = newStack();
    make(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'workspaces_DefaultRole',
      ManagedPolicyArns: [
        partitionArn(':iam::aws:policy/AmazonWorkSpacesServiceAccess'),
        partitionArn(':iam::aws:policy/AmazonWorkSpacesSelfServiceAccess'),
      ],
    });
  });

  test('makes a Directory Service registration depend on the role', () => {
    const stack = newStack();
    const directory = newDsDirectory(stack, { createDefaultRole: true });
    const roleId = stack.getLogicalId(directory.defaultRole!.role.node.defaultChild as iam.CfnRole);
    expect(resourceOf(directory).DependsOn).toEqual([roleId]);
  });

  test('makes a Directory Service registration depend on both the role and the CfnMicrosoftAD', () => {
    const stack = newStack();
    const directory = new WorkspaceDirectory(stack, 'Directory', { identity: DirectoryIdentity.microsoftAd(newAd(stack)), createDefaultRole: true });
    const roleId = stack.getLogicalId(directory.defaultRole!.role.node.defaultChild as iam.CfnRole);
    expect([...resourceOf(directory).DependsOn].sort()).toEqual(['Ad', roleId].sort());
  });

  test('creates no role by default', () => {
    const stack = newStack();
    const directory = newPoolsDirectory(stack);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 0);
    expect(directory.defaultRole).toBeUndefined();
    expect(resourceOf(directory).DependsOn).toBeUndefined();
  });

  // Only one workspaces_DefaultRole can exist per account: a second one in the stack fails at synth.
  test('fails when two directories in a stack both create the default role', () => {
    const stack = newStack();
    newPoolsDirectory(stack, { createDefaultRole: true }, 'A');
    expect(() => newDirectory(stack, { createDefaultRole: true }, 'B')).toThrow(/^\[Test\/B\/DefaultRole\] Only one workspaces_DefaultRole can exist per account, and this stack already creates it at Test\/A\/DefaultRole; got a second one$/);
  });
});

describe('removalPolicy', () => {
  test('defaults to DESTROY on a CfnDirectory and a Directory Service registration', () => {
    expect(resourceOf(newPoolsDirectory(newStack()))).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(resourceOf(newDsDirectory(newStack()))).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('RETAIN keeps the registration', () => {
    expect(resourceOf(newPoolsDirectory(newStack(), { removalPolicy: RemovalPolicy.RETAIN }))).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(resourceOf(newDsDirectory(newStack(), { removalPolicy: RemovalPolicy.RETAIN }))).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  // Neither AWS::WorkSpaces::Directory nor a custom resource supports DeletionPolicy Snapshot.
  test('fails when removalPolicy is SNAPSHOT', () => {
    expect(() => newPoolsDirectory(newStack(), { removalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(/`removalPolicy` must be DESTROY or RETAIN \(a directory registration has no snapshot\), got snapshot/);
  });
});

describe('timeout', () => {
  test('defaults to 3300 seconds (55 minutes) on a Directory Service registration', () => {
    expect(propertiesOf(newDsDirectory(newStack())).TimeoutSeconds).toBe(3300);
  });

  test('is the given timeout in seconds', () => {
    expect(propertiesOf(newDsDirectory(newStack(), { timeout: Duration.minutes(20) })).TimeoutSeconds).toBe(1200);
  });

  test.each([[60], [3570]])('accepts %d seconds', (seconds) => {
    expect(propertiesOf(newDsDirectory(newStack(), { timeout: Duration.seconds(seconds) })).TimeoutSeconds).toBe(seconds);
  });

  test('accepts a token', () => {
    const stack = newStack();
    const seconds = new CfnParameter(stack, 'Timeout', { type: 'Number' }).valueAsNumber;
    expect(propertiesOf(newDsDirectory(stack, { timeout: Duration.seconds(seconds) })).TimeoutSeconds).toEqual({ Ref: 'Timeout' });
  });

  test.each([
    [Duration.seconds(59), '59'],
    [Duration.seconds(3571), '3571'],
    [Duration.millis(90500), '90\\.5'],
  ])('fails when timeout is %s', (timeout, got) => {
    expect(() => newDsDirectory(newStack(), { timeout })).toThrow(new RegExp(
      `\`timeout\` must be a whole number of seconds between 60 and 3570 \\(the provider's total timeout of 3600 s minus one query interval of 30 s\\), got ${got} `,
    ));
  });

  test('fails when timeout is set on a directory CloudFormation registers', () => {
    expect(() => newPoolsDirectory(newStack(), { timeout: Duration.minutes(10) }))
      .toThrow(/`timeout` applies to registering a Directory Service directory .*got timeout 10 minutes/);
  });

  // The provider's context timings bound the registration's timeout, as they bound a pool's.
  test('default and maximum follow the provider context keys', () => {
    const context = { [QUERY_INTERVAL_CONTEXT]: 60, [TOTAL_TIMEOUT_CONTEXT]: 1800 };
    expect(propertiesOf(newDsDirectory(newStack(context))).TimeoutSeconds).toBeLessThanOrEqual(1740);
    expect(() => newDsDirectory(newStack(context), { timeout: Duration.seconds(3000) })).toThrow(/`timeout`.*1740.*got 3000/);
  });
});

describe('DirectoryIdentity.directoryService validation', () => {
  test.each([['wsd-0123456789'], ['d-xyz0123456'], ['d-0123']])('fails when the id is %s', (directoryId) => {
    expect(() => newDsDirectory(newStack(), {}, 'Directory', directoryId))
      .toThrow(new RegExp(`\`DirectoryIdentity.directoryService\` needs a Directory Service directory id \\(d-…, .*got '${directoryId}'`));
  });

  test('accepts a token id', () => {
    const stack = newStack();
    const directoryId = new CfnParameter(stack, 'DirectoryId').valueAsString;
    expect(propertiesOf(newDsDirectory(stack, {}, 'Directory', directoryId)).DirectoryId).toEqual({ Ref: 'DirectoryId' });
  });

  // Every prop is validated before anything, the shared provider included, is created.
  test('creates nothing when a prop is invalid', () => {
    const stack = newStack();
    expect(() => newDsDirectory(stack, { timeout: Duration.seconds(10), createDefaultRole: true, ipAccessRules: [{ cidr: '203.0.113.0/24' }] })).toThrow(/timeout/);
    expect(stack.node.tryFindChild('CdkWorkspacesConstructsProvider')).toBeUndefined();
    expect(stack.node.findAll().filter(c => c.node.id === 'DefaultRole' || c.node.id === 'IpGroup')).toEqual([]);
  });
});

describe('attributes', () => {
  test('of a CfnDirectory: its DirectoryId, RegistrationCode and WorkspaceSecurityGroupId attributes', () => {
    const stack = newStack();
    const directory = newPoolsDirectory(stack);
    const id = stack.getLogicalId(directory.node.defaultChild as CfnElement);
    expect(stack.resolve(directory.directoryId)).toEqual({ 'Fn::GetAtt': [id, 'DirectoryId'] });
    expect(stack.resolve(directory.directoryArn)).toEqual(partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/`, { 'Fn::GetAtt': [id, 'DirectoryId'] }));
    expect(stack.resolve(directory.registrationCode)).toEqual({ 'Fn::GetAtt': [id, 'RegistrationCode'] });
    expect(stack.resolve(directory.workspaceSecurityGroup.securityGroupId)).toEqual({ 'Fn::GetAtt': [id, 'WorkspaceSecurityGroupId'] });
  });

  test('of a Directory Service registration: its Ref and its RegistrationCode and WorkspaceSecurityGroupId attributes', () => {
    const stack = newStack();
    const directory = newDsDirectory(stack);
    const id = logicalIdOf(stack, directory.directoryId);
    expect(Template.fromStack(stack).toJSON().Resources[id].Type).toBe(DIRECTORY_REGISTRATION_RESOURCE_TYPE);
    expect(stack.resolve(directory.directoryId)).toEqual({ Ref: id });
    expect(stack.resolve(directory.directoryArn)).toEqual(partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/`, { Ref: id }));
    expect(stack.resolve(directory.registrationCode)).toEqual({ 'Fn::GetAtt': [id, 'RegistrationCode'] });
    expect(stack.resolve(directory.workspaceSecurityGroup.securityGroupId)).toEqual({ 'Fn::GetAtt': [id, 'WorkspaceSecurityGroupId'] });
  });

  test('directoryRef (IDirectoryRef) has the directory ARN', () => {
    const stack = newStack();
    const directory = newPoolsDirectory(stack);
    const ref: workspacesRefs.IDirectoryRef = directory;
    expect(stack.resolve(ref.directoryRef)).toEqual({ directoryArn: stack.resolve(directory.directoryArn) });
  });
});

describe('imports', () => {
  test('fromDirectoryId builds the ARN in the stack\'s account and Region', () => {
    const stack = newStack();
    const directory = WorkspaceDirectory.fromDirectoryId(stack, 'Imported', POOLS_DIRECTORY_ID);
    expect(directory.directoryId).toBe(POOLS_DIRECTORY_ID);
    expect(stack.resolve(directory.directoryArn)).toEqual(partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/${POOLS_DIRECTORY_ID}`));
    expect(stack.resolve(directory.directoryRef)).toEqual({ directoryArn: stack.resolve(directory.directoryArn) });
  });

  test('fromDirectoryAttributes takes a Directory Service id', () => {
    const stack = newStack();
    const directory = WorkspaceDirectory.fromDirectoryAttributes(stack, 'Imported', { directoryId: DS_DIRECTORY_ID });
    expect(directory.directoryId).toBe(DS_DIRECTORY_ID);
    expect(stack.resolve(directory.directoryArn)).toEqual(partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/${DS_DIRECTORY_ID}`));
  });

  test('accepts a token id', () => {
    const stack = newStack();
    const id = new CfnParameter(stack, 'DirectoryId').valueAsString;
    expect(stack.resolve(WorkspaceDirectory.fromDirectoryAttributes(stack, 'Imported', { directoryId: id }).directoryId)).toEqual({ Ref: 'DirectoryId' });
  });

  test.each([['wsd-0123'], ['wsd-ABCDEFGHIJ'], ['d-xyz0123456'], ['directory-0123456789']])('fails when fromDirectoryAttributes gets %s', (directoryId) => {
    expect(() => WorkspaceDirectory.fromDirectoryAttributes(newStack(), 'Imported', { directoryId }))
      .toThrow(new RegExp(`\`directoryId\` must match .*\\(wsd-… for a pools directory, d-… for a Directory Service directory\\), got '${directoryId}'`));
  });
});

describe('grants', () => {
  function newGrantee(stack: Stack): iam.Role {
    return new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
  }

  function granteeStatements(stack: Stack, grantee: iam.Role): any[] {
    return statementsOfRole(Template.fromStack(stack), stack.getLogicalId(grantee.node.defaultChild as iam.CfnRole));
  }

  test('DIRECTORY_MODIFY_ACTIONS are the Modify* actions and the IP group (dis)association', () => {
    expect(DIRECTORY_MODIFY_ACTIONS).toEqual([
      'workspaces:ModifyWorkspaceCreationProperties',
      'workspaces:ModifyWorkspaceAccessProperties',
      'workspaces:ModifySelfservicePermissions',
      'workspaces:ModifySamlProperties',
      'workspaces:ModifyCertificateBasedAuthProperties',
      'workspaces:ModifyStreamingProperties',
      'workspaces:ModifyEndpointEncryptionMode',
      'workspaces:AssociateIpGroups',
      'workspaces:DisassociateIpGroups',
    ]);
  });

  test('grantModify gives the Modify* actions on a created directory\'s ARN', () => {
    const stack = newStack();
    const directory = newPoolsDirectory(stack);
    const grantee = newGrantee(stack);
    expect(directory.grantModify(grantee).success).toBe(true);
    expect(granteeStatements(stack, grantee)).toEqual([{ Action: DIRECTORY_MODIFY_ACTIONS, Effect: 'Allow', Resource: stack.resolve(directory.directoryArn) }, {
      Action: ['workspaces:AssociateIpGroups', 'workspaces:DisassociateIpGroups'], Effect: 'Allow', Resource: partitionArn(`:workspaces:${REGION}:${ACCOUNT}:workspaceipgroup/*`),
    }]);
  });

  test('grantModify gives the Modify* actions on a registered Directory Service directory\'s ARN', () => {
    const stack = newStack();
    const directory = newDsDirectory(stack);
    const grantee = newGrantee(stack);
    directory.grantModify(grantee);
    const id = logicalIdOf(stack, directory.directoryId);
    expect(granteeStatements(stack, grantee)).toEqual([{
      Action: DIRECTORY_MODIFY_ACTIONS, Effect: 'Allow', Resource: partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/`, { Ref: id }),
    }, {
      Action: ['workspaces:AssociateIpGroups', 'workspaces:DisassociateIpGroups'], Effect: 'Allow', Resource: partitionArn(`:workspaces:${REGION}:${ACCOUNT}:workspaceipgroup/*`),
    }]);
  });

  test('grantModify gives the Modify* actions on an imported directory\'s ARN', () => {
    const stack = newStack();
    const grantee = newGrantee(stack);
    WorkspaceDirectory.fromDirectoryId(stack, 'Imported', DS_DIRECTORY_ID).grantModify(grantee);
    expect(granteeStatements(stack, grantee)).toEqual([{
      Action: DIRECTORY_MODIFY_ACTIONS, Effect: 'Allow', Resource: partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/${DS_DIRECTORY_ID}`),
    }, {
      Action: ['workspaces:AssociateIpGroups', 'workspaces:DisassociateIpGroups'], Effect: 'Allow', Resource: partitionArn(`:workspaces:${REGION}:${ACCOUNT}:workspaceipgroup/*`),
    }]);
  });

  test('grantRead gives DescribeWorkspaceDirectories on * (authorized on * only), for created and imported directories', () => {
    const stack = newStack();
    const grantee = newGrantee(stack);
    expect(newPoolsDirectory(stack).grantRead(grantee).success).toBe(true);
    WorkspaceDirectory.fromDirectoryId(stack, 'Imported', POOLS_DIRECTORY_ID).grantRead(grantee);
    expect(granteeStatements(stack, grantee)).toEqual([{ Action: 'workspaces:DescribeWorkspaceDirectories', Effect: 'Allow', Resource: '*' }]);
  });
});

describe('the provider role of a Directory Service registration', () => {
  test('may register, deregister and modify that directory only', () => {
    const statements = handlerStatements(Stack.of(newDsDirectory(newStack())));
    expect(statementsWithAction(statements, 'workspaces:RegisterWorkspaceDirectory')).toEqual([{
      Action: [
        'workspaces:RegisterWorkspaceDirectory',
        'workspaces:DeregisterWorkspaceDirectory',
        ...DIRECTORY_MODIFY_ACTIONS,
      ],
      Effect: 'Allow',
      Resource: partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/${DS_DIRECTORY_ID}`),
    }]);
  });

  test('may authorize and unauthorize WorkSpaces as an application of that Directory Service directory', () => {
    const statements = handlerStatements(Stack.of(newDsDirectory(newStack())));
    expect(statementsWithAction(statements, 'ds:AuthorizeApplication')).toEqual([{
      Action: ['ds:AuthorizeApplication', 'ds:UnauthorizeApplication'],
      Effect: 'Allow',
      Resource: partitionArn(`:ds:${REGION}:${ACCOUNT}:directory/${DS_DIRECTORY_ID}`),
    }]);
  });

  test('names a CfnMicrosoftAD by its Ref', () => {
    const stack = newStack();
    new WorkspaceDirectory(stack, 'Directory', { identity: DirectoryIdentity.microsoftAd(newAd(stack)) });
    const statements = handlerStatements(stack);
    expect(statementsWithAction(statements, 'workspaces:RegisterWorkspaceDirectory')[0].Resource)
      .toEqual(partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/`, { Ref: 'Ad' }));
    expect(statementsWithAction(statements, 'ds:AuthorizeApplication')[0].Resource).toEqual(partitionArn(`:ds:${REGION}:${ACCOUNT}:directory/`, { Ref: 'Ad' }));
  });

  test('gets the actions authorized on * alone in one statement, once for two directories', () => {
    const stack = newStack();
    newDsDirectory(stack, {}, 'A', 'd-1234567890');
    newDsDirectory(stack, {}, 'B', 'd-abcdef0123');
    const statements = handlerStatements(stack);
    const wildcard = statements.filter(s => s.Resource === '*');
    expect(wildcard).toHaveLength(1);
    expect(wildcard[0].Action).toEqual(expect.arrayContaining([
      'workspaces:DescribeWorkspaceDirectories', 'workspaces:CreateTags', 'ds:DescribeDirectories', 'ec2:DescribeSubnets',
    ]));
    expect(statementsWithAction(statements, 'workspaces:RegisterWorkspaceDirectory').map(s => s.Resource)).toEqual([
      partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/d-1234567890`),
      partitionArn(`:workspaces:${REGION}:${ACCOUNT}:directory/d-abcdef0123`),
    ]);
    expect(statementsWithAction(statements, 'ds:AuthorizeApplication')).toHaveLength(2);
  });

  // Registration needs no EC2 write from the caller (AWS's AmazonWorkSpacesAdmin managed policy grants none).
  test('may not create or open security groups or tag EC2 resources', () => {
    const statements = handlerStatements(Stack.of(newDsDirectory(newStack())));
    const actions = statements.flatMap(s => [].concat(s.Action as never));
    expect(actions.filter((a: string) => a.startsWith('ec2:') && !a.startsWith('ec2:Describe'))).toEqual([]);
  });

  test('may pass the instance role to WorkSpaces only', () => {
    const stack = newStack();
    newDsDirectory(stack, { workspaceCreation: { instanceRole: iam.Role.fromRoleArn(stack, 'InstanceRole', INSTANCE_ROLE_ARN) } });
    const statements = handlerStatements(stack);
    expect(statementsWithAction(statements, 'iam:PassRole')).toEqual([{
      Action: 'iam:PassRole',
      Condition: { StringEquals: { 'iam:PassedToService': 'workspaces.amazonaws.com' } },
      Effect: 'Allow',
      Resource: INSTANCE_ROLE_ARN,
    }]);
  });

  test('may pass no role without an instance role', () => {
    expect(statementsWithAction(handlerStatements(Stack.of(newDsDirectory(newStack()))), 'iam:PassRole')).toEqual([]);
  });

  // AssociateIpGroups / DisassociateIpGroups authorize on the directory AND the IP group (Service Authorization Reference).
  test('may associate the directory\'s IP access control groups (AssociateIpGroups needs the workspaceipgroup ARN too)', () => {
    const statements = handlerStatements(Stack.of(newDsDirectory(newStack(), { ipGroupIds: ['wsipg-0123456789'] })));
    const resources = statementsWithAction(statements, 'workspaces:AssociateIpGroups').flatMap(s => [].concat(s.Resource));
    expect(JSON.stringify(resources)).toMatch(/workspaceipgroup\//);
  });

  test('is the one provider of the stack, shared with pools', () => {
    const stack = newStack();
    newDsDirectory(stack);
    new WorkspacesPool(stack, 'Pool', { directory: WorkspaceDirectory.fromDirectoryId(stack, 'Pools', POOLS_DIRECTORY_ID), bundleId: BUNDLE_ID, desiredUserSessions: 1 });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 5);
    const serviceTokens = ['Custom::WorkspaceDirectoryRegistration', 'Custom::WorkspacesPool']
      .map(type => Object.values<any>(template.findResources(type))[0].Properties.ServiceToken);
    expect(serviceTokens[0]).toEqual(serviceTokens[1]);
  });
});

describe('a WorkspacesPool on a pools directory in the same stack', () => {
  test('takes the directory\'s DirectoryId attribute and depends on the directory', () => {
    const stack = newStack();
    const directory = newPoolsDirectory(stack);
    new WorkspacesPool(stack, 'Pool', { directory, bundleId: BUNDLE_ID, desiredUserSessions: 2 });
    const directoryId = stack.getLogicalId(directory.node.defaultChild as CfnElement);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::WorkspacesPool', { DirectoryId: { 'Fn::GetAtt': [directoryId, 'DirectoryId'] } });
    template.hasResource('Custom::WorkspacesPool', { DependsOn: Match.arrayWith([directoryId]) });
  });
});

describe("aws-cdk-lib's template validation", () => {
  /** The findings of the CloudFormation Validate plugin at synth, as the CLI reports them (validation-report.json). */
  function findings(stack: Stack): Array<{ rule: string; description: string; paths: string[] }> {
    const assembly = (stack.node.root as App).synth();
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    return report.pluginReports.flatMap((plugin: any) => plugin.violations.map((v: any) => ({
      rule: v.ruleName,
      description: v.description,
      paths: v.violatingConstructs.map((c: any) => c.constructPath),
    })));
  }

  /** A stack without the F3006 acknowledgement of `newStack`: what a user's app has. */
  function userStack(): Stack {
    return new Stack(new App(), 'User', { env: { account: ACCOUNT, region: REGION } });
  }

  test('reports no unknown resource type (F3006) for a pools directory', () => {
    const stack = userStack();
    newPoolsDirectory(stack);
    expect(findings(stack).filter(f => f.rule === 'F3006')).toEqual([]);
  });

  test('reports no unknown resource type (F3006) for a personal directory', () => {
    const stack = userStack();
    newDirectory(stack);
    expect(findings(stack).filter(f => f.rule === 'F3006')).toEqual([]);
  });

  test('still reports F3006 for other resources of the app', () => {
    const stack = userStack();
    newPoolsDirectory(stack);
    new CfnResource(stack, 'Unknown', { type: 'AWS::Example::Unknown' });
    expect(findings(stack).filter(f => f.rule === 'F3006')).toEqual([
      { rule: 'F3006', description: "Unknown resource type 'AWS::Example::Unknown'", paths: ['User/Unknown'] },
    ]);
  });

  test('records the acknowledgement and its reason on the directory resource', () => {
    const stack = userStack();
    const directory = newPoolsDirectory(stack);
    const entries = directory.node.defaultChild!.node.metadata.filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(entries.map(m => m.data)).toEqual([
      { 'CloudFormation-Validate::F3006': expect.stringMatching(/AWS::WorkSpaces::Directory/) },
    ]);
  });
});
