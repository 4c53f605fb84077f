import * as path from 'path';
import { Annotations as CoreAnnotations, App, CfnDeletionPolicy, CfnResource, Duration, RemovalPolicies, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as workspacesweb from 'aws-cdk-lib/aws-workspacesweb';
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
  TrustStore,
  TrustStoreCertificate,
  ToolbarType,
  UserSettings,
  UserSettingsProps,
  VisualMode,
  WebPortal,
  WebPortalProps,
} from '../../lib';
import { QUERY_INTERVAL_CONTEXT, TOTAL_TIMEOUT_CONTEXT, WorkspacesProvider } from '../../lib/private/provider';
import { STACK_ID_TAG } from '../../lib/private/reserved-tags';
import { PORTAL_READINESS_RESOURCE_TYPE } from '../../lib/private/resource-types';
import { SECURITY_DIGEST_SCHEME } from '../../lib/web/security-digest';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const BROWSER_ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:browserSettings/0123abcd-4567-89ef-0123-456789abcdef`;
const CA_FILE = path.join(__dirname, 'fixtures', 'trust-store-ca1.pem');
const CA2_FILE = path.join(__dirname, 'fixtures', 'trust-store-ca2.pem');
const SAML = IdentityProvider.saml({ metadataUrl: 'https://example.okta.com/app/exk0123456789/sso/saml/metadata' });

function newStack(context: Record<string, unknown> = {}): Stack {
  return new Stack(new App({ context }), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function logicalId(construct: { node: { defaultChild?: unknown } }): string {
  const child = construct.node.defaultChild as CfnResource;
  return Stack.of(child).getLogicalId(child);
}

/** The one readiness resource of the stack: its properties and DependsOn. */
function readiness(stack: Stack): { properties: Record<string, any>; dependsOn: string[]; deletionPolicy?: string } {
  const resources = Object.values<any>(Template.fromStack(stack).findResources(PORTAL_READINESS_RESOURCE_TYPE));
  expect(resources).toHaveLength(1);
  return { properties: resources[0].Properties, dependsOn: resources[0].DependsOn ?? [], deletionPolicy: resources[0].DeletionPolicy };
}

/** The statements of the shared provider's role. */
function handlerStatements(stack: Stack): any[] {
  const provider = WorkspacesProvider.getOrCreate(stack);
  const roleId = stack.getLogicalId(provider.role.node.defaultChild as CfnResource);
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values<any>(policies).flatMap(p => p.Properties.PolicyDocument.Statement);
}

function browserSettings(stack: Stack, urlBlocklist = ['*'], id = 'Browser'): BrowserSettings {
  return new BrowserSettings(stack, id, { policy: BrowserPolicy.fromChromePolicies({ urlAllowlist: ['https://intranet.example.com'], urlBlocklist }) });
}

/** The content digest a portal sends for its browser settings. */
function browserDigest(configure: (stack: Stack) => WebPortalProps, after?: (stack: Stack, props: WebPortalProps) => void): string {
  const stack = newStack();
  const props = configure(stack);
  new WebPortal(stack, 'Portal', props);
  after?.(stack, props);
  return readiness(stack).properties.SecuritySettings.BrowserSettings.Content;
}

describe('WebPortal readiness (Custom::WebPortalReadiness)', () => {
  test('is created for every portal, with the defaults: wait for Active, 20 minutes, keep sessions', () => {
    const stack = newStack();
    const portal = new WebPortal(stack, 'Portal');
    const { properties, deletionPolicy } = readiness(stack);
    expect(properties).toEqual({
      ServiceToken: expect.anything(),
      PortalArn: { 'Fn::GetAtt': [logicalId(portal), 'PortalArn'] },
      WaitForActive: true,
      AcceptIncomplete: true,
      TimeoutSeconds: 1200,
      ExistingSessions: 'KEEP',
      PortalRetained: false,
    });
    expect(deletionPolicy).toEqual('Delete');
  });

  test('is created when it neither waits nor expires, so that its Delete arrives only when the portal goes', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', { waitForActive: false, existingSessions: ExistingSessions.KEEP });
    expect(readiness(stack).properties).toMatchObject({ WaitForActive: false, ExistingSessions: 'KEEP' });
  });

  test('renders every prop given', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', {
      authenticationType: AuthenticationType.IAM_IDENTITY_CENTER,
      waitForActive: false,
      readinessTimeout: Duration.minutes(30),
      existingSessions: ExistingSessions.EXPIRE,
      drainTimeout: Duration.minutes(5),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(readiness(stack).properties).toMatchObject({
      WaitForActive: false,
      AcceptIncomplete: false,
      TimeoutSeconds: 1800,
      ExistingSessions: 'EXPIRE',
      DrainTimeoutSeconds: 300,
      PortalRetained: true,
    });
  });

  test.each([
    [RemovalPolicy.DESTROY, false],
    [RemovalPolicy.RETAIN, true],
    [RemovalPolicy.SNAPSHOT, true],
    [RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, true],
  ])('PortalRetained with removalPolicy %s is %s', (removalPolicy, retained) => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', { removalPolicy });
    expect(readiness(stack).properties.PortalRetained).toBe(retained);
  });

  describe('PortalRetained follows the portal\'s effective policies, set after construction too', () => {
    test('portal.applyRemovalPolicy(RETAIN), the standard CDK way', () => {
      const stack = newStack();
      const portal = new WebPortal(stack, 'Portal', { existingSessions: ExistingSessions.EXPIRE });
      portal.applyRemovalPolicy(RemovalPolicy.RETAIN);
      expect(readiness(stack).properties.PortalRetained).toBe(true);
    });

    test('a RemovalPolicies aspect on the stack', () => {
      const stack = newStack();
      new WebPortal(stack, 'Portal', { existingSessions: ExistingSessions.EXPIRE });
      RemovalPolicies.of(stack).retain();
      expect(readiness(stack).properties.PortalRetained).toBe(true);
    });

    test.each(['deletionPolicy', 'updateReplacePolicy'] as const)('cfnOptions.%s RETAIN on the portal resource', option => {
      const stack = newStack();
      const portal = new WebPortal(stack, 'Portal', { existingSessions: ExistingSessions.EXPIRE });
      (portal.node.defaultChild as CfnResource).cfnOptions[option] = CfnDeletionPolicy.RETAIN;
      expect(readiness(stack).properties.PortalRetained).toBe(true);
    });

    test('a DESTROY applied after a RETAIN prop: not retained', () => {
      const stack = newStack();
      const portal = new WebPortal(stack, 'Portal', { existingSessions: ExistingSessions.EXPIRE, removalPolicy: RemovalPolicy.RETAIN });
      portal.applyRemovalPolicy(RemovalPolicy.DESTROY);
      expect(readiness(stack).properties.PortalRetained).toBe(false);
    });
  });

  test('accepts Incomplete until an identity provider is added, also after construction', () => {
    const without = newStack();
    new WebPortal(without, 'Portal');
    expect(readiness(without).properties.AcceptIncomplete).toBe(true);

    const added = newStack();
    const portal = new WebPortal(added, 'Portal');
    browserSettings(added);
    portal.addIdentityProvider('Okta', SAML);
    expect(readiness(added).properties.AcceptIncomplete).toBe(false);
  });

  test('never accepts Incomplete with IAM Identity Center', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', { authenticationType: AuthenticationType.IAM_IDENTITY_CENTER });
    expect(readiness(stack).properties.AcceptIncomplete).toBe(false);
  });

  test('the identity provider warning says the deploy completes at Incomplete', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal');
    Annotations.fromStack(stack).hasWarning('/Test/Portal', Match.stringLikeRegexp('the deploy completes when the portal is Incomplete instead of waiting for Active'));
  });

  test('depends on the portal, every settings resource given and every identity provider added', () => {
    const stack = newStack();
    const browser = browserSettings(stack);
    const user = new UserSettings(stack, 'User', {
      copy: true, paste: true, download: false, upload: false, print: false,
    });
    const ip = new IpAccessSettings(stack, 'Ip', { rules: [{ cidr: '203.0.113.0/24' }] });
    const portal = new WebPortal(stack, 'Portal', { browserSettings: browser, userSettings: user, ipAccessSettings: ip });
    const okta = portal.addIdentityProvider('Okta', SAML);
    const expected = [logicalId(portal), logicalId(browser), logicalId(user), logicalId(ip), logicalId(okta)];
    expect(readiness(stack).dependsOn.sort()).toEqual(expected.sort());
  });

  test('sends the ARN and a content digest of each security setting, and nothing for network and logging settings', () => {
    const stack = newStack();
    const browser = browserSettings(stack);
    const user = new UserSettings(stack, 'User', {
      copy: true, paste: true, download: false, upload: false, print: false,
    });
    const ip = new IpAccessSettings(stack, 'Ip', { rules: [{ cidr: '203.0.113.0/24' }] });
    const redaction = new DataProtectionSettings(stack, 'Redaction', {
      inlineRedaction: { patterns: [InlineRedactionPattern.builtIn(BuiltInRedactionPattern.CARD_NUMBERS)] },
    });
    const trustStore = new TrustStore(stack, 'TrustStore', { certificates: [TrustStoreCertificate.fromFile(CA_FILE)] });
    new WebPortal(stack, 'Portal', {
      browserSettings: browser, userSettings: user, ipAccessSettings: ip, dataProtectionSettings: redaction, trustStore,
    });
    const digest = expect.stringMatching(new RegExp(`^${SECURITY_DIGEST_SCHEME}:[0-9a-f]{64}$`));
    expect(readiness(stack).properties.SecuritySettings).toEqual({
      BrowserSettings: { Arn: stack.resolve(browser.browserSettingsArn), Content: digest },
      UserSettings: { Arn: stack.resolve(user.userSettingsArn), Content: digest },
      IpAccessSettings: { Arn: stack.resolve(ip.ipAccessSettingsArn), Content: digest },
      DataProtectionSettings: { Arn: stack.resolve(redaction.dataProtectionSettingsArn), Content: digest },
      TrustStore: { Arn: stack.resolve(trustStore.trustStoreArn), Content: digest },
    });
    const digests = Object.values<any>(readiness(stack).properties.SecuritySettings).map(s => s.Content);
    expect(new Set(digests).size).toBe(5);
  });

  test('sends an empty content for imported settings, whose content the app does not know', () => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', { browserSettings: BrowserSettings.fromBrowserSettingsArn(stack, 'Browser', BROWSER_ARN) });
    expect(readiness(stack).properties.SecuritySettings).toEqual({ BrowserSettings: { Arn: BROWSER_ARN, Content: '' } });
  });

  test('the content digest changes when a browser settings property changes', () => {
    const before = browserDigest(stack => ({ browserSettings: browserSettings(stack, ['*']) }));
    const after = browserDigest(stack => ({ browserSettings: browserSettings(stack, ['*', 'https://mail.example.com']) }));
    expect(after).not.toEqual(before);
  });

  test('the content digest changes with a property override (escape hatch)', () => {
    const before = browserDigest(stack => ({ browserSettings: browserSettings(stack) }));
    const after = browserDigest(
      stack => ({ browserSettings: browserSettings(stack) }),
      (_stack, props) => (props.browserSettings!.node.defaultChild as CfnResource).addPropertyOverride('WebContentFilteringPolicy', { BlockedCategories: ['Gambling'] }),
    );
    expect(after).not.toEqual(before);
  });

  test('the content digest stays when something else changes: the portal, other settings, tags', () => {
    const before = browserDigest(stack => ({ browserSettings: browserSettings(stack) }));
    const after = browserDigest(
      stack => ({
        browserSettings: browserSettings(stack),
        displayName: 'Renamed',
        ipAccessSettings: new IpAccessSettings(stack, 'Ip', { rules: [{ cidr: '198.51.100.0/24' }] }),
      }),
      (_stack, props) => Tags.of(props.browserSettings!).add('team', 'security'),
    );
    expect(after).toEqual(before);
  });

  describe('only the fields that change what a session may do count', () => {
    type Key = 'BrowserSettings' | 'UserSettings' | 'IpAccessSettings' | 'DataProtectionSettings' | 'TrustStore';
    /** The digest a portal sends for one settings type, built by `build`. */
    function contentOf(key: Key, build: (stack: Stack) => WebPortalProps): string {
      const stack = newStack();
      new WebPortal(stack, 'Portal', build(stack));
      return readiness(stack).properties.SecuritySettings[key].Content;
    }
    const USER: UserSettingsProps = { copy: true, paste: true, download: true, upload: false, print: false };
    const browser = (stack: Stack, policy: Record<string, unknown>) => ({
      browserSettings: new BrowserSettings(stack, 'Browser', { policy: BrowserPolicy.fromChromePolicies(policy) }),
    });
    const patterns = (stack: Stack, regex: string, description: string, extra: Record<string, string> = {}) => ({
      dataProtectionSettings: new DataProtectionSettings(stack, 'Redaction', {
        inlineRedaction: { patterns: [InlineRedactionPattern.custom({ name: 'employee', regex, description })] },
        ...extra,
      }),
    });
    const trustStore = (stack: Stack, files: string[]) => ({
      trustStore: new TrustStore(stack, 'TrustStore', { certificates: files.map(f => TrustStoreCertificate.fromFile(f)) }),
    });

    test.each<[string, Key, (stack: Stack) => WebPortalProps, (stack: Stack) => WebPortalProps, (stack: Stack) => WebPortalProps]>([
      ['browser settings: the policy\'s key order, tags / a URL blocked',
        'BrowserSettings',
        stack => browser(stack, { urlAllowlist: ['https://intranet.example.com'], urlBlocklist: ['*'] }),
        stack => {
          const props = browser(stack, { urlBlocklist: ['*'], urlAllowlist: ['https://intranet.example.com'] });
          Tags.of(props.browserSettings).add('team', 'security');
          return props;
        },
        stack => browser(stack, { urlAllowlist: ['https://intranet.example.com'], urlBlocklist: ['*', 'https://mail.example.com'] })],
      ['user settings: the toolbar layout / downloads turned off',
        'UserSettings',
        stack => ({ userSettings: new UserSettings(stack, 'User', USER) }),
        stack => ({ userSettings: new UserSettings(stack, 'User', { ...USER, toolbar: { toolbarType: ToolbarType.DOCKED, visualMode: VisualMode.DARK } }) }),
        stack => ({ userSettings: new UserSettings(stack, 'User', { ...USER, download: false }) })],
      ['user settings: the toolbar layout / a shorter idle timeout',
        'UserSettings',
        stack => ({ userSettings: new UserSettings(stack, 'User', USER) }),
        stack => ({ userSettings: new UserSettings(stack, 'User', { ...USER, toolbar: { toolbarType: ToolbarType.FLOATING } }) }),
        stack => ({ userSettings: new UserSettings(stack, 'User', { ...USER, idleDisconnectTimeout: Duration.minutes(5) }) })],
      ['IP access settings: a rule description, the display name, the rules\' order / a CIDR',
        'IpAccessSettings',
        stack => ({ ipAccessSettings: new IpAccessSettings(stack, 'Ip', { rules: [{ cidr: '203.0.113.0/24' }, { cidr: '198.51.100.0/24' }] }) }),
        stack => ({
          ipAccessSettings: new IpAccessSettings(stack, 'Ip', {
            displayName: 'Offices', rules: [{ cidr: '198.51.100.0/24', description: 'Paris' }, { cidr: '203.0.113.0/24', description: 'Lyon' }],
          }),
        }),
        stack => ({ ipAccessSettings: new IpAccessSettings(stack, 'Ip', { rules: [{ cidr: '203.0.113.0/24' }, { cidr: '192.0.2.0/24' }] }) })],
      ['data protection settings: display name, description, a pattern\'s description / a pattern\'s regex',
        'DataProtectionSettings',
        stack => patterns(stack, '/EMP-\\d{6}/', 'Employee ids'),
        stack => patterns(stack, '/EMP-\\d{6}/', 'Staff numbers', { displayName: 'Redaction', description: 'What we redact' }),
        stack => patterns(stack, '/EMP-\\d{5,6}/', 'Employee ids')],
      ['trust store: the certificates\' order / a certificate added',
        'TrustStore',
        stack => trustStore(stack, [CA_FILE, CA2_FILE]),
        stack => trustStore(stack, [CA2_FILE, CA_FILE]),
        stack => trustStore(stack, [CA_FILE])],
    ])('%s', (_name, key, base, cosmetic, security) => {
      const before = contentOf(key, base);
      expect(before).toMatch(new RegExp(`^${SECURITY_DIGEST_SCHEME}:[0-9a-f]{64}$`));
      expect(contentOf(key, cosmetic)).toEqual(before);
      expect(contentOf(key, security)).not.toEqual(before);
    });

    test('the branding of user settings does not count (escape hatch)', () => {
      const build = (stack: Stack) => ({ userSettings: new UserSettings(stack, 'User', USER) });
      const before = contentOf('UserSettings', build);
      const after = contentOf('UserSettings', stack => {
        const props = build(stack);
        const resource = props.userSettings.node.defaultChild as CfnResource;
        resource.addPropertyOverride('BrandingConfiguration.ColorTheme', 'Dark');
        resource.addPropertyOverride('BrandingConfiguration.LocalizedStrings.en-US.WelcomeText', 'Welcome');
        return props;
      });
      expect(after).toEqual(before);
    });
  });

  describe('permissions of the provider role', () => {
    const ACTIONS = ['workspaces-web:GetPortal', 'workspaces-web:ListSessions', 'workspaces-web:GetSession', 'workspaces-web:ExpireSession'];

    test('reads the portal and manages its sessions on the portal ARN only', () => {
      const stack = newStack();
      const portal = new WebPortal(stack, 'Portal');
      const statements = handlerStatements(stack).filter(s => JSON.stringify(s.Action).includes('workspaces-web:'));
      expect(statements).toEqual([{ Action: ACTIONS, Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(portal), 'PortalArn'] } }]);
    });

    test('one statement holds every portal of the stack', () => {
      const stack = newStack();
      const a = new WebPortal(stack, 'A');
      const b = new WebPortal(stack, 'B');
      const statements = handlerStatements(stack).filter(s => JSON.stringify(s.Action).includes('workspaces-web:'));
      expect(statements).toEqual([{
        Action: ACTIONS,
        Effect: 'Allow',
        Resource: [{ 'Fn::GetAtt': [logicalId(a), 'PortalArn'] }, { 'Fn::GetAtt': [logicalId(b), 'PortalArn'] }],
      }]);
    });

    test('describes its own stack and lists its resources, once, whenever the stack has a portal (a Delete written with EXPIRE may come after EXPIRE is turned off)', () => {
      const stack = newStack();
      new WebPortal(stack, 'A');
      new WebPortal(stack, 'B', { existingSessions: ExistingSessions.EXPIRE });
      expect(handlerStatements(stack).filter(s => JSON.stringify(s.Action).includes('cloudformation:')))
        .toEqual([{ Action: ['cloudformation:DescribeStacks', 'cloudformation:ListStackResources'], Effect: 'Allow', Resource: { Ref: 'AWS::StackId' } }]);
    });

    test('with EXPIRE, the session actions also reach a replaced portal: portal/* of this account and Region, only where the library\'s tag names this stack', () => {
      const keep = newStack();
      new WebPortal(keep, 'Portal');
      expect(handlerStatements(keep).filter(s => s.Condition)).toEqual([]);

      const expire = newStack();
      new WebPortal(expire, 'A', { existingSessions: ExistingSessions.EXPIRE });
      new WebPortal(expire, 'B', { existingSessions: ExistingSessions.EXPIRE });
      expect(handlerStatements(expire).filter(s => s.Condition)).toEqual([{
        Action: ['workspaces-web:ListSessions', 'workspaces-web:GetSession', 'workspaces-web:ExpireSession'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:workspaces-web:${expire.region}:${expire.account}:portal/*`]] },
        Condition: { StringEquals: { [`aws:ResourceTag/${STACK_ID_TAG}`]: { Ref: 'AWS::StackId' } } },
      }]);
    });

    test('every portal carries the library\'s tag naming its stack, which a Tags.of() aspect neither replaces nor removes', () => {
      const stack = newStack();
      new WebPortal(stack, 'Portal');
      Tags.of(stack).add('team', 'security');
      Tags.of(stack).remove(STACK_ID_TAG);
      Template.fromStack(stack).hasResourceProperties('AWS::WorkSpacesWeb::Portal', {
        Tags: Match.arrayWith([{ Key: STACK_ID_TAG, Value: { Ref: 'AWS::StackId' } }, { Key: 'team', Value: 'security' }]),
      });
    });

    test.each([
      ['another reserved key', 'cdk-workspaces-constructs:stack-resource', 'x'],
      ['the stack tag with another value', STACK_ID_TAG, 'arn:aws:cloudformation:eu-west-1:111122223333:stack/other/1'],
    ])('fails when a user tag puts %s on the portal', (_name, key, value) => {
      const stack = newStack();
      const portal = new WebPortal(stack, 'Portal');
      (portal.node.defaultChild as workspacesweb.CfnPortal).cdkTagManager.setTag(key, value, Number.MAX_SAFE_INTEGER);
      expect(() => Template.fromStack(stack)).toThrow(new RegExp(`reserved for the ownership tags of cdk-workspaces-constructs \\(Test/Portal\\): rename the tag, got key '${key}'`));
    });
  });

  describe('validation', () => {
    test('readinessTimeout is lowered below a shorter provider timeout when not given', () => {
      const stack = newStack({ [TOTAL_TIMEOUT_CONTEXT]: 600, [QUERY_INTERVAL_CONTEXT]: 30 });
      new WebPortal(stack, 'Portal');
      expect(readiness(stack).properties.TimeoutSeconds).toBe(540);
    });

    test.each([
      [Duration.seconds(30), '30'],
      [Duration.seconds(3580), '3580'],
      [Duration.millis(90500), '90.5'],
    ])('fails when readinessTimeout is %s', (readinessTimeout, got) => {
      expect(() => new WebPortal(newStack(), 'Portal', { readinessTimeout }))
        .toThrow(new RegExp(`\`readinessTimeout\` must be a whole number of seconds between 60 and 3570 \\(the provider's total timeout of 3600 s minus one query interval of 30 s\\), got ${got}`));
    });

    test.each([[undefined], [ExistingSessions.KEEP]])('fails when drainTimeout is given with existingSessions %s', (existingSessions) => {
      expect(() => new WebPortal(newStack(), 'Portal', { existingSessions, drainTimeout: Duration.minutes(5) }))
        .toThrow(/`drainTimeout` applies only with `existingSessions` EXPIRE .*got drainTimeout with existingSessions KEEP/);
    });

    test.each([
      [Duration.minutes(20), undefined, '1200 s\\), got 1200'],
      [Duration.minutes(11), Duration.minutes(10), '600 s\\), got 660'],
      [Duration.millis(1500), undefined, '1200 s\\), got 1.5'],
    ])('fails when drainTimeout is %s with readinessTimeout %s', (drainTimeout, readinessTimeout, got) => {
      expect(() => new WebPortal(newStack(), 'Portal', { existingSessions: ExistingSessions.EXPIRE, drainTimeout, readinessTimeout }))
        .toThrow(new RegExp(`\`drainTimeout\` must be a whole number of seconds from 0 to less than \`readinessTimeout\` \\(${got}`));
    });

    test('accepts a drainTimeout of 0: expire at once', () => {
      const stack = newStack();
      new WebPortal(stack, 'Portal', { existingSessions: ExistingSessions.EXPIRE, drainTimeout: Duration.seconds(0) });
      expect(readiness(stack).properties.DrainTimeoutSeconds).toBe(0);
    });
  });
});

