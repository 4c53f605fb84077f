import { IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnBrowserSettings } from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { validateSecureBrowserArn } from './web-arn';
import { grantKeyToSecureBrowser, validateEncryptionContext, validateEncryptionKey } from './web-encryption';
import { unscopedValidationError, validationError } from '../private/errors';

/** Browser settings of WorkSpaces Secure Browser: created by `BrowserSettings` or imported. */
export interface IBrowserSettings extends IResource, webRefs.IBrowserSettingsRef {
  /**
   * The ARN: `arn:<partition>:workspaces-web:<region>:<account>:browserSettings/<id>`.
   *
   * @attribute
   */
  readonly browserSettingsArn: string;
}

/**
 * The Chrome `DownloadRestrictions` policy: which downloads Chrome blocks.
 *
 * @see https://support.google.com/chrome/a/answer/7579271
 */
export enum DownloadRestrictions {
  /** No special restrictions (Chrome's value 0). Secure Browser's baseline policy sets 1 unless this is given. */
  NO_RESTRICTIONS = 'NO_RESTRICTIONS',
  /** Blocks malicious files and dangerous file types (1): the Secure Browser baseline. */
  BLOCK_DANGEROUS = 'BLOCK_DANGEROUS',
  /** Blocks malicious, uncommon or unwanted files and dangerous file types (2). */
  BLOCK_POTENTIALLY_DANGEROUS = 'BLOCK_POTENTIALLY_DANGEROUS',
  /** Blocks all downloads (3). */
  BLOCK_ALL = 'BLOCK_ALL',
  /** Blocks malicious files only, not dangerous file types (4). */
  BLOCK_MALICIOUS = 'BLOCK_MALICIOUS',
}

const DOWNLOAD_RESTRICTIONS: Record<DownloadRestrictions, number> = {
  [DownloadRestrictions.NO_RESTRICTIONS]: 0,
  [DownloadRestrictions.BLOCK_DANGEROUS]: 1,
  [DownloadRestrictions.BLOCK_POTENTIALLY_DANGEROUS]: 2,
  [DownloadRestrictions.BLOCK_ALL]: 3,
  [DownloadRestrictions.BLOCK_MALICIOUS]: 4,
};

/**
 * The Chrome `IncognitoModeAvailability` policy.
 *
 * @see https://support.google.com/chrome/a/answer/13130396
 */
export enum IncognitoMode {
  /** Users may open Incognito windows (Chrome's value 0). */
  AVAILABLE = 'AVAILABLE',
  /** Users cannot open Incognito windows (1). */
  DISABLED = 'DISABLED',
  /** Pages open only in Incognito windows (2). */
  FORCED = 'FORCED',
}

const INCOGNITO_MODES: Record<IncognitoMode, number> = {
  [IncognitoMode.AVAILABLE]: 0,
  [IncognitoMode.DISABLED]: 1,
  [IncognitoMode.FORCED]: 2,
};

/**
 * A managed bookmark (Chrome `ManagedBookmarks`): a link (`url`) or a folder
 * (`children`), never both.
 */
export interface ManagedBookmark {
  /** The name shown for the bookmark or folder. */
  readonly name: string;
  /**
   * The target; Chrome completes partial URLs (`example.com` becomes `https://example.com/`).
   *
   * @default - none: the bookmark is a folder and `children` is required
   */
  readonly url?: string;
  /**
   * The bookmarks of a folder.
   *
   * @default - none: the bookmark is a link and `url` is required
   */
  readonly children?: ManagedBookmark[];
}

/** The default search provider (Chrome `DefaultSearchProvider*` policies). */
export interface DefaultSearchProvider {
  /** The provider's name (`DefaultSearchProviderName`). */
  readonly name: string;
  /**
   * The search URL (`DefaultSearchProviderSearchURL`); must contain
   * `{searchTerms}`, which Chrome replaces with the user's query.
   */
  readonly searchUrl: string;
}

/**
 * Common Chrome enterprise policies, typed. Every policy left out keeps
 * Chrome's (and Secure Browser's baseline) behaviour; `additionalPolicies`
 * takes any other policy by name.
 *
 * @see https://chromeenterprise.google/policies/
 * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/browser-policies-baseline.html
 */
