import { IResource, Resource, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnDataProtectionSettings } from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { validateSecureBrowserArn } from './web-arn';
import { grantKeyToSecureBrowser, validateEncryptionContext, validateEncryptionKey } from './web-encryption';
import { validationError } from '../private/errors';

/** Data protection settings of WorkSpaces Secure Browser: created by `DataProtectionSettings` or imported. */
export interface IDataProtectionSettings extends IResource, webRefs.IDataProtectionSettingsRef {
  /**
   * The ARN: `arn:<partition>:workspaces-web:<region>:<account>:dataProtectionSettings/<id>`.
   *
   * @attribute
   */
  readonly dataProtectionSettingsArn: string;
}

/**
 * A data type the service can redact out of the box. The constants are the
 * built-in pattern ids the admin guide lists; `of()` takes one it adds later.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/base-inline-redaction.html
 */
export class BuiltInRedactionPattern {
  /** AWS Access Key. */
  public static readonly AWS_ACCESS_KEY = new BuiltInRedactionPattern('awsAccessKey');
  /** AWS Secret Key. */
  public static readonly AWS_SECRET_KEY = new BuiltInRedactionPattern('awsSecretKey');
  /** Credit Card Numbers. */
  public static readonly CARD_NUMBERS = new BuiltInRedactionPattern('cardNumbers');
  /** Cryptocurrency Addresses. */
  public static readonly CRYPTO = new BuiltInRedactionPattern('crypto');
  /** CUSIP Number. */
  public static readonly CUSIP_NUMBER = new BuiltInRedactionPattern('cusipNum');
  /** Date. */
  public static readonly DATE = new BuiltInRedactionPattern('date');
  /** US DEA Numbers. */
  public static readonly DEA_NUMBER = new BuiltInRedactionPattern('deaNum');
  /** Date of Birth. */
  public static readonly DATE_OF_BIRTH = new BuiltInRedactionPattern('dob');
  /** US Driver's Licenses. */
  public static readonly DRIVERS_LICENSE = new BuiltInRedactionPattern('driversLicense');
  /** Email Address. */
  public static readonly EMAIL_ADDRESS = new BuiltInRedactionPattern('emailAddress');
  /** US Employer Identification Number. */
  public static readonly EIN = new BuiltInRedactionPattern('ein');
  /** Credit Card Expiration Date. */
  public static readonly CARD_EXPIRATION_DATE = new BuiltInRedactionPattern('expDate');
  /** Medicare Health Insurance Claim Number. */
  public static readonly HEALTH_INSURANCE_NUMBER = new BuiltInRedactionPattern('healthInsuranceNum');
  /** HIPAA ICD-10 Code. */
  public static readonly HIPAA_CODE = new BuiltInRedactionPattern('hipaaCode');
  /** US Individual Tax Id. */
  public static readonly INDIVIDUAL_TAX_ID = new BuiltInRedactionPattern('indivTaxId');
  /** IP Address. */
  public static readonly IP_ADDRESS = new BuiltInRedactionPattern('ipAddr');
  /** International Securities Identification Numbers. */
  public static readonly ISIN = new BuiltInRedactionPattern('isin');
  /** JSON Web Token. */
  public static readonly JWT = new BuiltInRedactionPattern('jwt');
  /** Location Coordinates. */
  public static readonly LOCATION_COORDINATES = new BuiltInRedactionPattern('locationCoord');
  /** MAC Address. */
  public static readonly MAC_ADDRESS = new BuiltInRedactionPattern('macAddr');
  /** Medicare Beneficiary Number. */
  public static readonly MEDICARE_BENEFICIARY_ID = new BuiltInRedactionPattern('medicareBeneficiaryId');
  /** National Provider Identification Number. */
  public static readonly NPI = new BuiltInRedactionPattern('npi');
  /** National Drug Codes (NDC). */
  public static readonly NDC = new BuiltInRedactionPattern('ndc');
  /** US Passport Number. */
  public static readonly PASSPORT_NUMBER = new BuiltInRedactionPattern('passportNum');
  /** Phone Number. */
  public static readonly PHONE_NUMBER = new BuiltInRedactionPattern('phoneNum');
  /** ABA Routing Number. */
  public static readonly ROUTING_NUMBER = new BuiltInRedactionPattern('routingNumber');
  /** US Social Security Number. */
  public static readonly SSN = new BuiltInRedactionPattern('ssn');
  /** SWIFT Code. */
  public static readonly SWIFT_CODE = new BuiltInRedactionPattern('swiftCode');
  /** Time. */
  public static readonly TIME = new BuiltInRedactionPattern('time');
  /** US Vehicle Identification Number. */
  public static readonly VIN = new BuiltInRedactionPattern('vin');

