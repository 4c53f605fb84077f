import * as fs from 'fs';
import * as path from 'path';
import { Duration, IResource, Resource, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { CfnUserSettings } from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { validateSecureBrowserArn } from './web-arn';
import { grantKeyToSecureBrowser, validateEncryptionContext, validateEncryptionKey } from './web-encryption';
import { validationError } from '../private/errors';

/** User settings of WorkSpaces Secure Browser: created by `UserSettings` or imported. */
export interface IUserSettings extends IResource, webRefs.IUserSettingsRef {
  /**
   * The ARN: `arn:<partition>:workspaces-web:<region>:<account>:userSettings/<id>`.
   *
   * @attribute
   */
  readonly userSettingsArn: string;
}

/** Where the session toolbar sits. */
export enum ToolbarType {
  /** A toolbar floating over the page. */
  FLOATING = 'Floating',
  /** A toolbar docked at the top. */
  DOCKED = 'Docked',
}

/** The toolbar's colours. */
export enum VisualMode {
  /** A dark toolbar. */
  DARK = 'Dark',
  /** A light toolbar. */
  LIGHT = 'Light',
}

/**
 * Toolbar items that can be hidden.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/APIReference/API_ToolbarConfiguration.html
 */
export enum ToolbarItem {
  /** The Windows item, which manages the session's browser windows. */
  WINDOWS = 'Windows',
  /** The dual monitor item, which spreads the session over two displays. */
  DUAL_MONITOR = 'DualMonitor',
  /** The full screen item. */
  FULL_SCREEN = 'FullScreen',
  /** The webcam item, which shares the local webcam with the session. */
  WEBCAM = 'Webcam',
  /** The microphone item, which shares the local microphone with the session. */
  MICROPHONE = 'Microphone',
}

/** The largest display resolution a session may use. */
export enum MaxDisplayResolution {
  /** 4096 × 2160 pixels (DCI 4K). */
  SIZE_4096X2160 = 'size4096X2160',
  /** 3840 × 2160 pixels (4K UHD). */
  SIZE_3840X2160 = 'size3840X2160',
  /** 3440 × 1440 pixels (ultrawide QHD). */
  SIZE_3440X1440 = 'size3440X1440',
  /** 2560 × 1440 pixels (QHD). */
  SIZE_2560X1440 = 'size2560X1440',
  /** 1920 × 1080 pixels (Full HD). */
  SIZE_1920X1080 = 'size1920X1080',
  /** 1280 × 720 pixels (HD). */
  SIZE_1280X720 = 'size1280X720',
  /** 1024 × 768 pixels (XGA). */
  SIZE_1024X768 = 'size1024X768',
  /** 800 × 600 pixels (SVGA). */
  SIZE_800X600 = 'size800X600',
}

/**
 * The session toolbar. Settings left out stay the users' choice.
 */
export interface ToolbarConfiguration {
  /** Docked or floating. @default - the user chooses */
  readonly toolbarType?: ToolbarType;
  /** Dark or light. @default - the user chooses */
  readonly visualMode?: VisualMode;
  /** Items hidden from the toolbar. @default - none hidden */
  readonly hiddenToolbarItems?: ToolbarItem[];
  /** The largest display resolution. @default - the service's largest */
  readonly maxDisplayResolution?: MaxDisplayResolution;
}

/** A cookie (or set of cookies) to synchronize, or not, into sessions. */
export interface CookieSpecification {
  /** The domain, e.g. `example.com` or `.example.com`: at most 253 characters. */
  readonly domain: string;
  /** The cookie name: at most 4096 characters. @default - every cookie of the domain */
  readonly name?: string;
  /** The path, starting with `/`: at most 2000 characters. @default - every path */
  readonly path?: string;
}

/** Which cookies the browser extension synchronizes from users' local browsers into sessions. */
export interface CookieSynchronization {
  /** Cookies synchronized: 0-10. */
  readonly allowlist: CookieSpecification[];
  /** Cookies never synchronized, even when the allowlist matches them: 0-10. @default - none */
  readonly blocklist?: CookieSpecification[];
}

/** The portal's colour theme: choose `LIGHT` for a dark wallpaper, `DARK` for a light one. */
export enum ColorTheme {
  /** The light theme. */
  LIGHT = 'Light',
  /** The dark theme. */
  DARK = 'Dark',
}

/** The languages of branding strings. */
export enum BrandingLocale {
  /** German (Germany), `de-DE`. */
  DE_DE = 'de-DE',
  /** English (United States), `en-US`. */
  EN_US = 'en-US',
  /** Spanish (Spain), `es-ES`. */
  ES_ES = 'es-ES',
  /** French (France), `fr-FR`. */
  FR_FR = 'fr-FR',
  /** Indonesian (Indonesia), `id-ID`. */
  ID_ID = 'id-ID',
  /** Italian (Italy), `it-IT`. */
  IT_IT = 'it-IT',
  /** Japanese (Japan), `ja-JP`. */
  JA_JP = 'ja-JP',
  /** Korean (South Korea), `ko-KR`. */
  KO_KR = 'ko-KR',
  /** Portuguese (Brazil), `pt-BR`. */
  PT_BR = 'pt-BR',
  /** Chinese, simplified (China), `zh-CN`. */
  ZH_CN = 'zh-CN',
  /** Chinese, traditional (Taiwan), `zh-TW`. */
  ZH_TW = 'zh-TW',
}

/**
 * The portal texts of one language. Text fields may not contain
 * `< > & ' \` ~ \\`.
 */
export interface LocalizedBrandingStrings {
  /** The language. */
  readonly locale: BrandingLocale;
  /** The browser tab title. */
  readonly browserTabTitle: string;
  /** The welcome text of the sign-in page. */
  readonly welcomeText: string;
  /** The sign-in title. @default "Sign In" */
  readonly loginTitle?: string;
  /** The sign-in description. @default "Sign in to your session" */
  readonly loginDescription?: string;
  /** The sign-in button text. @default "Sign In" */
  readonly loginButtonText?: string;
  /** A contact link, starting with `https://`, `http://` or `mailto:`. @default - no contact button */
  readonly contactLink?: string;
  /** The contact button text. @default "Contact us" */
  readonly contactButtonText?: string;
  /** The text shown while a session loads. @default "Loading your session" */
  readonly loadingText?: string;
}

/** What kind of branding image: the limits differ. */
enum ImageKind { ICON, WALLPAPER }

/**
 * A branding image, read by the service from S3 when the settings are
 * created or updated (CloudFormation's caller needs `s3:GetObject` on it).
 * Logo and favicon: JPEG, PNG or ICO, at most 100 KB; wallpaper: JPEG or PNG,
 * at most 5 MB.
 */
export abstract class BrandingImage {
  /**
   * An object in a bucket. CloudFormation sees only the URI: replacing the
   * object under the same key does not update the portal.
   */
  public static fromBucket(bucket: s3.IBucket, key: string): BrandingImage {
    return new BucketImage(bucket, key);
  }

  /** A local file, uploaded as an asset; its size and extension are checked at synth. */
  public static fromAsset(filePath: string, options: s3assets.AssetOptions = {}): BrandingImage {
    return new AssetImage(filePath, options);
  }

  /** The image's `s3://bucket/key` URI; `prop` names the image in error messages. */
  public abstract bind(scope: Construct, prop: string): BrandingImageConfig;
}

/** What a `BrandingImage` binds to: where the service reads it. */
export interface BrandingImageConfig {
  /** The `s3://bucket/key` URI of the image. */
  readonly s3Uri: string;
}

class BucketImage extends BrandingImage {
  constructor(private readonly bucket: s3.IBucket, private readonly key: string) { super(); }

  public bind(scope: Construct, prop: string): BrandingImageConfig {
    if (!Token.isUnresolved(this.key) && this.key.length === 0) {
      throw validationError(scope, `\`${prop}\` needs an object key, got ''`);
    }
    const name = this.bucket.bucketName;
    if (!Token.isUnresolved(name) && !S3_BUCKET.test(name)) {
      throw validationError(scope, `\`${prop}\` must be in a bucket whose name matches ${S3_BUCKET.source}, got '${name}'`);
    }
    return { s3Uri: `s3://${name}/${this.key}` };
  }
}

class AssetImage extends BrandingImage {
  constructor(private readonly filePath: string, private readonly options: s3assets.AssetOptions) { super(); }

  public bind(scope: Construct, prop: string): BrandingImageConfig {
    const kind = prop.endsWith('wallpaper') ? ImageKind.WALLPAPER : ImageKind.ICON;
    validateImageFile(scope, prop, this.filePath, kind);
    const asset = new s3assets.Asset(scope, `${prop.split('.').pop()!.replace(/^./, c => c.toUpperCase())}Asset`, {
      ...this.options,
      path: this.filePath,
    });
    return { s3Uri: asset.s3ObjectUrl };
  }
}

/** The portal's branding: sign-in page images, texts and colours. */
export interface BrandingConfiguration {
  /** The logo: JPEG, PNG or ICO, at most 100 KB. */
  readonly logo: BrandingImage;
  /** The favicon: JPEG, PNG or ICO, at most 100 KB. */
  readonly favicon: BrandingImage;
  /** The texts, one entry per language (at least one, each language once). */
  readonly localizedStrings: LocalizedBrandingStrings[];
  /** The colour theme of the portal's components. */
  readonly colorTheme: ColorTheme;
  /** The wallpaper: JPEG or PNG, at most 5 MB. @default - the service's wallpaper */
  readonly wallpaper?: BrandingImage;
  /** Terms of service in Markdown that users accept before a session: at most 153600 characters. @default - none */
  readonly termsOfService?: string;
}

/** Properties of `UserSettings`. */
export interface UserSettingsProps {
  /**
   * Whether users may copy from the session to their device (`CopyAllowed`
   * Enabled or Disabled). Required, like the other four transfer
   * permissions: the service has no default and each one is a data-loss
   * decision to make explicitly.
   */
  readonly copy: boolean;
  /** Whether users may paste from their device into the session (`PasteAllowed`). */
  readonly paste: boolean;
  /** Whether users may download files from the session to their device (`DownloadAllowed`). */
  readonly download: boolean;
  /** Whether users may upload files from their device to the session (`UploadAllowed`). */
  readonly upload: boolean;
  /** Whether users may print to their local printer (`PrintAllowed`). */
  readonly print: boolean;

  /**
   * Whether users may open a session's URL directly (deep links, `DeepLinkAllowed`).
   *
   * @default - the service's default
   */
  readonly deepLink?: boolean;

  /**
   * Whether users may use their local WebAuthn authenticators (security
   * keys, passkeys) in sessions (`WebAuthnAllowed`).
   *
   * @default - the service's default
   */
  readonly webAuthn?: boolean;

  /**
   * How long a disconnected session is kept so the user can reconnect: 1-600 whole minutes.
   *
   * @default - the service's default
   */
  readonly disconnectTimeout?: Duration;

  /**
   * How long a user may be idle before being disconnected: 0-60 whole minutes.
   *
   * @default - the service's default
   */
  readonly idleDisconnectTimeout?: Duration;

  /**
   * The session toolbar.
   *
   * @default - users control their toolbar
   */
  readonly toolbar?: ToolbarConfiguration;

  /**
   * The portal's branding.
   *
   * @default - the service's branding
   */
  readonly branding?: BrandingConfiguration;

  /**
   * Cookies synchronized from users' local browsers into sessions (needs the
   * WorkSpaces Secure Browser browser extension).
   *
   * @default - no cookie synchronization
   */
  readonly cookieSynchronization?: CookieSynchronization;

  /**
   * A symmetric customer managed key that encrypts the settings. The key
   * policy gets a statement for `workspaces-web.amazonaws.com` scoped with
   * `aws:SourceAccount` (a warning tells what to add when the key is
   * imported). Create-only: changing it replaces the settings.
   *
   * @default - an AWS owned key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Additional encryption context for `encryptionKey`. Create-only: changing
   * it replaces the settings.
   *
   * @default - none
   */
  readonly additionalEncryptionContext?: Record<string, string>;
}

const COOKIE_DOMAIN = /^(\.?)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;
const COOKIE_PATH = /^\/(\S)*$/;
const BRANDING_TEXT = /^[^<>&'`~\\]*$/;
const CONTACT_LINK = /^(https?:\/\/|mailto:).*/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_COOKIES = 10;
const MAX_TERMS_OF_SERVICE = 153600;
const MAX_ICON_BYTES = 100 * 1024;
const MAX_WALLPAPER_BYTES = 5 * 1024 * 1024;

/**
 * WorkSpaces Secure Browser user settings (`AWS::WorkSpacesWeb::UserSettings`):
 * what users may transfer between their device and a session, session
 * timeouts, the toolbar, the portal's branding and cookie synchronization.
 */
export class UserSettings extends Resource implements IUserSettings {
  /**
   * Refers to existing user settings by their ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param userSettingsArn the ARN of the user settings
   */
  public static fromUserSettingsArn(scope: Construct, id: string, userSettingsArn: string): IUserSettings {
    validateSecureBrowserArn(scope, id, 'userSettingsArn', 'user settings', 'userSettings', userSettingsArn);
    class Import extends Resource implements IUserSettings {
      public readonly userSettingsArn = userSettingsArn;
      public get userSettingsRef(): webRefs.UserSettingsReference {
        return { userSettingsArn: this.userSettingsArn };
      }
    }
    return new Import(scope, id, { environmentFromArn: userSettingsArn });
  }

  /** The ARN. @attribute */
  public readonly userSettingsArn: string;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props what users may do in a session, timeouts, toolbar and branding
   */
  constructor(scope: Construct, id: string, props: UserSettingsProps) {
    super(scope, id);

    // Validate everything before creating anything.
    const disconnect = durationMinutes(this, 'disconnectTimeout', props.disconnectTimeout, 1, 600);
    const idle = durationMinutes(this, 'idleDisconnectTimeout', props.idleDisconnectTimeout, 0, 60);
    if (props.cookieSynchronization !== undefined) {
      validateCookies(this, 'cookieSynchronization.allowlist', props.cookieSynchronization.allowlist);
      validateCookies(this, 'cookieSynchronization.blocklist', props.cookieSynchronization.blocklist ?? []);
    }
    if (props.branding !== undefined) {
      validateLocalizedStrings(this, props.branding.localizedStrings);
      validateTermsOfService(this, props.branding.termsOfService);
    }
    validateEncryptionKey(this, props.encryptionKey);
    validateEncryptionContext(this, props.additionalEncryptionContext);

    // Image files are checked (size, extension) as they are bound.
    const branding = props.branding ? renderBranding(this, props.branding) : undefined;

    if (props.encryptionKey) {
      grantKeyToSecureBrowser(this, props.encryptionKey);
    }

    const resource = new CfnUserSettings(this, 'Resource', {
      copyAllowed: enabledType(props.copy),
      pasteAllowed: enabledType(props.paste),
      downloadAllowed: enabledType(props.download),
      uploadAllowed: enabledType(props.upload),
      printAllowed: enabledType(props.print),
      deepLinkAllowed: props.deepLink === undefined ? undefined : enabledType(props.deepLink),
      webAuthnAllowed: props.webAuthn === undefined ? undefined : enabledType(props.webAuthn),
      disconnectTimeoutInMinutes: disconnect,
      idleDisconnectTimeoutInMinutes: idle,
      toolbarConfiguration: props.toolbar ? {
        toolbarType: props.toolbar.toolbarType,
        visualMode: props.toolbar.visualMode,
        hiddenToolbarItems: props.toolbar.hiddenToolbarItems,
        maxDisplayResolution: props.toolbar.maxDisplayResolution,
      } : undefined,
      brandingConfiguration: branding,
      cookieSynchronizationConfiguration: props.cookieSynchronization ? {
        allowlist: props.cookieSynchronization.allowlist.map(renderCookie),
        blocklist: props.cookieSynchronization.blocklist?.map(renderCookie),
      } : undefined,
      customerManagedKey: props.encryptionKey?.keyArn,
      additionalEncryptionContext: props.additionalEncryptionContext,
    });

    this.userSettingsArn = resource.attrUserSettingsArn;
  }

  public get userSettingsRef(): webRefs.UserSettingsReference {
    return { userSettingsArn: this.userSettingsArn };
  }
}

function renderBranding(scope: Construct, b: BrandingConfiguration): CfnUserSettings.BrandingConfigurationProperty {
  const localizedStrings: Record<string, CfnUserSettings.LocalizedBrandingStringsProperty> = {};
  for (const s of b.localizedStrings) {
    localizedStrings[s.locale] = {
      browserTabTitle: s.browserTabTitle,
      welcomeText: s.welcomeText,
      loginTitle: s.loginTitle,
      loginDescription: s.loginDescription,
      loginButtonText: s.loginButtonText,
      contactLink: s.contactLink,
      contactButtonText: s.contactButtonText,
      loadingText: s.loadingText,
    };
  }
  return {
    logo: b.logo.bind(scope, 'branding.logo').s3Uri,
    favicon: b.favicon.bind(scope, 'branding.favicon').s3Uri,
    wallpaper: b.wallpaper?.bind(scope, 'branding.wallpaper').s3Uri,
    localizedStrings,
    colorTheme: b.colorTheme,
    termsOfService: b.termsOfService,
  };
}

/** The service's `EnabledType` of an on/off prop: `Enabled` or `Disabled`. */
function enabledType(allowed: boolean): string {
  return allowed ? 'Enabled' : 'Disabled';
}

function renderCookie(c: CookieSpecification): CfnUserSettings.CookieSpecificationProperty {
  return { domain: c.domain, name: c.name, path: c.path };
}

/** A Duration as whole minutes within [min, max]; undefined when absent. */
function durationMinutes(scope: IConstruct, prop: string, value: Duration | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (value.isUnresolved()) return value.toMinutes();
  const minutes = value.toMinutes({ integral: false });
  if (!Number.isInteger(minutes)) {
    throw validationError(scope, `\`${prop}\` must be a whole number of minutes, got ${value.toHumanString()}`);
  }
  if (minutes < min || minutes > max) {
    throw validationError(scope, `\`${prop}\` must be between ${min} and ${max} minutes, got ${minutes}`);
  }
  return minutes;
}

function validateCookies(scope: IConstruct, prop: string, cookies: CookieSpecification[]): void {
  if (cookies.length > MAX_COOKIES) {
    throw validationError(scope, `\`${prop}\` must hold at most ${MAX_COOKIES} cookie specifications, got ${cookies.length}`);
  }
  for (const c of cookies) {
    validateCookieDomain(scope, prop, c.domain);
    validateCookieName(scope, prop, c.name);
    validateCookiePath(scope, prop, c.path);
  }
}

function validateCookieDomain(scope: IConstruct, prop: string, domain: string): void {
  if (Token.isUnresolved(domain)) return;
  if (domain.length > 253 || !COOKIE_DOMAIN.test(domain)) {
    throw validationError(scope, `\`${prop}\` domains must be lower-case domain names of at most 253 characters, optionally with a leading '.', got '${domain}'`);
  }
}

function validateCookieName(scope: IConstruct, prop: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  if (name.length > 4096) {
    throw validationError(scope, `\`${prop}\` names must be at most 4096 characters, got ${name.length}`);
  }
}

function validateCookiePath(scope: IConstruct, prop: string, cookiePath: string | undefined): void {
  if (cookiePath === undefined || Token.isUnresolved(cookiePath)) return;
  if (cookiePath.length > 2000 || !COOKIE_PATH.test(cookiePath)) {
    throw validationError(scope, `\`${prop}\` paths must start with '/', contain no spaces and be at most 2000 characters, got '${cookiePath}'`);
  }
}

function validateLocalizedStrings(scope: IConstruct, strings: LocalizedBrandingStrings[]): void {
  if (strings.length === 0) {
    throw validationError(scope, '`branding.localizedStrings` must hold at least one language, got 0');
  }
  const seen = new Set<string>();
  for (const s of strings) {
    if (seen.has(s.locale)) {
      throw validationError(scope, `\`branding.localizedStrings\` must hold each locale once, got '${s.locale}' twice`);
    }
    seen.add(s.locale);
    const texts: Array<[string, string | undefined]> = [
      ['browserTabTitle', s.browserTabTitle], ['welcomeText', s.welcomeText], ['loginTitle', s.loginTitle],
      ['loginDescription', s.loginDescription], ['loginButtonText', s.loginButtonText],
      ['contactButtonText', s.contactButtonText], ['loadingText', s.loadingText],
    ];
    for (const [field, text] of texts) {
      if (text !== undefined && !Token.isUnresolved(text) && !BRANDING_TEXT.test(text)) {
        throw validationError(scope, `\`branding.localizedStrings\` (${s.locale}) \`${field}\` must not contain < > & ' \` ~ or \\, got '${text}'`);
      }
    }
    if (s.contactLink !== undefined && !Token.isUnresolved(s.contactLink) && !CONTACT_LINK.test(s.contactLink)) {
      throw validationError(scope, `\`branding.localizedStrings\` (${s.locale}) \`contactLink\` must start with https://, http:// or mailto:, got '${s.contactLink}'`);
    }
  }
}

function validateTermsOfService(scope: IConstruct, terms: string | undefined): void {
  if (terms === undefined || Token.isUnresolved(terms)) return;
  if (terms.length > MAX_TERMS_OF_SERVICE) {
    throw validationError(scope, `\`branding.termsOfService\` must be at most ${MAX_TERMS_OF_SERVICE} characters, got ${terms.length}`);
  }
}

function validateImageFile(scope: IConstruct, prop: string, filePath: string, kind: ImageKind): void {
  const extensions = kind === ImageKind.WALLPAPER ? ['.png', '.jpg', '.jpeg'] : ['.png', '.jpg', '.jpeg', '.ico'];
  const ext = path.extname(filePath).toLowerCase();
  if (!extensions.includes(ext)) {
    throw validationError(scope, `\`${prop}\` must be a ${extensions.join(', ')} file, got '${filePath}'`);
  }
  let size: number;
  try {
    size = fs.statSync(filePath).size;
  } catch {
    throw validationError(scope, `\`${prop}\` must be an existing file, got '${filePath}'`);
  }
  const max = kind === ImageKind.WALLPAPER ? MAX_WALLPAPER_BYTES : MAX_ICON_BYTES;
  if (size > max) {
    throw validationError(scope, `\`${prop}\` must be at most ${max} bytes, got ${size} bytes ('${filePath}')`);
  }
}