export interface ChromePolicies {
  /**
   * URL patterns users may open even when `urlBlocklist` matches them (`URLAllowlist`).
   *
   * @default - none beyond the service's baseline
   */
  readonly urlAllowlist?: string[];
  /**
   * URL patterns users cannot open (`URLBlocklist`), e.g. `['*']` with an
   * allowlist to allow only the listed sites.
   *
   * @default - none beyond the service's baseline
   */
  readonly urlBlocklist?: string[];
  /**
   * Bookmarks users cannot change (`ManagedBookmarks`).
   *
   * @default - no managed bookmarks
   */
  readonly managedBookmarks?: ManagedBookmark[];
  /**
   * The name of the folder holding `managedBookmarks` (`toplevel_name`).
   *
   * @default - Chrome's "Managed bookmarks"
   */
  readonly managedBookmarksFolderName?: string;
  /**
   * Which downloads Chrome blocks (`DownloadRestrictions`).
   *
   * @default - the service's baseline: DownloadRestrictions.BLOCK_DANGEROUS
   */
  readonly downloadRestrictions?: DownloadRestrictions;
  /**
   * Whether users may browse in Incognito windows (`IncognitoModeAvailability`).
   *
   * @default - Chrome's default: IncognitoMode.AVAILABLE
   */
  readonly incognitoMode?: IncognitoMode;
  /**
   * Whether Chrome offers to save passwords (`PasswordManagerEnabled`).
   *
   * @default - Chrome's default: enabled, and users may turn it off
   */
  readonly passwordManagerEnabled?: boolean;
  /**
   * Whether users may print from the browser (`PrintingEnabled`).
   *
   * @default - Chrome's default: enabled
   */
  readonly printingEnabled?: boolean;
  /**
   * Whether users may delete their browsing and download history (`AllowDeletingBrowserHistory`).
   *
   * @default - Chrome's default: allowed
   */
  readonly allowDeletingBrowserHistory?: boolean;
  /**
   * Whether the bookmark bar is shown (`BookmarkBarEnabled`).
   *
   * @default - the user chooses
   */
  readonly bookmarkBarEnabled?: boolean;
  /**
   * The default search provider; sets `DefaultSearchProviderEnabled` to true.
   *
   * @default - the user chooses
   */
  readonly defaultSearchProvider?: DefaultSearchProvider;
  /**
   * Pages opened when a session starts: sets `RestoreOnStartup` to 4 (open a
   * list of URLs) and `RestoreOnStartupURLs`.
   *
   * @default - the user chooses
   */
  readonly startupUrls?: string[];
  /**
   * Extension ids users may install despite `extensionInstallBlocklist` (`ExtensionInstallAllowlist`).
   *
   * @default - none
   */
  readonly extensionInstallAllowlist?: string[];
  /**
   * Extension ids users cannot install, `*` for all (`ExtensionInstallBlocklist`).
   *
   * @default - none
   */
  readonly extensionInstallBlocklist?: string[];
  /**
   * Any other Chrome policy, by its name, with its value (this library wraps
   * each one in `{ "value": … }`), e.g. `{ DeveloperToolsAvailability: 2 }`.
   * A name set by a typed field above is refused.
   *
   * @default - none
   */
  readonly additionalPolicies?: { [policyName: string]: any };
}

/** The most characters of the browser policy JSON (CloudFormation `BrowserPolicy` maxLength). */
const MAX_BROWSER_POLICY_LENGTH = 131072;
const BROWSER_POLICY_PATTERN = /^\{[\S\s]*\}\s*$/;

/**
 * A browser policy: the Chrome enterprise policies applied to every session,
 * as the JSON the service expects,
 * `{"chromePolicies": {"<PolicyName>": {"value": …}}}`. The service applies
 * its baseline policy on top.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/browser-policies-custom.html
 */