  /** A built-in pattern id this class has no constant for: 1-50 letters, digits, `_` and `-`. */
  public static of(id: string): BuiltInRedactionPattern {
    return new BuiltInRedactionPattern(id);
  }

  private constructor(private readonly id: string) {}

  /** The built-in pattern id. */
  public bind(_scope: Construct): BuiltInRedactionPatternConfig {
    return { id: this.id };
  }
}

/** What a `BuiltInRedactionPattern` binds to. */
export interface BuiltInRedactionPatternConfig {
  /** The service's built-in pattern id (`ssn`, `emailAddress`, …). */
  readonly id: string;
}

/**
 * How certain a match must be before text is redacted.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/APIReference/API_InlineRedactionConfiguration.html
 */
export enum RedactionConfidenceLevel {
  /** Level 1: formatted and unformatted matches are redacted, without keywords. */
  LOW = 'LOW',
  /** Level 2: formatted and unformatted matches, with keyword association (the service's default). */
  MEDIUM = 'MEDIUM',
  /** Level 3: only formatted text pattern matches are redacted. */
  HIGH = 'HIGH',
}

/** Per-pattern settings that override the configuration's global ones. */
export interface RedactionPatternOptions {
  /**
   * The text that replaces redacted content: 1-20 letters, digits, `*`, `_` and `-`.
   *
   * @default - the service's placeholder for the `CustomText` type
   */
  readonly placeholderText?: string;

  /**
   * The confidence level of this pattern.
   *
   * @default - the configuration's `globalConfidenceLevel`
   */
  readonly confidenceLevel?: RedactionConfidenceLevel;

  /**
   * URLs where this pattern is redacted: 1-20 URL patterns
   * (`https://crm.example.com/*`, `example.com:8443/app`, `https://*`, `*`).
   *
   * @default - the configuration's `globalEnforcedUrls`
   */
  readonly enforcedUrls?: string[];

  /**
   * URLs where this pattern is not redacted: 1-20 URL patterns.
   *
   * @default - the configuration's `globalExemptUrls`
   */
  readonly exemptUrls?: string[];
}

/** A data type of your own to redact. */
export interface CustomRedactionPatternProps extends RedactionPatternOptions {
  /** The pattern name: 1-20 letters, digits, `_` and `-`. */
  readonly name: string;

  /**
   * A JavaScript regular expression between slashes, with optional flags
   * (`/EMP-\d{6}/g`): at most 300 characters.
   */
  readonly regex: string;

  /**
   * A JavaScript regular expression between slashes searched near each
   * `regex` match: a match is redacted only if a keyword is found. At most
   * 300 characters.
   *
   * @default - every `regex` match is redacted
   */
  readonly keywordRegex?: string;

  /**
   * A description: 1-256 letters, digits, spaces, `_` and `-`.
   *
   * @default - no description
   */
  readonly description?: string;
}

/** One data type to redact: a built-in pattern or a custom one. */
export class InlineRedactionPattern {
  /** A data type the service knows (`BuiltInRedactionPattern.SSN`, …). */
  public static builtIn(pattern: BuiltInRedactionPattern, options: RedactionPatternOptions = {}): InlineRedactionPattern {
    return new InlineRedactionPattern(pattern, undefined, options);
  }

  /** A data type of your own, matched by a regular expression. */
  public static custom(props: CustomRedactionPatternProps): InlineRedactionPattern {
    return new InlineRedactionPattern(undefined, props, props);
  }

  private constructor(
    private readonly builtIn: BuiltInRedactionPattern | undefined,
    private readonly custom: CustomRedactionPatternProps | undefined,
    private readonly options: RedactionPatternOptions,
  ) {}

