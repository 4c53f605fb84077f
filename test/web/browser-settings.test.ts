import { App, CfnParameter, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  BrowserPolicy,
  BrowserSettings,
  BrowserSettingsProps,
  DownloadRestrictions,
  IncognitoMode,
  WebContentCategory,
} from '../../lib/web/browser-settings';
import { SECURE_BROWSER_KEY_ACTIONS } from '../../lib/web/web-encryption';
import { WebPortal } from '../../lib/web/web-portal';

/** The most characters of a browser policy: `BrowserPolicy` maxLength in the AWS::WorkSpacesWeb::BrowserSettings schema. */
const MAX_BROWSER_POLICY_LENGTH = 131072;

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TYPE = 'AWS::WorkSpacesWeb::BrowserSettings';
const ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:browserSettings/0123abcd-0123-4567-89ab-0123456789ab`;

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function newSettings(props: BrowserSettingsProps = {}, stack = newStack()): BrowserSettings {
  return new BrowserSettings(stack, 'Browser', props);
}

/** The properties of the stack's only browser settings resource. */
function properties(settings: BrowserSettings): Record<string, any> {
  const resources = Template.fromStack(Stack.of(settings)).findResources(TYPE);
  const all = Object.values<any>(resources);
  expect(all).toHaveLength(1);
  return all[0].Properties ?? {};
}

/** The browser policy document of a settings resource, parsed. */
function policyOf(settings: BrowserSettings): any {
  return JSON.parse(properties(settings).BrowserPolicy);
}

describe('BrowserSettings', () => {
  test('without props renders an empty resource: no policy, no filtering, no key', () => {
    const props = properties(newSettings());
    expect(props.BrowserPolicy).toBeUndefined();
    expect(props.WebContentFilteringPolicy).toBeUndefined();
    expect(props.CustomerManagedKey).toBeUndefined();
    expect(props.AdditionalEncryptionContext).toBeUndefined();
  });

  test('browserSettingsArn and browserSettingsRef are the resource attribute', () => {
    const settings = newSettings();
    const stack = Stack.of(settings);
    const logicalId = Object.keys(Template.fromStack(stack).findResources(TYPE))[0];
    expect(stack.resolve(settings.browserSettingsArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'BrowserSettingsArn'] });
    expect(stack.resolve(settings.browserSettingsRef.browserSettingsArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'BrowserSettingsArn'] });
  });

  test('takes tags from Tags.of', () => {
    const settings = newSettings();
    Tags.of(settings).add('team', 'web');
    expect(properties(settings).Tags).toEqual([{ Key: 'team', Value: 'web' }]);
  });

  describe('BrowserPolicy.fromChromePolicies', () => {
    test('renders every typed policy as {"chromePolicies": {"Name": {"value": …}}}', () => {
      const settings = newSettings({
        policy: BrowserPolicy.fromChromePolicies({
          urlAllowlist: ['https://intranet.example.com'],
          urlBlocklist: ['*'],
          managedBookmarks: [
            { name: 'Intranet', url: 'https://intranet.example.com' },
            { name: 'Tools', children: [{ name: 'Wiki', url: 'wiki.example.com' }] },
          ],
          managedBookmarksFolderName: 'Company',
          downloadRestrictions: DownloadRestrictions.BLOCK_ALL,
          incognitoMode: IncognitoMode.DISABLED,
          passwordManagerEnabled: false,
          printingEnabled: false,
          allowDeletingBrowserHistory: false,
          bookmarkBarEnabled: true,
          defaultSearchProvider: { name: 'Intranet search', searchUrl: 'https://search.example.com/?q={searchTerms}' },
          startupUrls: ['https://intranet.example.com/start'],
          extensionInstallAllowlist: ['abcdefghijklmnopabcdefghijklmnop'],
          extensionInstallBlocklist: ['*'],
          additionalPolicies: { DeveloperToolsAvailability: 2 },
        }),
      });
      expect(policyOf(settings)).toEqual({
        chromePolicies: {
          URLAllowlist: { value: ['https://intranet.example.com'] },
          URLBlocklist: { value: ['*'] },
          ManagedBookmarks: {
            value: [
              { toplevel_name: 'Company' },
              { name: 'Intranet', url: 'https://intranet.example.com' },
              { name: 'Tools', children: [{ name: 'Wiki', url: 'wiki.example.com' }] },
            ],
          },
          DownloadRestrictions: { value: 3 },
          IncognitoModeAvailability: { value: 1 },
          PasswordManagerEnabled: { value: false },
          PrintingEnabled: { value: false },
          AllowDeletingBrowserHistory: { value: false },
          BookmarkBarEnabled: { value: true },
          DefaultSearchProviderEnabled: { value: true },
          DefaultSearchProviderName: { value: 'Intranet search' },
          DefaultSearchProviderSearchURL: { value: 'https://search.example.com/?q={searchTerms}' },
          RestoreOnStartup: { value: 4 },
          RestoreOnStartupURLs: { value: ['https://intranet.example.com/start'] },
          ExtensionInstallAllowlist: { value: ['abcdefghijklmnopabcdefghijklmnop'] },
          ExtensionInstallBlocklist: { value: ['*'] },
          DeveloperToolsAvailability: { value: 2 },
        },
      });
    });

    test('leaves out every policy not given', () => {
      expect(policyOf(newSettings({ policy: BrowserPolicy.fromChromePolicies({ printingEnabled: true }) })))
        .toEqual({ chromePolicies: { PrintingEnabled: { value: true } } });
    });

    test('managed bookmarks without a folder name have no toplevel_name entry', () => {
      const policy = policyOf(newSettings({ policy: BrowserPolicy.fromChromePolicies({ managedBookmarks: [{ name: 'A', url: 'a.example.com' }] }) }));
      expect(policy.chromePolicies.ManagedBookmarks.value).toEqual([{ name: 'A', url: 'a.example.com' }]);
    });

    test.each([
      [DownloadRestrictions.NO_RESTRICTIONS, 0],
      [DownloadRestrictions.BLOCK_DANGEROUS, 1],
      [DownloadRestrictions.BLOCK_POTENTIALLY_DANGEROUS, 2],
      [DownloadRestrictions.BLOCK_ALL, 3],
      [DownloadRestrictions.BLOCK_MALICIOUS, 4],
    ])('download restriction %s is Chrome value %d', (restriction, value) => {
      expect(policyOf(newSettings({ policy: BrowserPolicy.fromChromePolicies({ downloadRestrictions: restriction }) }))
        .chromePolicies.DownloadRestrictions).toEqual({ value });
    });

    test.each([
      [IncognitoMode.AVAILABLE, 0],
      [IncognitoMode.DISABLED, 1],
      [IncognitoMode.FORCED, 2],
    ])('incognito mode %s is Chrome value %d', (mode, value) => {
      expect(policyOf(newSettings({ policy: BrowserPolicy.fromChromePolicies({ incognitoMode: mode }) }))
        .chromePolicies.IncognitoModeAvailability).toEqual({ value });
    });

    test('fails when a bookmark has neither url nor children', () => {
      expect(() => BrowserPolicy.fromChromePolicies({ managedBookmarks: [{ name: 'Empty' }] }))
        .toThrow(/`managedBookmarks\[0\]` must have either `url` \(a link\) or `children` \(a folder\), got neither for 'Empty'/);
    });

    test('fails when a nested bookmark has both url and children', () => {
      expect(() => BrowserPolicy.fromChromePolicies({
        managedBookmarks: [{ name: 'F', children: [{ name: 'Both', url: 'x.example.com', children: [] }] }],
      })).toThrow(/`managedBookmarks\[0\]\.children\[0\]` must have either .* got both for 'Both'/);
    });

    test('fails when a bookmark name is empty', () => {
      expect(() => BrowserPolicy.fromChromePolicies({ managedBookmarks: [{ name: ' ', url: 'x.example.com' }] }))
        .toThrow(/`managedBookmarks\[0\]\.name` must not be empty, got ' '/);
    });

    test('fails when a folder name is given without bookmarks', () => {
      expect(() => BrowserPolicy.fromChromePolicies({ managedBookmarksFolderName: 'Company' }))
        .toThrow(/`managedBookmarksFolderName` needs `managedBookmarks`, got folder name 'Company'/);
    });

    test('fails when the search URL lacks {searchTerms}', () => {
      expect(() => BrowserPolicy.fromChromePolicies({ defaultSearchProvider: { name: 'S', searchUrl: 'https://search.example.com/?q=' } }))
        .toThrow(/`defaultSearchProvider\.searchUrl` must contain \{searchTerms\}, got 'https:\/\/search\.example\.com\/\?q='/);
    });

    test.each(['urlAllowlist', 'urlBlocklist', 'startupUrls', 'extensionInstallAllowlist', 'extensionInstallBlocklist'])(
      'fails when %s holds an empty entry', (prop) => {
        expect(() => BrowserPolicy.fromChromePolicies({ [prop]: ['ok', ''] }))
          .toThrow(new RegExp(`\`${prop}\` entries must not be empty, got '' at index 1`));
      });

    test('fails when additionalPolicies sets a policy a typed field sets', () => {
      expect(() => BrowserPolicy.fromChromePolicies({ printingEnabled: true, additionalPolicies: { PrintingEnabled: false } }))
        .toThrow(/`additionalPolicies` must not set a policy a typed field sets, got 'PrintingEnabled'/);
    });

    test('accepts tokens in lists and renders them with CloudFormation JSON', () => {
      const stack = newStack();
      const url = new CfnParameter(stack, 'Url').valueAsString;
      const settings = newSettings({ policy: BrowserPolicy.fromChromePolicies({ urlAllowlist: [url] }) }, stack);
      const rendered = JSON.stringify(properties(settings).BrowserPolicy);
      expect(rendered).toContain('Ref');
      expect(rendered).toContain('Url');
    });
  });

  describe('BrowserPolicy.fromJson and fromObject', () => {
    test('fromJson passes the text through unchanged', () => {
      const json = '{"chromePolicies": {"URLBlocklist": {"value": ["*"]}}}\n';
      expect(properties(newSettings({ policy: BrowserPolicy.fromJson(json) })).BrowserPolicy).toBe(json);
    });

    test('fromObject renders the object as JSON', () => {
      const obj = { chromePolicies: { HomepageLocation: { value: 'https://example.com' } } };
      expect(policyOf(newSettings({ policy: BrowserPolicy.fromObject(obj) }))).toEqual(obj);
    });

    test('fromJson accepts a token', () => {
      const stack = newStack();
      const json = new CfnParameter(stack, 'Policy').valueAsString;
      expect(properties(newSettings({ policy: BrowserPolicy.fromJson(json) }, stack)).BrowserPolicy).toEqual({ Ref: 'Policy' });
    });

    test('fails when fromJson gets text that is not JSON', () => {
      expect(() => BrowserPolicy.fromJson('{chromePolicies')).toThrow(/^\[BrowserPolicy\.fromJson\] `json` must be valid JSON, got a parse error/);
    });

    test('fails when fromJson gets JSON that is not an object', () => {
      expect(() => BrowserPolicy.fromJson('["a"]')).toThrow(/^\[BrowserPolicy\.fromJson\] `json` must be a JSON object .*got \["a"\]$/);
    });

    test('fails when fromObject gets an array', () => {
      expect(() => BrowserPolicy.fromObject(['a'] as any)).toThrow(/^\[BrowserPolicy\.fromObject\] `obj` must be an object .*got \["a"\]$/);
    });

    test(`accepts a policy of exactly ${MAX_BROWSER_POLICY_LENGTH} characters`, () => {
      const json = policyOfLength(MAX_BROWSER_POLICY_LENGTH);
      expect(properties(newSettings({ policy: BrowserPolicy.fromJson(json) })).BrowserPolicy).toHaveLength(MAX_BROWSER_POLICY_LENGTH);
    });

    test('fails when the policy is longer than 131072 characters, naming the size', () => {
      const json = policyOfLength(MAX_BROWSER_POLICY_LENGTH + 1);
      expect(() => newSettings({ policy: BrowserPolicy.fromJson(json) }))
        .toThrow(/`policy` must be 2-131072 characters of JSON, got 131073 characters/);
    });

    test('fails when typed policies render to more than 131072 characters', () => {
      const urls = Array.from({ length: 5000 }, (_, i) => `https://site-${i}.example.com/some/long/path`);
      expect(() => newSettings({ policy: BrowserPolicy.fromChromePolicies({ urlBlocklist: urls }) }))
        .toThrow(/`policy` must be 2-131072 characters of JSON, got \d{6} characters/);
    });
  });

  describe('WebContentFilteringPolicy', () => {
    test('renders categories and URLs', () => {
      const settings = newSettings({
        webContentFilteringPolicy: {
          blockedCategories: [WebContentCategory.GAMBLING, WebContentCategory.GENERATIVE_AI],
          allowedUrls: ['https://intranet.example.com/*'],
          blockedUrls: ['example.org'],
        },
      });
      Template.fromStack(Stack.of(settings)).hasResourceProperties(TYPE, {
        WebContentFilteringPolicy: {
          BlockedCategories: ['Gambling', 'GenerativeAI'],
          AllowedUrls: ['https://intranet.example.com/*'],
          BlockedUrls: ['example.org'],
        },
      });
    });

    test('fails when blockedCategories is empty', () => {
      expect(() => newSettings({ webContentFilteringPolicy: { blockedCategories: [] } }))
        .toThrow(/`webContentFilteringPolicy\.blockedCategories` must hold 1-100 categories, got 0/);
    });

    test('fails when a category repeats', () => {
      expect(() => newSettings({ webContentFilteringPolicy: { blockedCategories: [WebContentCategory.CHAT, WebContentCategory.CHAT] } }))
        .toThrow(/must not repeat a category, got 'Chat' twice/);
    });

    test.each(['allowedUrls', 'blockedUrls'])('fails when %s is empty or longer than 1000', (prop) => {
      expect(() => newSettings({ webContentFilteringPolicy: { [prop]: [] } }))
        .toThrow(new RegExp(`\`webContentFilteringPolicy\\.${prop}\` must hold 1-1000 URLs, got 0`));
      expect(() => newSettings({ webContentFilteringPolicy: { [prop]: Array(1001).fill('example.com') } }))
        .toThrow(new RegExp(`\`webContentFilteringPolicy\\.${prop}\` must hold 1-1000 URLs, got 1001`));
    });

    test('fails when a URL does not match the service pattern', () => {
      expect(() => newSettings({ webContentFilteringPolicy: { blockedUrls: ['not a url'] } }))
        .toThrow(/`webContentFilteringPolicy\.blockedUrls` entries must be URLs or domains .*got 'not a url'/);
    });

    test('accepts a token URL', () => {
      const stack = newStack();
      const url = new CfnParameter(stack, 'Url').valueAsString;
      const settings = newSettings({ webContentFilteringPolicy: { allowedUrls: [url] } }, stack);
      expect(properties(settings).WebContentFilteringPolicy).toEqual({ AllowedUrls: [{ Ref: 'Url' }] });
    });
  });

  describe('encryption', () => {
    test('a customer managed key is set and its policy allows the service, scoped to the account', () => {
      const stack = newStack();
      const key = new kms.Key(stack, 'Key');
      newSettings({ encryptionKey: key, additionalEncryptionContext: { team: 'web' } }, stack);
      const template = Template.fromStack(stack);
      template.hasResourceProperties(TYPE, {
        CustomerManagedKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
        AdditionalEncryptionContext: { team: 'web' },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([{
            Effect: 'Allow',
            Principal: { Service: 'workspaces-web.amazonaws.com' },
            Action: SECURE_BROWSER_KEY_ACTIONS,
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          }]),
        },
      });
    });

    test('an imported key gets a warning with the statement to add', () => {
      const stack = newStack();
      const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0123-4567-89ab-0123456789ab`);
      newSettings({ encryptionKey: key }, stack);
      Annotations.fromStack(stack).hasWarning('/Test/Browser', Match.stringLikeRegexp('workspaces-web.amazonaws.com kms:DescribeKey'));
      expect(properties(stack.node.findChild('Browser') as BrowserSettings).CustomerManagedKey)
        .toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0123-4567-89ab-0123456789ab`);
      expect(WebPortal.IMPORTED_KEY_WARNING).toBe('cdk-workspaces-constructs:secureBrowserImportedKey');
    });

    test('a key created in the stack gets no warning', () => {
      const stack = newStack();
      newSettings({ encryptionKey: new kms.Key(stack, 'Key') }, stack);
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('fails when the key is an alias', () => {
      const stack = newStack();
      const alias = kms.Key.fromKeyArn(stack, 'Alias', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/web`);
      expect(() => newSettings({ encryptionKey: alias }, stack)).toThrow(/`encryptionKey` must be a KMS key \(not an alias\).*got 'arn:aws:kms:eu-west-1:111122223333:alias\/web'/);
    });

    test('fails when an encryption context value is longer than 131072 characters', () => {
      expect(() => newSettings({ additionalEncryptionContext: { big: 'x'.repeat(131073) } }))
        .toThrow(/`additionalEncryptionContext` values must be at most 131072 characters, got 131073 for key 'big'/);
    });
  });

  describe('fromBrowserSettingsArn', () => {
    test('imports by ARN with the environment of the ARN', () => {
      const stack = newStack();
      const imported = BrowserSettings.fromBrowserSettingsArn(stack, 'Imported', ARN.replace(ACCOUNT, '444455556666'));
      expect(imported.browserSettingsArn).toBe(ARN.replace(ACCOUNT, '444455556666'));
      expect(imported.browserSettingsRef.browserSettingsArn).toBe(imported.browserSettingsArn);
      expect(imported.env.account).toBe('444455556666');
      expect(imported.env.region).toBe(REGION);
    });

    test('accepts a token', () => {
      const stack = newStack();
      const arn = new CfnParameter(stack, 'Arn').valueAsString;
      expect(stack.resolve(BrowserSettings.fromBrowserSettingsArn(stack, 'Imported', arn).browserSettingsArn)).toEqual({ Ref: 'Arn' });
    });

    test('fails when the ARN is of another service, through the one web ARN check', () => {
      const stack = newStack();
      expect(() => BrowserSettings.fromBrowserSettingsArn(stack, 'Imported', ARN.replace(':workspaces-web:', ':workspaces:')))
        .toThrow(/`browserSettingsArn` must be a WorkSpaces Secure Browser browser settings ARN .*, got 'arn:[^']*:workspaces:/);
    });

    test('fails when the ARN is not a browser settings ARN', () => {
      const stack = newStack();
      expect(() => BrowserSettings.fromBrowserSettingsArn(stack, 'Imported', ARN.replace('browserSettings', 'userSettings')))
        .toThrow(/`browserSettingsArn` must be a WorkSpaces Secure Browser browser settings ARN \(arn:<partition>:workspaces-web:<region>:<account>:browserSettings\/<id>\), got '.*userSettings/);
    });
  });
});

/** A valid policy document of exactly `length` characters. */
function policyOfLength(length: number): string {
  const empty = '{"chromePolicies":{"HomepageLocation":{"value":""}}}';
  return empty.replace('""', `"${'a'.repeat(length - empty.length)}"`);
}
