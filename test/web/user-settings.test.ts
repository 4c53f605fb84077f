import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Duration, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BrandingConfiguration,
  BrandingImage,
  BrandingLocale,
  ColorTheme,
  MaxDisplayResolution,
  ToolbarItem,
  ToolbarType,
  UserSettings,
  UserSettingsProps,
  VisualMode,
} from '../../lib/web/user-settings';
import { SECURE_BROWSER_KEY_ACTIONS } from '../../lib/web/web-encryption';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TYPE = 'AWS::WorkSpacesWeb::UserSettings';
const ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:userSettings/0123abcd-0123-4567-89ab-0123456789ab`;

const REQUIRED: UserSettingsProps = {
  copy: true,
  paste: false,
  download: false,
  upload: true,
  print: false,
};

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'user-settings-')); });
afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

/** A file of `bytes` bytes named `name` in the test's temporary folder. */
function imageFile(name: string, bytes: number): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, Buffer.alloc(bytes, 1));
  return file;
}

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function newSettings(props: Partial<UserSettingsProps> = {}, stack = newStack()): UserSettings {
  return new UserSettings(stack, 'User', { ...REQUIRED, ...props });
}

function properties(settings: UserSettings): Record<string, any> {
  const all = Object.values<any>(Template.fromStack(Stack.of(settings)).findResources(TYPE));
  expect(all).toHaveLength(1);
  return all[0].Properties;
}

function branding(stack: Stack, extra: Partial<BrandingConfiguration> = {}): BrandingConfiguration {
  const bucket = s3.Bucket.fromBucketName(stack, `Brand${Object.keys(extra).join('')}`, 'brand-assets');
  return {
    logo: BrandingImage.fromBucket(bucket, 'logo.png'),
    favicon: BrandingImage.fromBucket(bucket, 'favicon.ico'),
    localizedStrings: [{ locale: BrandingLocale.EN_US, browserTabTitle: 'Acme', welcomeText: 'Welcome to Acme' }],
    colorTheme: ColorTheme.DARK,
    ...extra,
  };
}

describe('UserSettings', () => {
  test('renders the five required permissions as the service values and nothing else by default', () => {
    expect(properties(newSettings())).toEqual({
      CopyAllowed: 'Enabled',
      PasteAllowed: 'Disabled',
      DownloadAllowed: 'Disabled',
      UploadAllowed: 'Enabled',
      PrintAllowed: 'Disabled',
    });
  });

  test('each transfer permission renders true as Enabled and false as Disabled (the schema\'s EnabledType)', () => {
    const allowed = properties(newSettings({ copy: true, paste: true, download: true, upload: true, print: true }));
    const refused = properties(newSettings({ copy: false, paste: false, download: false, upload: false, print: false }));
    for (const key of ['CopyAllowed', 'PasteAllowed', 'DownloadAllowed', 'UploadAllowed', 'PrintAllowed']) {
      expect([key, allowed[key], refused[key]]).toEqual([key, 'Enabled', 'Disabled']);
    }
  });

  test('leaves deep link and WebAuthn to the service when not given', () => {
    const props = properties(newSettings());
    expect(props.DeepLinkAllowed).toBeUndefined();
    expect(props.WebAuthnAllowed).toBeUndefined();
  });

  test('renders deep link and WebAuthn permissions', () => {
    const props = properties(newSettings({ deepLink: true, webAuthn: false }));
    expect(props.DeepLinkAllowed).toBe('Enabled');
    expect(props.WebAuthnAllowed).toBe('Disabled');
  });

  test('userSettingsArn and userSettingsRef are the resource attribute', () => {
    const settings = newSettings();
    const stack = Stack.of(settings);
    const logicalId = Object.keys(Template.fromStack(stack).findResources(TYPE))[0];
    expect(stack.resolve(settings.userSettingsArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'UserSettingsArn'] });
    expect(stack.resolve(settings.userSettingsRef.userSettingsArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'UserSettingsArn'] });
  });

  test('takes tags from Tags.of', () => {
    const settings = newSettings();
    Tags.of(settings).add('team', 'web');
    expect(properties(settings).Tags).toEqual([{ Key: 'team', Value: 'web' }]);
  });

  describe('timeouts', () => {
    test('render as whole minutes', () => {
      const props = properties(newSettings({ disconnectTimeout: Duration.hours(2), idleDisconnectTimeout: Duration.minutes(0) }));
      expect(props.DisconnectTimeoutInMinutes).toBe(120);
      expect(props.IdleDisconnectTimeoutInMinutes).toBe(0);
    });

    test('accept the bounds', () => {
      const props = properties(newSettings({ disconnectTimeout: Duration.minutes(600), idleDisconnectTimeout: Duration.minutes(60) }));
      expect(props.DisconnectTimeoutInMinutes).toBe(600);
      expect(props.IdleDisconnectTimeoutInMinutes).toBe(60);
      expect(properties(newSettings({ disconnectTimeout: Duration.minutes(1) })).DisconnectTimeoutInMinutes).toBe(1);
    });

    test('accept tokens', () => {
      const stack = newStack();
      const minutes = new CfnParameter(stack, 'Minutes', { type: 'Number' }).valueAsNumber;
      const timeouts = { disconnectTimeout: Duration.minutes(minutes), idleDisconnectTimeout: Duration.minutes(minutes) };
      const props = properties(newSettings(timeouts, stack));
      expect(props.DisconnectTimeoutInMinutes).toEqual({ Ref: 'Minutes' });
      expect(props.IdleDisconnectTimeoutInMinutes).toEqual({ Ref: 'Minutes' });
    });

    test.each([
      ['disconnectTimeout', Duration.minutes(0), /`disconnectTimeout` must be between 1 and 600 minutes, got 0/],
      ['disconnectTimeout', Duration.minutes(601), /`disconnectTimeout` must be between 1 and 600 minutes, got 601/],
      ['disconnectTimeout', Duration.seconds(90), /`disconnectTimeout` must be a whole number of minutes, got 1 minute 30 seconds/],
      ['idleDisconnectTimeout', Duration.minutes(61), /`idleDisconnectTimeout` must be between 0 and 60 minutes, got 61/],
      ['idleDisconnectTimeout', Duration.seconds(30), /`idleDisconnectTimeout` must be a whole number of minutes, got 30 seconds/],
    ])('fails when %s is %s', (prop, value, message) => {
      expect(() => newSettings({ [prop]: value })).toThrow(message);
    });
  });

  describe('toolbar', () => {
    test('renders every field', () => {
      const props = properties(newSettings({
        toolbar: {
          toolbarType: ToolbarType.DOCKED,
          visualMode: VisualMode.DARK,
          hiddenToolbarItems: [ToolbarItem.WEBCAM, ToolbarItem.MICROPHONE],
          maxDisplayResolution: MaxDisplayResolution.SIZE_1920X1080,
        },
      }));
      expect(props.ToolbarConfiguration).toEqual({
        ToolbarType: 'Docked',
        VisualMode: 'Dark',
        HiddenToolbarItems: ['Webcam', 'Microphone'],
        MaxDisplayResolution: 'size1920X1080',
      });
    });

    test('renders only the fields given', () => {
      expect(properties(newSettings({ toolbar: { toolbarType: ToolbarType.FLOATING } })).ToolbarConfiguration).toEqual({ ToolbarType: 'Floating' });
    });
  });

  describe('cookie synchronization', () => {
    test('renders the allowlist and blocklist', () => {
      const props = properties(newSettings({
        cookieSynchronization: {
          allowlist: [{ domain: '.example.com' }, { domain: 'app.example.com', name: 'session', path: '/app' }],
          blocklist: [{ domain: 'ads.example.com' }],
        },
      }));
      expect(props.CookieSynchronizationConfiguration).toEqual({
        Allowlist: [{ Domain: '.example.com' }, { Domain: 'app.example.com', Name: 'session', Path: '/app' }],
        Blocklist: [{ Domain: 'ads.example.com' }],
      });
    });

    test('renders an empty allowlist (the schema requires the key)', () => {
      expect(properties(newSettings({ cookieSynchronization: { allowlist: [] } })).CookieSynchronizationConfiguration)
        .toEqual({ Allowlist: [] });
    });

    test.each(['allowlist', 'blocklist'])('fails when the %s holds more than 10 specifications', (list) => {
      const eleven = Array.from({ length: 11 }, (_, i) => ({ domain: `d${i}.example.com` }));
      const config = list === 'allowlist' ? { allowlist: eleven } : { allowlist: [], blocklist: eleven };
      expect(() => newSettings({ cookieSynchronization: config }))
        .toThrow(new RegExp(`\`cookieSynchronization\\.${list}\` must hold at most 10 cookie specifications, got 11`));
    });

    test.each(['Example.com', 'exa mple.com', 'a'.repeat(250) + '.com'])('fails when a domain is %s', (domain) => {
      expect(() => newSettings({ cookieSynchronization: { allowlist: [{ domain }] } }))
        .toThrow(/`cookieSynchronization\.allowlist` domains must be lower-case domain names of at most 253 characters/);
    });

    test('fails when a path does not start with /', () => {
      expect(() => newSettings({ cookieSynchronization: { allowlist: [{ domain: 'example.com', path: 'app' }] } }))
        .toThrow(/`cookieSynchronization\.allowlist` paths must start with '\/'.*got 'app'/);
    });

    test('fails when a name is longer than 4096 characters', () => {
      expect(() => newSettings({ cookieSynchronization: { allowlist: [], blocklist: [{ domain: 'example.com', name: 'n'.repeat(4097) }] } }))
        .toThrow(/`cookieSynchronization\.blocklist` names must be at most 4096 characters, got 4097/);
    });

    test('accepts a token domain', () => {
      const stack = newStack();
      const domain = new CfnParameter(stack, 'Domain').valueAsString;
      expect(properties(newSettings({ cookieSynchronization: { allowlist: [{ domain }] } }, stack)).CookieSynchronizationConfiguration)
        .toEqual({ Allowlist: [{ Domain: { Ref: 'Domain' } }] });
    });
  });

  describe('branding', () => {
    test('renders S3 images, strings, theme and terms', () => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Assets', 'brand-assets');
      const props = properties(newSettings({
        branding: branding(stack, {
          wallpaper: BrandingImage.fromBucket(bucket, 'wallpaper.jpg'),
          termsOfService: '# Terms',
          localizedStrings: [
            { locale: BrandingLocale.EN_US, browserTabTitle: 'Acme', welcomeText: 'Welcome', contactLink: 'mailto:it@example.com', loadingText: 'Loading' },
            { locale: BrandingLocale.DE_DE, browserTabTitle: 'Acme', welcomeText: 'Willkommen', loginTitle: 'Anmelden' },
          ],
        }),
      }, stack));
      expect(props.BrandingConfiguration).toEqual({
        Logo: 's3://brand-assets/logo.png',
        Favicon: 's3://brand-assets/favicon.ico',
        Wallpaper: 's3://brand-assets/wallpaper.jpg',
        ColorTheme: 'Dark',
        TermsOfService: '# Terms',
        LocalizedStrings: {
          'en-US': { BrowserTabTitle: 'Acme', WelcomeText: 'Welcome', ContactLink: 'mailto:it@example.com', LoadingText: 'Loading' },
          'de-DE': { BrowserTabTitle: 'Acme', WelcomeText: 'Willkommen', LoginTitle: 'Anmelden' },
        },
      });
    });

    test('uploads local files as assets and passes their S3 URIs', () => {
      const stack = newStack();
      const props = properties(newSettings({
        branding: branding(stack, {
          logo: BrandingImage.fromAsset(imageFile('logo.png', 100 * 1024)),
          favicon: BrandingImage.fromAsset(imageFile('favicon.ico', 10)),
          wallpaper: BrandingImage.fromAsset(imageFile('wallpaper.jpeg', 5 * 1024 * 1024)),
        }),
      }, stack));
      const resolved = JSON.stringify(props.BrandingConfiguration);
      expect(props.BrandingConfiguration.Logo).toMatch(new RegExp(`^s3://cdk-[a-z0-9]+-assets-${ACCOUNT}-${REGION}/[0-9a-f]{64}\\.png$`));
      expect(props.BrandingConfiguration.Favicon).toMatch(/^s3:\/\/cdk-.*\.ico$/);
      expect(props.BrandingConfiguration.Wallpaper).toMatch(/^s3:\/\/cdk-.*\.jpeg$/);
      expect(new Set([props.BrandingConfiguration.Logo, props.BrandingConfiguration.Favicon, props.BrandingConfiguration.Wallpaper]).size).toBe(3);
      expect(resolved).not.toContain(tmp);
    });

    test.each([
      ['logo', 'logo.png', 100 * 1024 + 1, /`branding\.logo` must be at most 102400 bytes, got 102401 bytes/],
      ['favicon', 'favicon.ico', 100 * 1024 + 1, /`branding\.favicon` must be at most 102400 bytes, got 102401 bytes/],
      ['wallpaper', 'wallpaper.png', 5 * 1024 * 1024 + 1, /`branding\.wallpaper` must be at most 5242880 bytes, got 5242881 bytes/],
      ['wallpaper', 'wallpaper.ico', 10, /`branding\.wallpaper` must be a \.png, \.jpg, \.jpeg file, got '.*wallpaper\.ico'/],
      ['logo', 'logo.gif', 10, /`branding\.logo` must be a \.png, \.jpg, \.jpeg, \.ico file, got '.*logo\.gif'/],
    ])('fails when the %s file is %s of %d bytes', (field, name, bytes, message) => {
      const stack = newStack();
      expect(() => newSettings({ branding: branding(stack, { [field]: BrandingImage.fromAsset(imageFile(name, bytes)) }) }, stack)).toThrow(message);
    });

    test('fails when an image file does not exist', () => {
      const stack = newStack();
      expect(() => newSettings({ branding: branding(stack, { logo: BrandingImage.fromAsset(path.join(tmp, 'missing.png')) }) }, stack))
        .toThrow(/`branding\.logo` must be an existing file, got '.*missing\.png'/);
    });

    test('fails when the bucket name cannot be in an S3 URI', () => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Bad', 'Bad_Bucket');
      expect(() => newSettings({ branding: branding(stack, { logo: BrandingImage.fromBucket(bucket, 'logo.png') }) }, stack))
        .toThrow(/`branding\.logo` must be in a bucket whose name matches .*got 'Bad_Bucket'/);
    });

    test('accepts a bucket created in the stack (a token name)', () => {
      const stack = newStack();
      const bucket = new s3.Bucket(stack, 'Brand');
      const props = properties(newSettings({ branding: branding(stack, { logo: BrandingImage.fromBucket(bucket, 'logo.png') }) }, stack));
      expect(props.BrandingConfiguration.Logo).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^Brand/) }, '/logo.png']] });
    });

    test('fails when no language is given', () => {
      const stack = newStack();
      expect(() => newSettings({ branding: branding(stack, { localizedStrings: [] }) }, stack))
        .toThrow(/`branding\.localizedStrings` must hold at least one language, got 0/);
    });

    test('fails when a language repeats', () => {
      const stack = newStack();
      const en = { locale: BrandingLocale.EN_US, browserTabTitle: 'A', welcomeText: 'B' };
      expect(() => newSettings({ branding: branding(stack, { localizedStrings: [en, en] }) }, stack))
        .toThrow(/`branding\.localizedStrings` must hold each locale once, got 'en-US' twice/);
    });

    test('fails when a text holds a refused character', () => {
      const stack = newStack();
      const strings = [{ locale: BrandingLocale.FR_FR, browserTabTitle: 'A', welcomeText: "Bienvenue chez l'équipe" }];
      expect(() => newSettings({ branding: branding(stack, { localizedStrings: strings }) }, stack))
        .toThrow(/`branding\.localizedStrings` \(fr-FR\) `welcomeText` must not contain .*got 'Bienvenue chez l'équipe'/);
    });

    test('fails when the contact link is not https, http or mailto', () => {
      const stack = newStack();
      const strings = [{ locale: BrandingLocale.EN_US, browserTabTitle: 'A', welcomeText: 'B', contactLink: 'ftp://example.com' }];
      expect(() => newSettings({ branding: branding(stack, { localizedStrings: strings }) }, stack))
        .toThrow(/`contactLink` must start with https:\/\/, http:\/\/ or mailto:, got 'ftp:\/\/example\.com'/);
    });

    test('fails when the terms of service are longer than 153600 characters', () => {
      const stack = newStack();
      expect(() => newSettings({ branding: branding(stack, { termsOfService: 't'.repeat(153601) }) }, stack))
        .toThrow(/`branding\.termsOfService` must be at most 153600 characters, got 153601/);
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

    test('an imported key gets a warning', () => {
      const stack = newStack();
      newSettings({ encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${REGION}:${ACCOUNT}:key/abcd`) }, stack);
      Annotations.fromStack(stack).hasWarning('/Test/User', Match.stringLikeRegexp('aws:SourceAccount'));
    });

    test('fails when an encryption context key is longer than 131072 characters', () => {
      expect(() => newSettings({ additionalEncryptionContext: { ['k'.repeat(131073)]: 'v' } }))
        .toThrow(/`additionalEncryptionContext` keys must be at most 131072 characters, got a key of 131073/);
    });
  });

  describe('fromUserSettingsArn', () => {
    test('imports by ARN with the environment of the ARN', () => {
      const imported = UserSettings.fromUserSettingsArn(newStack(), 'Imported', ARN.replace(REGION, 'us-east-1'));
      expect(imported.userSettingsArn).toBe(ARN.replace(REGION, 'us-east-1'));
      expect(imported.userSettingsRef.userSettingsArn).toBe(imported.userSettingsArn);
      expect(imported.env.region).toBe('us-east-1');
      expect(imported.env.account).toBe(ACCOUNT);
    });

    test('accepts a token', () => {
      const stack = newStack();
      const arn = new CfnParameter(stack, 'Arn').valueAsString;
      expect(stack.resolve(UserSettings.fromUserSettingsArn(stack, 'Imported', arn).userSettingsArn)).toEqual({ Ref: 'Arn' });
    });

    test('fails when the ARN is not a user settings ARN', () => {
      expect(() => UserSettings.fromUserSettingsArn(newStack(), 'Imported', 'arn:aws:s3:::bucket'))
        .toThrow(/`userSettingsArn` must be a WorkSpaces Secure Browser user settings ARN \(arn:<partition>:workspaces-web:<region>:<account>:userSettings\/<id>\), got 'arn:aws:s3:::bucket'/);
    });
  });
});