  /** The pattern: a built-in pattern id or a custom pattern, with its per-pattern overrides. */
  public bind(scope: Construct): InlineRedactionPatternConfig {
    return { builtInPatternId: this.builtIn?.bind(scope).id, customPattern: this.custom, options: this.options };
  }
}

/** What an `InlineRedactionPattern` binds to: one of `builtInPatternId` and `customPattern`, and the overrides. */
export interface InlineRedactionPatternConfig {
  /**
   * The built-in pattern id.
   *
   * @default - none: a custom pattern
   */
  readonly builtInPatternId?: string;
  /**
   * The custom pattern.
   *
   * @default - none: a built-in pattern
   */
  readonly customPattern?: CustomRedactionPatternProps;
  /** The per-pattern settings that override the configuration's global ones. */
  readonly options: RedactionPatternOptions;
}

/** In-session inline redaction: which data types are hidden where. */
export interface InlineRedactionConfiguration {
  /** The data types to redact: 0-150 patterns. */
  readonly patterns: InlineRedactionPattern[];

  /**
   * The confidence level of patterns that set none.
   *
   * @default - the service's default, RedactionConfidenceLevel.MEDIUM
   */
  readonly globalConfidenceLevel?: RedactionConfidenceLevel;

  /**
   * URLs where patterns without `enforcedUrls` are redacted: 1-100 URL patterns.
   *
   * @default - none
   */
  readonly globalEnforcedUrls?: string[];

  /**
   * URLs where patterns without `exemptUrls` are not redacted: 1-100 URL patterns.
   *
   * @default - none
   */
  readonly globalExemptUrls?: string[];
}

/** Properties of `DataProtectionSettings`. */
export interface DataProtectionSettingsProps {
  /**
   * What is redacted in sessions, and where.
   *
   * @default - no inline redaction
   */
  readonly inlineRedaction?: InlineRedactionConfiguration;

  /**
   * The name shown in the console: 1-64 letters, digits, spaces, `_` and `-`.
   *
   * @default - no display name
   */
  readonly displayName?: string;

  /**
   * A description: 1-256 letters, digits, spaces, `_` and `-`.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * A symmetric encryption KMS key that encrypts the settings at rest. The
   * key policy gets a statement that lets WorkSpaces Secure Browser use the
   * key for this account's resources (an imported key is not changed: add
   * that statement yourself). Create-only: changing it replaces the settings.
   *
   * @default - an AWS owned key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Encryption context added to every KMS call made with `encryptionKey`.
   * Create-only: changing it replaces the settings.
   *
   * @default - only the service's own context
   */
  readonly additionalEncryptionContext?: Record<string, string>;
}