export class BrowserPolicy {
  /** A policy from typed Chrome policies. */
  public static fromChromePolicies(policies: ChromePolicies): BrowserPolicy {
    return new BrowserPolicy({ chromePolicies: renderChromePolicies(policies) }, undefined);
  }

  /** A policy from its JSON text (e.g. a file exported from the console), used as is. */
  public static fromJson(json: string): BrowserPolicy {
    if (!Token.isUnresolved(json)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch (e) {
        throw unscopedValidationError('BrowserPolicy.fromJson', `\`json\` must be valid JSON, got a parse error: ${(e as Error).message}`);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw unscopedValidationError('BrowserPolicy.fromJson', `\`json\` must be a JSON object ({"chromePolicies": …}), got ${json.slice(0, 40)}`);
      }
    }
    return new BrowserPolicy(undefined, json);
  }

  /** A policy from the whole document as an object, e.g. `{ chromePolicies: { URLBlocklist: { value: ['*'] } } }`. */
  public static fromObject(obj: { [key: string]: any }): BrowserPolicy {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      throw unscopedValidationError('BrowserPolicy.fromObject', `\`obj\` must be an object ({ chromePolicies: … }), got ${JSON.stringify(obj)}`);
    }
    return new BrowserPolicy(obj, undefined);
  }

  private constructor(
    private readonly document: { [key: string]: any } | undefined,
    private readonly json: string | undefined,
  ) {}

  /** The policy JSON, as CloudFormation receives it in `scope`'s stack. */
  public bind(scope: Construct): BrowserPolicyConfig {
    if (this.json !== undefined) return { json: this.json };
    const text = JSON.stringify(this.document);
    // Tokens inside the document (e.g. a bucket URL) need CloudFormation's JSON rendering.
    return { json: Token.isUnresolved(text) ? Stack.of(scope).toJsonString(this.document) : text };
  }
}

/** What a `BrowserPolicy` binds to: the policy document as JSON text. */
export interface BrowserPolicyConfig {
  /** The JSON the service receives (`BrowserPolicy` of `AWS::WorkSpacesWeb::BrowserSettings`). */
  readonly json: string;
}

/**
 * The web content filtering categories of the service (CloudFormation `Category`).
 * The service decides which sites fall in each category.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/APIReference/API_WebContentFilteringPolicy.html
 */
export enum WebContentCategory {
  /** Sites of cults (`Cults`). */
  CULTS = 'Cults',
  /** Gambling sites (`Gambling`). */
  GAMBLING = 'Gambling',
  /** Sites showing nudity (`Nudity`). */
  NUDITY = 'Nudity',
  /** Pornographic sites (`Pornography`). */
  PORNOGRAPHY = 'Pornography',
  /** Sex education sites (`SexEducation`). */
  SEX_EDUCATION = 'SexEducation',
  /** Tasteless or offensive content (`Tasteless`). */
  TASTELESS = 'Tasteless',
  /** Violent content (`Violence`). */
  VIOLENCE = 'Violence',
  /** Software and file download sites (`DownloadSites`). */
  DOWNLOAD_SITES = 'DownloadSites',
  /** Image sharing sites (`ImageSharing`). */
  IMAGE_SHARING = 'ImageSharing',
  /** Peer-to-peer file sharing (`PeerToPeer`). */
  PEER_TO_PEER = 'PeerToPeer',
  /** Streaming media and media downloads (`StreamingMediaAndDownloads`). */
  STREAMING_MEDIA_AND_DOWNLOADS = 'StreamingMediaAndDownloads',
  /** Generative AI services (`GenerativeAI`). */
  GENERATIVE_AI = 'GenerativeAI',
  /** Sites about or promoting criminal activity (`CriminalActivity`). */
  CRIMINAL_ACTIVITY = 'CriminalActivity',
  /** Hacking sites (`Hacking`). */
  HACKING = 'Hacking',
  /** Hate speech and intolerance (`HateAndIntolerance`). */
  HATE_AND_INTOLERANCE = 'HateAndIntolerance',
  /** Illegal drugs (`IllegalDrug`). */
  ILLEGAL_DRUG = 'IllegalDrug',
  /** Pirated or illegal software (`IllegalSoftware`). */
  ILLEGAL_SOFTWARE = 'IllegalSoftware',
  /** Sites that help cheat at school (`SchoolCheating`). */
  SCHOOL_CHEATING = 'SchoolCheating',
  /** Self-harm content (`SelfHarm`). */
  SELF_HARM = 'SelfHarm',
  /** Weapons sites (`Weapons`). */
  WEAPONS = 'Weapons',
  /** Chat sites (`Chat`). */
  CHAT = 'Chat',
  /** Online games (`Games`). */
  GAMES = 'Games',
  /** Instant messaging services (`InstantMessaging`). */
  INSTANT_MESSAGING = 'InstantMessaging',
  /** Professional networks (`ProfessionalNetwork`). */
  PROFESSIONAL_NETWORK = 'ProfessionalNetwork',
  /** Social networks (`SocialNetworking`). */
  SOCIAL_NETWORKING = 'SocialNetworking',
  /** Web-based email (`WebBasedEmail`). */
  WEB_BASED_EMAIL = 'WebBasedEmail',
  /** Parked domains: registered domains with no real content (`ParkedDomains`). */
  PARKED_DOMAINS = 'ParkedDomains',
}