describe('WebPortal quota warnings', () => {
  test.each([
    [undefined, 26, 25],
    [PortalInstanceType.STANDARD_REGULAR, 26, 25],
    [PortalInstanceType.STANDARD_LARGE, 11, 10],
    [PortalInstanceType.STANDARD_XLARGE, 6, 5],
  ])('warns when maxConcurrentSessions on %s is %d, above the default quota of %d', (instanceType, maxConcurrentSessions, quota) => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', { instanceType, maxConcurrentSessions });
    const type = instanceType ?? 'standard.regular';
    Annotations.fromStack(stack).hasWarning('/Test/Portal', Match.stringLikeRegexp(
      `maxConcurrentSessions\` ${maxConcurrentSessions} on ${type}, above the default quota of ${quota} concurrent ${type} sessions per account and Region.*` +
      'adjustable: request an increase .* Service Quotas console or through AWS Support.*' +
      `\\[ack: ${WebPortal.SESSIONS_ABOVE_QUOTA_WARNING}\\]`,
    ));
  });

  test.each([
    [undefined, 25],
    [PortalInstanceType.STANDARD_LARGE, 10],
    [PortalInstanceType.STANDARD_XLARGE, 5],
  ])('does not warn when maxConcurrentSessions on %s is %d, at the quota', (instanceType, maxConcurrentSessions) => {
    const stack = newStack();
    new WebPortal(stack, 'Portal', { instanceType, maxConcurrentSessions });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WebPortal.SESSIONS_ABOVE_QUOTA_WARNING))).toEqual([]);
  });

  test('the sessions warning goes away when acknowledged', () => {
    const stack = newStack();
    const portal = new WebPortal(stack, 'Portal', { maxConcurrentSessions: 50 });
    CoreAnnotations.of(portal).acknowledgeWarning(WebPortal.SESSIONS_ABOVE_QUOTA_WARNING, 'Quota raised to 100 in eu-west-1');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WebPortal.SESSIONS_ABOVE_QUOTA_WARNING))).toEqual([]);
  });

  test('does not warn about three portals in a stack', () => {
    const stack = newStack();
    ['A', 'B', 'C'].forEach(id => new WebPortal(stack, id));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WebPortal.PORTALS_ABOVE_QUOTA_WARNING))).toEqual([]);
  });

  test('warns once, on the stack, about a fourth portal and more', () => {
    const stack = newStack();
    ['A', 'B', 'C', 'D', 'E'].forEach(id => new WebPortal(stack, id));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WebPortal.PORTALS_ABOVE_QUOTA_WARNING));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toEqual('/Test');
    expect(warnings[0].entry.data).toMatch(
      /holds 5 WebPortal constructs \(Test\/A, Test\/B, Test\/C, Test\/D, Test\/E\), more than the default quota of 3 web portals per account and Region.*adjustable/,
    );
  });

  test('the portals warning goes away when acknowledged on the stack', () => {
    const stack = newStack();
    ['A', 'B', 'C', 'D'].forEach(id => new WebPortal(stack, id));
    CoreAnnotations.of(stack).acknowledgeWarning(WebPortal.PORTALS_ABOVE_QUOTA_WARNING, 'Quota raised to 10 in eu-west-1');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WebPortal.PORTALS_ABOVE_QUOTA_WARNING))).toEqual([]);
  });

  test('counts portals per stack', () => {
    const app = new App();
    const one = new Stack(app, 'One', { env: { account: ACCOUNT, region: REGION } });
    const two = new Stack(app, 'Two', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    ['A', 'B', 'C'].forEach(id => new WebPortal(one, id));
    ['A', 'B'].forEach(id => new WebPortal(two, id));
    expect(Annotations.fromStack(one).findWarning('*', Match.stringLikeRegexp(WebPortal.PORTALS_ABOVE_QUOTA_WARNING))).toEqual([]);
    expect(Annotations.fromStack(two).findWarning('*', Match.stringLikeRegexp(WebPortal.PORTALS_ABOVE_QUOTA_WARNING))).toEqual([]);
  });
});