/* Limits and patterns of AWS::WorkSpacesWeb::DataProtectionSettings (CloudFormation schema). */
const TEXT = /^[ _\-\d\w]+$/;
const PATTERN_NAME = /^[_\-\d\w]+$/;
const BUILT_IN_PATTERN_ID = /^[_\-\d\w]+$/;
const PLACEHOLDER_TEXT = /^[*_\-\d\w]+$/;
const REGEX_LITERAL = /^\/((?:[^\n])+)\/([gimsuyvd]{0,8})$/;
const URL_PATTERN = /^((([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\*|[\w%._\-+~#=@]+)?(\/[^@\s]*)?(?:\?([^*\s]+(?:\*?)))?)|(\*|[\w%._\-+~#=@]+\.[\w%._\-+~#=@]+)(?::(\d{1,5}))?(\/[^@\s]*)?(?:\?([^*\s]+(?:\*?)))?|(([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/)?\*))$/;
const MAX_PATTERNS = 150;
const MAX_GLOBAL_URLS = 100;
const MAX_PATTERN_URLS = 20;
const CONFIDENCE: Record<RedactionConfidenceLevel, number> = {
  [RedactionConfidenceLevel.LOW]: 1,
  [RedactionConfidenceLevel.MEDIUM]: 2,
  [RedactionConfidenceLevel.HIGH]: 3,
};

/**
 * WorkSpaces Secure Browser data protection settings
 * (`AWS::WorkSpacesWeb::DataProtectionSettings`): inline redaction of
 * sensitive data (card numbers, SSNs, patterns of your own) in a portal's
 * sessions.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/inline-redaction.html
 */
export class DataProtectionSettings extends Resource implements IDataProtectionSettings {
  /**
   * Refers to existing data protection settings by their ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param dataProtectionSettingsArn the ARN of the data protection settings
   */
  public static fromDataProtectionSettingsArn(scope: Construct, id: string, dataProtectionSettingsArn: string): IDataProtectionSettings {
    validateSecureBrowserArn(scope, id, 'dataProtectionSettingsArn', 'data protection settings', 'dataProtectionSettings', dataProtectionSettingsArn);
    class Import extends Resource implements IDataProtectionSettings {
      public readonly dataProtectionSettingsArn = dataProtectionSettingsArn;
      public get dataProtectionSettingsRef(): webRefs.DataProtectionSettingsReference {
        return { dataProtectionSettingsArn: this.dataProtectionSettingsArn };
      }
    }
    return new Import(scope, id, { environmentFromArn: dataProtectionSettingsArn });
  }

  /** The ARN. @attribute */
  public readonly dataProtectionSettingsArn: string;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the redaction patterns and encryption of the settings
   */
  constructor(scope: Construct, id: string, props: DataProtectionSettingsProps = {}) {
    super(scope, id);

    // Validate everything before creating anything.
    validateText(this, 'displayName', props.displayName, 64);
    validateText(this, 'description', props.description, 256);
    const patterns = props.inlineRedaction?.patterns.map(pattern => pattern.bind(this)) ?? [];
    if (props.inlineRedaction) validateInlineRedaction(this, props.inlineRedaction, patterns);
    validateEncryptionKey(this, props.encryptionKey);
    validateEncryptionContext(this, props.additionalEncryptionContext);

    if (props.encryptionKey) {
      grantKeyToSecureBrowser(this, props.encryptionKey);
    }

    const resource = new CfnDataProtectionSettings(this, 'Resource', {
      displayName: props.displayName,
      description: props.description,
      inlineRedactionConfiguration: props.inlineRedaction ? renderInlineRedaction(props.inlineRedaction, patterns) : undefined,
      customerManagedKey: props.encryptionKey?.keyArn,
      additionalEncryptionContext: props.additionalEncryptionContext,
    });

    this.dataProtectionSettingsArn = resource.attrDataProtectionSettingsArn;
  }

  public get dataProtectionSettingsRef(): webRefs.DataProtectionSettingsReference {
    return { dataProtectionSettingsArn: this.dataProtectionSettingsArn };
  }
}

function renderInlineRedaction(
  config: InlineRedactionConfiguration, patterns: InlineRedactionPatternConfig[],
): CfnDataProtectionSettings.InlineRedactionConfigurationProperty {
  return {
    inlineRedactionPatterns: patterns.map(renderPattern),
    globalConfidenceLevel: config.globalConfidenceLevel === undefined ? undefined : CONFIDENCE[config.globalConfidenceLevel],
    globalEnforcedUrls: config.globalEnforcedUrls,
    globalExemptUrls: config.globalExemptUrls,
  };
}

function renderPattern(pattern: InlineRedactionPatternConfig): CfnDataProtectionSettings.InlineRedactionPatternProperty {
  const { options, customPattern: custom } = pattern;
  return {
    builtInPatternId: pattern.builtInPatternId,
    customPattern: custom && {
      patternName: custom.name,
      patternRegex: custom.regex,
      keywordRegex: custom.keywordRegex,
      patternDescription: custom.description,
    },
    redactionPlaceHolder: { redactionPlaceHolderType: 'CustomText', redactionPlaceHolderText: options.placeholderText },
    confidenceLevel: options.confidenceLevel === undefined ? undefined : CONFIDENCE[options.confidenceLevel],
    enforcedUrls: options.enforcedUrls,
    exemptUrls: options.exemptUrls,
  };
}

function validateInlineRedaction(scope: IConstruct, config: InlineRedactionConfiguration, patterns: InlineRedactionPatternConfig[]): void {
  if (config.patterns.length > MAX_PATTERNS) {
    throw validationError(scope, `\`inlineRedaction.patterns\` must hold 0-${MAX_PATTERNS} patterns, got ${config.patterns.length}`);
  }
  validateUrls(scope, 'inlineRedaction.globalEnforcedUrls', config.globalEnforcedUrls, MAX_GLOBAL_URLS);
  validateUrls(scope, 'inlineRedaction.globalExemptUrls', config.globalExemptUrls, MAX_GLOBAL_URLS);
  patterns.forEach((pattern, index) => validatePattern(scope, pattern, `inlineRedaction.patterns[${index}]`));
}

function validatePattern(scope: IConstruct, pattern: InlineRedactionPatternConfig, path: string): void {
  if (pattern.builtInPatternId !== undefined) validateBuiltInPatternId(scope, pattern.builtInPatternId, `${path}.builtInPattern`);
  const custom = pattern.customPattern;
  if (custom) {
    validateMatch(scope, `${path}.name`, custom.name, PATTERN_NAME, 1, 20, "letters, digits, '_' and '-'");
    validateRegex(scope, `${path}.regex`, custom.regex);
    if (custom.keywordRegex !== undefined) validateRegex(scope, `${path}.keywordRegex`, custom.keywordRegex);
    validateText(scope, `${path}.description`, custom.description, 256);
  }
  const options = pattern.options;
  if (options.placeholderText !== undefined) {
    validateMatch(scope, `${path}.placeholderText`, options.placeholderText, PLACEHOLDER_TEXT, 1, 20, "letters, digits, '*', '_' and '-'");
  }
  validateUrls(scope, `${path}.enforcedUrls`, options.enforcedUrls, MAX_PATTERN_URLS);
  validateUrls(scope, `${path}.exemptUrls`, options.exemptUrls, MAX_PATTERN_URLS);
}

function validateBuiltInPatternId(scope: IConstruct, id: string, prop: string): void {
  validateMatch(scope, prop, id, BUILT_IN_PATTERN_ID, 1, 50, "letters, digits, '_' and '-'");
}

/** `value` of `min`-`max` characters matching `pattern` (described as `allowed`). */
function validateMatch(scope: IConstruct, prop: string, value: string, pattern: RegExp, min: number, max: number, allowed: string): void {
  if (Token.isUnresolved(value)) return;
  if (value.length < min || value.length > max) {
    throw validationError(scope, `\`${prop}\` must be ${min}-${max} characters, got ${value.length}`);
  }
  if (!pattern.test(value)) {
    throw validationError(scope, `\`${prop}\` may contain only ${allowed} (${pattern.source}), got '${value}'`);
  }
}

/** DisplayName and Description: letters, digits, spaces, `_` and `-`. */
function validateText(scope: IConstruct, prop: string, value: string | undefined, max: number): void {
  if (value === undefined) return;
  validateMatch(scope, prop, value, TEXT, 1, max, "letters, digits, spaces, '_' and '-'");
}

/**
 * PatternRegex and KeywordRegex: at most 300 characters, `/body/flags`, and
 * (API reference, CustomPattern) "must follow JavaScript regex format".
 */
function validateRegex(scope: IConstruct, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (value.length > 300) {
    throw validationError(scope, `\`${prop}\` must be at most 300 characters, got ${value.length}`);
  }
  const literal = REGEX_LITERAL.exec(value);
  if (!literal) {
    throw validationError(scope, `\`${prop}\` must be a JavaScript regular expression between slashes with optional flags, e.g. /ab+c/gi (${REGEX_LITERAL.source}), got '${value}'`);
  }
  try {
    new RegExp(literal[1], literal[2]);
  } catch (e) {
    // Flags this Node.js does not know (e.g. `v` before Node 20) are left to the service.
    if (!/flags/i.test((e as Error).message)) {
      throw validationError(scope, `\`${prop}\` must be a valid JavaScript regular expression, got '${value}': ${(e as Error).message}`);
    }
  }
}

function validateUrls(scope: IConstruct, prop: string, urls: string[] | undefined, max: number): void {
  if (urls === undefined || Token.isUnresolved(urls)) return;
  if (urls.length < 1 || urls.length > max) {
    throw validationError(scope, `\`${prop}\` must hold 1-${max} URL patterns, got ${urls.length}`);
  }
  urls.forEach((url, index) => {
    if (!Token.isUnresolved(url) && !URL_PATTERN.test(url)) {
      throw validationError(scope, `\`${prop}[${index}]\` must be a URL pattern of the form scheme://host/path, host.domain[:port][/path], scheme://* or * (no wildcard subdomains), got '${url}'`);
    }
  });
}

