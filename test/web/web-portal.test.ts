import { App, CfnParameter, Annotations as CoreAnnotations, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AuthenticationType,
  BrowserSettings,
  IdentityProvider,
  IpAccessSettings,
  NetworkSettings,
  PortalInstanceType,
  SessionLogger,
  UserAccessLoggingSettings,
  UserSettings,
  WebPortal,
} from '../../lib';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const PORTAL_ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:portal/0123abcd-4567-89ef-0123-456789abcdef`;

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function portalProperties(stack: Stack): Record<string, any> {
  const portals = Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::Portal');
  const values = Object.values(portals);
  expect(values).toHaveLength(1);
  return (values[0] as any).Properties ?? {};
}

describe('WebPortal', () => {
  test('renders a STANDARD portal by default, with only the properties given', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal');
    // The one tag is the library's own, naming the stack (the condition of the provider role's session statement).
    expect(portalProperties(stack)).toEqual({ AuthenticationType: 'Standard', Tags: [{ Key: 'cdk-workspaces-constructs:stack-id', Value: { Ref: 'AWS::StackId' } }] });
    Template.fromStack(stack).hasResource('AWS::WorkSpacesWeb::Portal', { DeletionPolicy: 'Delete' });
  });

  test('renders display name, instance type, sessions, authentication type and custom domain', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', {
      displayName: 'Contractors',
      instanceType: PortalInstanceType.STANDARD_LARGE,
      maxConcurrentSessions: 50,
      authenticationType: AuthenticationType.IAM_IDENTITY_CENTER,
      customDomain: 'browser.example.com',
    });
    expect(portalProperties(stack)).toMatchObject({
      DisplayName: 'Contractors',
      InstanceType: 'standard.large',
      MaxConcurrentSessions: 50,
      AuthenticationType: 'IAM_Identity_Center',
      PortalCustomDomain: 'browser.example.com',
    });
  });

  test('keeps the portal with RETAIN', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', { removalPolicy: RemovalPolicy.RETAIN });
    Template.fromStack(stack).hasResource('AWS::WorkSpacesWeb::Portal', { DeletionPolicy: 'Retain' });
  });

  test('wires every settings type by ARN', () => {
    const stack = newStack();
    const browser = new BrowserSettings(stack, 'Browser', {});
    const user = new UserSettings(stack, 'User', {
      copy: true, paste: true, download: false, upload: false, print: false,
    });
    const ip = new IpAccessSettings(stack, 'Ip', { rules: [{ cidr: '203.0.113.0/24' }] });
    new WebPortal(stack, 'Portal', { browserSettings: browser, userSettings: user, ipAccessSettings: ip });
    const properties = portalProperties(stack);
    expect(properties.BrowserSettingsArn).toEqual(stack.resolve(browser.browserSettingsArn));
    expect(properties.UserSettingsArn).toEqual(stack.resolve(user.userSettingsArn));
    expect(properties.IpAccessSettingsArn).toEqual(stack.resolve(ip.ipAccessSettingsArn));
  });

  test('creates network settings from `network`', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const portal = new WebPortal(stack, 'Portal', { network: { vpc } });
    Template.fromStack(stack).resourceCountIs('AWS::WorkSpacesWeb::NetworkSettings', 1);
    expect(portal.networkSettings).toBeDefined();
    expect(portalProperties(stack).NetworkSettingsArn).toEqual(stack.resolve(portal.networkSettings!.networkSettingsArn));
  });

  test('takes shared network settings', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const shared = new NetworkSettings(stack, 'Shared', { vpc });
    new WebPortal(stack, 'A', { networkSettings: shared });
    new WebPortal(stack, 'B', { networkSettings: shared });
    Template.fromStack(stack).resourceCountIs('AWS::WorkSpacesWeb::NetworkSettings', 1);
  });

  test('creates user access logging and session logger settings from their options', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', {
      userAccessLogging: { stream: new kinesis.Stream(stack, 'Stream', { streamName: 'amazon-workspaces-web-test' }) },
      sessionLogger: { bucket: new s3.Bucket(stack, 'Bucket') },
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WorkSpacesWeb::UserAccessLoggingSettings', 1);
    template.resourceCountIs('AWS::WorkSpacesWeb::SessionLogger', 1);
    const properties = portalProperties(stack);
    expect(properties.UserAccessLoggingSettingsArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PortalUserAccessLogging/), 'UserAccessLoggingSettingsArn'] });
    expect(properties.SessionLoggerArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PortalSessionLogger/), 'SessionLoggerArn'] });
  });

  test('encrypts with a customer managed key and its encryption context', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    new WebPortal(stack, 'Portal', { encryptionKey: key, additionalEncryptionContext: { team: 'contractors' } });
    expect(portalProperties(stack)).toMatchObject({
      CustomerManagedKey: stack.resolve(key.keyArn),
      AdditionalEncryptionContext: { team: 'contractors' },
    });
  });

  test('exposes the ARN, the id from the ARN, the endpoint, the SAML metadata, the status and its reason, the renderer, the browser and the creation date', () => {
    const stack = newStack();
    const portal = new WebPortal(stack, 'Portal');
    const logicalId = stack.getLogicalId(portal.node.defaultChild as any);
    expect(stack.resolve(portal.portalArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'PortalArn'] });
    expect(stack.resolve(portal.portalId)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': [logicalId, 'PortalArn'] }] }] });
    expect(stack.resolve(portal.portalEndpoint)).toEqual({ 'Fn::GetAtt': [logicalId, 'PortalEndpoint'] });
    expect(stack.resolve(portal.serviceProviderSamlMetadata)).toEqual({ 'Fn::GetAtt': [logicalId, 'ServiceProviderSamlMetadata'] });
    expect(stack.resolve(portal.portalStatus)).toEqual({ 'Fn::GetAtt': [logicalId, 'PortalStatus'] });
    expect(stack.resolve(portal.statusReason)).toEqual({ 'Fn::GetAtt': [logicalId, 'StatusReason'] });
    expect(stack.resolve(portal.rendererType)).toEqual({ 'Fn::GetAtt': [logicalId, 'RendererType'] });
    expect(stack.resolve(portal.browserType)).toEqual({ 'Fn::GetAtt': [logicalId, 'BrowserType'] });
    expect(stack.resolve(portal.creationDate)).toEqual({ 'Fn::GetAtt': [logicalId, 'CreationDate'] });
    expect(stack.resolve(portal.portalRef)).toEqual({ portalArn: { 'Fn::GetAtt': [logicalId, 'PortalArn'] } });
  });

  test('outputs the service provider SAML metadata for a STANDARD portal, not for IAM Identity Center or when turned off', () => {
    const standard = newStack();
    new WebPortal(standard, 'Portal');
    expect(Object.keys(Template.fromStack(standard).findOutputs('*'))).toHaveLength(1);

    const idc = newStack();
    new WebPortal(idc, 'Portal', { authenticationType: AuthenticationType.IAM_IDENTITY_CENTER });
    expect(Object.keys(Template.fromStack(idc).findOutputs('*'))).toHaveLength(0);

    const off = newStack();
    new WebPortal(off, 'Portal', { serviceProviderMetadataOutput: false });
    expect(Object.keys(Template.fromStack(off).findOutputs('*'))).toHaveLength(0);
  });

  test('adds identity providers to the portal', () => {
    const stack = newStack();
    const portal = new WebPortal(stack, 'Portal');
    portal.addIdentityProvider('Okta', IdentityProvider.saml({ metadataUrl: 'https://example.okta.com/app/exk0123456789/sso/saml/metadata' }));
    Template.fromStack(stack).hasResourceProperties('AWS::WorkSpacesWeb::IdentityProvider', {
      IdentityProviderName: 'Okta',
      IdentityProviderType: 'SAML',
      PortalArn: stack.resolve(portal.portalArn),
    });
  });

  test('warns on each portal that Secure Browser is closed to new customers since 2026-10-29, citing AWS\'s page', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', { authenticationType: AuthenticationType.IAM_IDENTITY_CENTER });
    expect(WebPortal.CLOSED_TO_NEW_CUSTOMERS_WARNING).toBe('cdk-workspaces-constructs:secureBrowserClosedToNewCustomers');
    const warnings = Annotations.fromStack(stack).findWarning('/Test/Portal', Match.stringLikeRegexp(WebPortal.CLOSED_TO_NEW_CUSTOMERS_WARNING));
    expect(warnings).toHaveLength(1);
    const text = String(warnings[0].entry.data);
    expect(text).toContain('in maintenance mode, closed to new customers, since 2026-10-29');
    expect(text).toContain('accounts that already use it continue as normal');
    expect(text).toContain('Amazon WorkSpaces Applications with a self-managed Chrome image on an Elastic fleet, or to a third-party enterprise browser');
    // The way out, in this library.
    expect(text).toContain('an ApplicationsFleet with fleetType ELASTIC and the browser added with addApplication');
    expect(text).toContain('https://docs.aws.amazon.com/workspaces-web/latest/adminguide/workspaces-secure-browser-maintenance-mode.html');
  });

  test('the closed-to-new-customers warning is gone once acknowledged, and not given for an imported portal', () => {
    const stack = newStack();
    const portal = new WebPortal(stack, 'Portal');
    CoreAnnotations.of(portal).acknowledgeWarning(WebPortal.CLOSED_TO_NEW_CUSTOMERS_WARNING, 'An existing Secure Browser customer');
    WebPortal.fromPortalArn(stack, 'Imported', PORTAL_ARN);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('closed to new customers'))).toEqual([]);
  });

  test('warns when a STANDARD portal has no identity provider, and not once it has one', () => {
    const without = newStack();
    new WebPortal(without, 'Portal');
    Annotations.fromStack(without).hasWarning('/Test/Portal', Match.stringLikeRegexp('has no identity provider: it stays Incomplete'));

    const withIdp = newStack();
    new WebPortal(withIdp, 'Portal').addIdentityProvider('Okta', IdentityProvider.saml({ metadataUrl: 'https://example.okta.com/metadata' }));
    expect(Annotations.fromStack(withIdp).findWarning('*', Match.stringLikeRegexp(WebPortal.WITHOUT_IDENTITY_PROVIDER_WARNING))).toEqual([]);
    expect(Annotations.fromStack(withIdp).findWarning('*', Match.stringLikeRegexp('has no identity provider'))).toEqual([]);
  });

  test('fails when an identity provider is added to an IAM Identity Center portal', () => {
    const portal = new WebPortal(newStack(), 'Portal', { authenticationType: AuthenticationType.IAM_IDENTITY_CENTER });
    expect(() => portal.addIdentityProvider('Okta', IdentityProvider.saml({ metadataUrl: 'https://example.okta.com/metadata' })))
      .toThrow(/^\[Test\/Portal\] An identity provider cannot be added to this portal: its `authenticationType` is IAM_IDENTITY_CENTER.*got addIdentityProvider\('Okta'\)$/);
  });

  test.each([[''], ['x'.repeat(65)]])('fails when displayName is %j', (displayName) => {
    expect(() => new WebPortal(newStack(), 'Portal', { displayName })).toThrow(new RegExp(`\`displayName\` must be 1-64 characters, got ${displayName.length} characters`));
  });

  test.each([[0], [5001], [2.5]])('fails when maxConcurrentSessions is %d', (maxConcurrentSessions) => {
    expect(() => new WebPortal(newStack(), 'Portal', { maxConcurrentSessions }))
      .toThrow(new RegExp(`\`maxConcurrentSessions\` must be a whole number between 1 and 5000, got ${maxConcurrentSessions}`));
  });

  test('accepts token values', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', {
      displayName: new CfnParameter(stack, 'Name').valueAsString,
      maxConcurrentSessions: new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber,
    });
    expect(portalProperties(stack)).toMatchObject({ DisplayName: { Ref: 'Name' }, MaxConcurrentSessions: { Ref: 'Max' } });
  });

  test('fails when the same settings are given inline and shared', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(() => new WebPortal(stack, 'Portal', { network: { vpc }, networkSettings: new NetworkSettings(stack, 'Shared', { vpc }) }))
      .toThrow(/`network` and `networkSettings` are two ways to give the same settings: give one, got both/);
  });

  // A construct has the shape of these props, so TypeScript accepts one: without the check, a second resource would be made from it.
  test('fails when a SessionLogger is given as `sessionLogger`, naming `sessionLoggerSettings`', () => {
    const stack = newStack();
    const logger = new SessionLogger(stack, 'Logger', { bucket: new s3.Bucket(stack, 'Logs') });
    expect(() => new WebPortal(stack, 'Portal', { sessionLogger: logger }))
      .toThrow(/^\[Test\/Portal\] `sessionLogger` takes the properties of settings to create for the portal; to use existing settings, pass them as `sessionLoggerSettings`, got the construct Test\/Logger$/);
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::SessionLogger'))).toEqual([stack.getLogicalId(logger.node.defaultChild as any)]);
  });

  test('fails when UserAccessLoggingSettings are given as `userAccessLogging`, naming `userAccessLoggingSettings`', () => {
    const stack = newStack();
    const stream = new kinesis.Stream(stack, 'Stream', { streamName: 'amazon-workspaces-web-audit' });
    const logging = new UserAccessLoggingSettings(stack, 'Logging', { stream });
    expect(() => new WebPortal(stack, 'Portal', { userAccessLogging: logging }))
      .toThrow(/^\[Test\/Portal\] `userAccessLogging` takes .*pass them as `userAccessLoggingSettings`, got the construct Test\/Logging$/);
  });

  test('fails when NetworkSettings are given as `network` (from JavaScript or another jsii language), naming `networkSettings`', () => {
    const stack = newStack();
    const network = new NetworkSettings(stack, 'Network', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    expect(() => new WebPortal(stack, 'Portal', { network: network as any }))
      .toThrow(/^\[Test\/Portal\] `network` takes .*pass them as `networkSettings`, got the construct Test\/Network$/);
  });

  test('the same constructs are taken as the shared settings', () => {
    const stack = newStack();
    const logger = new SessionLogger(stack, 'Logger', { bucket: new s3.Bucket(stack, 'Logs') });
    new WebPortal(stack, 'Portal', { sessionLoggerSettings: logger });
    expect(portalProperties(stack).SessionLoggerArn).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(logger.node.defaultChild as any), 'SessionLoggerArn'] });
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::SessionLogger'))).toHaveLength(1);
  });

  test('fails when customDomain is longer than 128 characters', () => {
    expect(() => new WebPortal(newStack(), 'Portal', { customDomain: `${'a'.repeat(125)}.com` })).toThrow(/`customDomain` must be at most 128 characters, got 129/);
  });

  test('grantManageSessions gives GetSession, ListSessions and ExpireSession on the portal only', () => {
    const stack = newStack();
    const portal = new WebPortal(stack, 'Portal');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    portal.grantManageSessions(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: ['workspaces-web:GetSession', 'workspaces-web:ListSessions', 'workspaces-web:ExpireSession'],
          Effect: 'Allow',
          Resource: stack.resolve(portal.portalArn),
        }],
      },
    });
  });

  test('fromPortalArn reads the id and the environment from the ARN, and grants on it', () => {
    const stack = newStack();
    const portal = WebPortal.fromPortalArn(stack, 'Imported', PORTAL_ARN);
    expect(portal.portalId).toBe('0123abcd-4567-89ef-0123-456789abcdef');
    expect(portal.env).toEqual({ account: ACCOUNT, region: REGION });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    portal.grantManageSessions(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: PORTAL_ARN })] },
    });
  });

  test('fails when fromPortalArn gets an ARN of something else', () => {
    expect(() => WebPortal.fromPortalArn(newStack(), 'Imported', `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:browserSettings/0123abcd-4567-89ef-0123-456789abcdef`))
      .toThrow(/`portalArn` must be a WorkSpaces Secure Browser portal ARN .*got 'arn:aws:workspaces-web:eu-west-1:111122223333:browserSettings/);
  });
});