/** Web content filtering: categories and URLs the service blocks or always allows. */
export interface WebContentFilteringPolicy {
  /**
   * Categories of websites blocked: 1-100, no repeats.
   *
   * @default - no category blocked
   */
  readonly blockedCategories?: WebContentCategory[];
  /**
   * URLs and domains always allowed (e.g. `https://example.com/*`, `example.com`): 1-1000.
   *
   * @default - none
   */
  readonly allowedUrls?: string[];
  /**
   * URLs and domains blocked: 1-1000.
   *
   * @default - none
   */
  readonly blockedUrls?: string[];
}

/** Properties of `BrowserSettings`. */
export interface BrowserSettingsProps {
  /**
   * The Chrome policies applied to every session.
   *
   * @default - only the service's baseline policy
   */
  readonly policy?: BrowserPolicy;

  /**
   * Web content filtering by category and URL.
   *
   * @default - no web content filtering
   */
  readonly webContentFilteringPolicy?: WebContentFilteringPolicy;

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

/** CloudFormation's pattern of `AllowedUrls` / `BlockedUrls` items. */
const FILTER_URL = /^((([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\*|[\w%._\-+~#=@]+)?(\/[^@\s]*)?(?:\?([^*\s]+(?:\*?)))?)|(\*|[\w%._\-+~#=@]+\.[\w%._\-+~#=@]+)(?::(\d{1,5}))?(\/[^@\s]*)?(?:\?([^*\s]+(?:\*?)))?|(([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/)?\*))$/;

/**
 * WorkSpaces Secure Browser browser settings
 * (`AWS::WorkSpacesWeb::BrowserSettings`): the Chrome policies and web
 * content filtering of a portal's sessions.
 */
export class BrowserSettings extends Resource implements IBrowserSettings {
  /**
   * Refers to existing browser settings by their ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param browserSettingsArn the ARN of the browser settings
   */
  public static fromBrowserSettingsArn(scope: Construct, id: string, browserSettingsArn: string): IBrowserSettings {
    validateSecureBrowserArn(scope, id, 'browserSettingsArn', 'browser settings', 'browserSettings', browserSettingsArn);
    class Import extends Resource implements IBrowserSettings {
      public readonly browserSettingsArn = browserSettingsArn;
      public get browserSettingsRef(): webRefs.BrowserSettingsReference {
        return { browserSettingsArn: this.browserSettingsArn };
      }
    }
    return new Import(scope, id, { environmentFromArn: browserSettingsArn });
  }

  /** The ARN. @attribute */
  public readonly browserSettingsArn: string;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the Chrome policies, web content filtering and encryption of the settings
   */
  constructor(scope: Construct, id: string, props: BrowserSettingsProps = {}) {
    super(scope, id);

    // Validate everything before creating anything.
    const browserPolicy = props.policy?.bind(this).json;
    validateBrowserPolicy(this, browserPolicy);
    if (props.webContentFilteringPolicy !== undefined) {
      validateBlockedCategories(this, props.webContentFilteringPolicy.blockedCategories);
      validateFilterUrls(this, 'allowedUrls', props.webContentFilteringPolicy.allowedUrls);
      validateFilterUrls(this, 'blockedUrls', props.webContentFilteringPolicy.blockedUrls);
    }
    validateEncryptionKey(this, props.encryptionKey);
    validateEncryptionContext(this, props.additionalEncryptionContext);

    if (props.encryptionKey) {
      grantKeyToSecureBrowser(this, props.encryptionKey);
    }

    const filtering = props.webContentFilteringPolicy;
    const resource = new CfnBrowserSettings(this, 'Resource', {
      browserPolicy,
      webContentFilteringPolicy: filtering ? {
        blockedCategories: filtering.blockedCategories,
        allowedUrls: filtering.allowedUrls,
        blockedUrls: filtering.blockedUrls,
      } : undefined,
      customerManagedKey: props.encryptionKey?.keyArn,
      additionalEncryptionContext: props.additionalEncryptionContext,
    });

    this.browserSettingsArn = resource.attrBrowserSettingsArn;
  }

  public get browserSettingsRef(): webRefs.BrowserSettingsReference {
    return { browserSettingsArn: this.browserSettingsArn };
  }
}

/** Where the typed policies are given, named in their messages: they are checked before any construct exists. */
const FROM_CHROME_POLICIES = 'BrowserPolicy.fromChromePolicies';

function renderChromePolicies(p: ChromePolicies): Record<string, { value: unknown }> {
  const out: Record<string, { value: unknown }> = {};
  const set = (name: string, value: unknown) => {
    if (value !== undefined) out[name] = { value };
  };
  validateStringList('urlAllowlist', p.urlAllowlist);
  validateStringList('urlBlocklist', p.urlBlocklist);
  validateStringList('startupUrls', p.startupUrls);
  validateStringList('extensionInstallAllowlist', p.extensionInstallAllowlist);
  validateStringList('extensionInstallBlocklist', p.extensionInstallBlocklist);
  p.managedBookmarks?.forEach((b, i) => validateBookmark(b, `managedBookmarks[${i}]`));
  if (p.managedBookmarksFolderName !== undefined && p.managedBookmarks === undefined) {
    throw unscopedValidationError(FROM_CHROME_POLICIES, `\`managedBookmarksFolderName\` needs \`managedBookmarks\`, got folder name '${p.managedBookmarksFolderName}' without bookmarks`);
  }
  validateSearchProvider(p.defaultSearchProvider);

  set('URLAllowlist', p.urlAllowlist);
  set('URLBlocklist', p.urlBlocklist);
  if (p.managedBookmarks !== undefined) {
    const folder = p.managedBookmarksFolderName !== undefined ? [{ toplevel_name: p.managedBookmarksFolderName }] : [];
    set('ManagedBookmarks', [...folder, ...p.managedBookmarks.map(renderBookmark)]);
  }
  set('DownloadRestrictions', p.downloadRestrictions !== undefined ? DOWNLOAD_RESTRICTIONS[p.downloadRestrictions] : undefined);
  set('IncognitoModeAvailability', p.incognitoMode !== undefined ? INCOGNITO_MODES[p.incognitoMode] : undefined);
  set('PasswordManagerEnabled', p.passwordManagerEnabled);
  set('PrintingEnabled', p.printingEnabled);
  set('AllowDeletingBrowserHistory', p.allowDeletingBrowserHistory);
  set('BookmarkBarEnabled', p.bookmarkBarEnabled);
  if (p.defaultSearchProvider !== undefined) {
    set('DefaultSearchProviderEnabled', true);
    set('DefaultSearchProviderName', p.defaultSearchProvider.name);
    set('DefaultSearchProviderSearchURL', p.defaultSearchProvider.searchUrl);
  }
  if (p.startupUrls !== undefined) {
    set('RestoreOnStartup', 4);
    set('RestoreOnStartupURLs', p.startupUrls);
  }
  set('ExtensionInstallAllowlist', p.extensionInstallAllowlist);
  set('ExtensionInstallBlocklist', p.extensionInstallBlocklist);
  for (const [name, value] of Object.entries(p.additionalPolicies ?? {})) {
    if (name in out) {
      throw unscopedValidationError(FROM_CHROME_POLICIES, `\`additionalPolicies\` must not set a policy a typed field sets, got '${name}'`);
    }
    set(name, value);
  }
  return out;
}

function renderBookmark(b: ManagedBookmark): Record<string, unknown> {
  return b.children !== undefined
    ? { name: b.name, children: b.children.map(renderBookmark) }
    : { name: b.name, url: b.url };
}

function validateStringList(prop: string, values: string[] | undefined): void {
  values?.forEach((v, i) => {
    if (!Token.isUnresolved(v) && v.trim().length === 0) {
      throw unscopedValidationError(FROM_CHROME_POLICIES, `\`${prop}\` entries must not be empty, got '${v}' at index ${i}`);
    }
  });
}

function validateBookmark(b: ManagedBookmark, path: string): void {
  if (!Token.isUnresolved(b.name) && b.name.trim().length === 0) {
    throw unscopedValidationError(FROM_CHROME_POLICIES, `\`${path}.name\` must not be empty, got '${b.name}'`);
  }
  if ((b.url === undefined) === (b.children === undefined)) {
    throw unscopedValidationError(FROM_CHROME_POLICIES, `\`${path}\` must have either \`url\` (a link) or \`children\` (a folder), got ${b.url === undefined ? 'neither' : 'both'} for '${b.name}'`);
  }
  b.children?.forEach((c, i) => validateBookmark(c, `${path}.children[${i}]`));
}

function validateSearchProvider(provider: DefaultSearchProvider | undefined): void {
  if (provider === undefined || Token.isUnresolved(provider.searchUrl)) return;
  if (!provider.searchUrl.includes('{searchTerms}')) {
    throw unscopedValidationError(FROM_CHROME_POLICIES, `\`defaultSearchProvider.searchUrl\` must contain {searchTerms}, got '${provider.searchUrl}'`);
  }
}

function validateBrowserPolicy(scope: IConstruct, json: string | undefined): void {
  if (json === undefined || Token.isUnresolved(json)) return;
  if (json.length < 2 || json.length > MAX_BROWSER_POLICY_LENGTH) {
    throw validationError(scope, `\`policy\` must be 2-${MAX_BROWSER_POLICY_LENGTH} characters of JSON, got ${json.length} characters`);
  }
  if (!BROWSER_POLICY_PATTERN.test(json)) {
    throw validationError(scope, `\`policy\` must be a JSON object (${BROWSER_POLICY_PATTERN.source}), got ${json.slice(0, 40)}`);
  }
}

function validateBlockedCategories(scope: IConstruct, categories: WebContentCategory[] | undefined): void {
  if (categories === undefined || Token.isUnresolved(categories)) return;
  if (categories.length < 1 || categories.length > 100) {
    throw validationError(scope, `\`webContentFilteringPolicy.blockedCategories\` must hold 1-100 categories, got ${categories.length}`);
  }
  const seen = new Set<string>();
  for (const c of categories) {
    if (seen.has(c)) {
      throw validationError(scope, `\`webContentFilteringPolicy.blockedCategories\` must not repeat a category, got '${c}' twice`);
    }
    seen.add(c);
  }
}

function validateFilterUrls(scope: IConstruct, prop: string, urls: string[] | undefined): void {
  if (urls === undefined || Token.isUnresolved(urls)) return;
  if (urls.length < 1 || urls.length > 1000) {
    throw validationError(scope, `\`webContentFilteringPolicy.${prop}\` must hold 1-1000 URLs, got ${urls.length}`);
  }
  for (const url of urls) {
    if (!Token.isUnresolved(url) && !FILTER_URL.test(url)) {
      throw validationError(scope, `\`webContentFilteringPolicy.${prop}\` entries must be URLs or domains such as https://example.com/* or example.com, got '${url}'`);
    }
  }
}
