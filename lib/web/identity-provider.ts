import * as fs from 'fs';
import { IResource, Resource, Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as workspacesweb from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { unscopedValidationError, validationError } from '../private/errors';

/**
 * The kinds of identity provider a WorkSpaces Secure Browser portal accepts
 * (`IdentityProviderType` of `AWS::WorkSpacesWeb::IdentityProvider`).
 */
export enum IdentityProviderType {
  /** A SAML 2.0 identity provider (Okta, Entra ID, Ping, ...). */
  SAML = 'SAML',
  /** An OpenID Connect provider. */
  OIDC = 'OIDC',
  /** Google. */
  GOOGLE = 'Google',
  /** Facebook. */
  FACEBOOK = 'Facebook',
  /** Login with Amazon. */
  LOGIN_WITH_AMAZON = 'LoginWithAmazon',
  /** Sign in with Apple. */
  SIGN_IN_WITH_APPLE = 'SignInWithApple',
}

/** How the service asks an OIDC provider's user info endpoint for user attributes. */
export enum OidcAttributesRequestMethod {
  /** HTTP GET. */
  GET = 'GET',
  /** HTTP POST. */
  POST = 'POST',
}

/**
 * A SAML 2.0 identity provider. Give exactly one of `metadataUrl`,
 * `metadataDocument` and `metadataFile`.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/configure-standard.html
 */
export interface SamlIdentityProviderOptions {
  /**
   * The URL of the identity provider's SAML metadata (`MetadataURL`): an
   * `http://` or `https://` URL the service fetches the metadata from.
   *
   * @default - none: give `metadataDocument` or `metadataFile`
   */
  readonly metadataUrl?: string;

  /**
   * The identity provider's SAML metadata XML itself (`MetadataFile`),
   * at most 131072 characters.
   *
   * @default - none: give `metadataUrl` or `metadataFile`
   */
  readonly metadataDocument?: string;

  /**
   * The path of a file holding the identity provider's SAML metadata XML,
   * read when the app is synthesized and written into the template as
   * `MetadataFile` (at most 131072 characters).
   *
   * @default - none: give `metadataUrl` or `metadataDocument`
   */
  readonly metadataFile?: string;

  /**
   * Whether the portal also accepts IdP-initiated sign-in (unsolicited SAML
   * assertions; `IDPInit`). Your identity provider then needs the portal's
   * relay state (`<md:IdPInitRelayState>` in the service provider metadata)
   * as its default relay state.
   *
   * @default - the key is omitted: SP-initiated sign-in only
   */
  readonly idpInitiated?: boolean;

  /**
   * Whether signing out of the portal also signs the user out of the
   * identity provider (SAML single logout; `IDPSignout`).
   *
   * @default - the key is omitted: no single logout
   */
  readonly idpSignout?: boolean;

  /**
   * Whether the portal signs its SAML requests, with `rsa-sha256`, the only
   * algorithm the service accepts (`RequestSigningAlgorithm`). Upload the
   * portal's signing certificate to your identity provider.
   *
   * @default false - requests are not signed
   */
  readonly signRequests?: boolean;

  /**
   * Whether the portal requires encrypted SAML assertions
   * (`EncryptedResponses`). Upload the portal's encryption certificate to
   * your identity provider once the portal exists.
   *
   * @default - the key is omitted: assertions need not be encrypted
   */
  readonly encryptedResponses?: boolean;
}

/**
 * Options shared by providers that sign in with an OAuth client id and
 * secret (OIDC, Google, Facebook, Login with Amazon).
 *
 * The secret's value is never written into the template: the template holds a
 * `{{resolve:secretsmanager:...}}` dynamic reference that CloudFormation
 * resolves when it creates or updates the identity provider, with the
 * credentials of the deployment (they need `secretsmanager:GetSecretValue`
 * on the secret, and `kms:Decrypt` when the secret has a customer managed
 * key). Rotating the secret does not update the identity provider: deploy
 * again after a change of the secret's value that CloudFormation should pick
 * up, e.g. by changing `clientSecretJsonField` or the secret version.
 */
export interface OAuthIdentityProviderOptions {
  /** The client (application) id the provider issued (`client_id`). */
  readonly clientId: string;

  /** The Secrets Manager secret holding the client secret (`client_secret`). */
  readonly clientSecret: secretsmanager.ISecret;

  /**
   * The JSON key of the client secret in the secret's JSON value.
   *
   * @default - the whole secret string is the client secret
   */
  readonly clientSecretJsonField?: string;

  /**
   * The scopes asked of the provider (`authorize_scopes`), at least one;
   * each without spaces or commas.
   */
  readonly authorizeScopes: string[];
}

/** An OpenID Connect identity provider. */
export interface OidcIdentityProviderOptions extends OAuthIdentityProviderOptions {
  /**
   * The issuer URL (`oidc_issuer`), `https://`. The service discovers the
   * endpoints from `<issuer>/.well-known/openid-configuration`.
   */
  readonly issuer: string;

  /**
   * How the service asks the user info endpoint for attributes (`attributes_request_method`).
   *
   * @default OidcAttributesRequestMethod.GET
   */
  readonly attributesRequestMethod?: OidcAttributesRequestMethod;

  /**
   * The authorization endpoint (`authorize_url`), `https://`.
   *
   * @default - discovered from `issuer`
   */
  readonly authorizeUrl?: string;

  /**
   * The token endpoint (`token_url`), `https://`.
   *
   * @default - discovered from `issuer`
   */
  readonly tokenUrl?: string;

  /**
   * The user info endpoint (`attributes_url`), `https://`.
   *
   * @default - discovered from `issuer`
   */
  readonly attributesUrl?: string;

  /**
   * The JSON Web Key Set endpoint (`jwks_uri`), `https://`.
   *
   * @default - discovered from `issuer`
   */
  readonly jwksUri?: string;
}

/** Sign-in with Facebook. */
export interface FacebookIdentityProviderOptions extends OAuthIdentityProviderOptions {
  /**
   * The Graph API version, such as `v17.0` (`api_version`).
   *
   * @default - the key is omitted: the service's default version
   */
  readonly apiVersion?: string;
}

/**
 * Sign in with Apple. The private key's value is never written into the
 * template: the template holds a `{{resolve:secretsmanager:...}}` dynamic
 * reference that CloudFormation resolves at deploy time (see
 * `OAuthIdentityProviderOptions`).
 */
export interface AppleIdentityProviderOptions {
  /** The Services ID of your app (`client_id`). */
  readonly clientId: string;
  /** Your Apple Developer team id, 10 letters and digits (`team_id`). */
  readonly teamId: string;
  /** The id of the Sign in with Apple private key, 10 letters and digits (`key_id`). */
  readonly keyId: string;
  /** The Secrets Manager secret holding the private key (`.p8` contents; `private_key`). */
  readonly privateKey: secretsmanager.ISecret;
  /**
   * The JSON key of the private key in the secret's JSON value.
   *
   * @default - the whole secret string is the private key
   */
  readonly privateKeyJsonField?: string;
  /** The scopes asked of Apple (`authorize_scopes`), such as `email` and `name`. */
  readonly authorizeScopes: string[];
}

/** The most characters of one identity provider detail (schema `IdentityProviderDetails`). */
const MAX_DETAIL_LENGTH = 131072;

/**
 * An identity provider's type and details (`IdentityProviderDetails`), made
 * by one of the static factories. Secrets (client secrets, the Apple
 * private key) come from Secrets Manager and reach the template only as
 * dynamic references, never as plain text.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/APIReference/API_CreateIdentityProvider.html
 */
export abstract class IdentityProvider {
  /** A SAML 2.0 identity provider, from its metadata URL, document or file. */
  public static saml(options: SamlIdentityProviderOptions): IdentityProvider {
    return new SamlIdentityProvider(options);
  }

  /** An OpenID Connect identity provider. */
  public static oidc(options: OidcIdentityProviderOptions): IdentityProvider {
    return new OidcIdentityProvider(options);
  }

  /** Sign-in with Google. */
  public static google(options: OAuthIdentityProviderOptions): IdentityProvider {
    return new SocialIdentityProvider(IdentityProviderType.GOOGLE, ' ', options);
  }

  /** Sign-in with Facebook. */
  public static facebook(options: FacebookIdentityProviderOptions): IdentityProvider {
    return new SocialIdentityProvider(IdentityProviderType.FACEBOOK, ',', options, options.apiVersion);
  }

  /** Login with Amazon. */
  public static loginWithAmazon(options: OAuthIdentityProviderOptions): IdentityProvider {
    return new SocialIdentityProvider(IdentityProviderType.LOGIN_WITH_AMAZON, ' ', options);
  }

  /** Sign in with Apple. */
  public static signInWithApple(options: AppleIdentityProviderOptions): IdentityProvider {
    return new AppleIdentityProvider(options);
  }

  /**
   * For subclasses: use the static factories to get an identity provider.
   *
   * @param type the kind of identity provider the subclass renders
   */
  protected constructor(private readonly type: IdentityProviderType) {}

  /**
   * The type and `IdentityProviderDetails` of this provider. Reads a SAML
   * metadata file if one was given, and fails if it cannot.
   */
  public bind(scope: Construct): IdentityProviderConfig {
    return { type: this.type, details: this.renderDetails(scope) };
  }

  /** The `IdentityProviderDetails` of this provider. */
  protected abstract renderDetails(scope: Construct): Record<string, string>;
}

/** What an `IdentityProvider` binds to: the service's identity provider type and details. */
export interface IdentityProviderConfig {
  /** The identity provider type (`IdentityProviderType`). */
  readonly type: IdentityProviderType;
  /** The `IdentityProviderDetails`: secrets appear only as dynamic references. */
  readonly details: Record<string, string>;
}

class SamlIdentityProvider extends IdentityProvider {
  constructor(private readonly options: SamlIdentityProviderOptions) {
    super(IdentityProviderType.SAML);
    const fail = failIn('IdentityProvider.saml');
    validateOneMetadataSource(fail, options);
    validateUrl(fail, 'metadataUrl', options.metadataUrl, ['http:', 'https:']);
    validateMetadataXml(fail, 'metadataDocument', options.metadataDocument);
  }

  protected renderDetails(scope: Construct): Record<string, string> {
    const o = this.options;
    const details: Record<string, string> = {};
    if (o.metadataUrl !== undefined) details.MetadataURL = o.metadataUrl;
    if (o.metadataDocument !== undefined) details.MetadataFile = o.metadataDocument;
    if (o.metadataFile !== undefined) details.MetadataFile = readMetadataFile(scope, o.metadataFile);
    if (o.idpInitiated !== undefined) details.IDPInit = String(o.idpInitiated);
    if (o.idpSignout !== undefined) details.IDPSignout = String(o.idpSignout);
    if (o.signRequests) details.RequestSigningAlgorithm = 'rsa-sha256';
    if (o.encryptedResponses !== undefined) details.EncryptedResponses = String(o.encryptedResponses);
    return details;
  }
}

class OidcIdentityProvider extends IdentityProvider {
  constructor(private readonly options: OidcIdentityProviderOptions) {
    super(IdentityProviderType.OIDC);
    const fail = failIn('IdentityProvider.oidc');
    validateRequired(fail, 'clientId', options.clientId);
    validateScopes(fail, options.authorizeScopes);
    validateOpenIdScope(fail, options.authorizeScopes);
    validateRequired(fail, 'issuer', options.issuer);
    validateUrl(fail, 'issuer', options.issuer, ['https:']);
    validateUrl(fail, 'authorizeUrl', options.authorizeUrl, ['https:']);
    validateUrl(fail, 'tokenUrl', options.tokenUrl, ['https:']);
    validateUrl(fail, 'attributesUrl', options.attributesUrl, ['https:']);
    validateUrl(fail, 'jwksUri', options.jwksUri, ['https:']);
  }

  protected renderDetails(_scope: Construct): Record<string, string> {
    const o = this.options;
    const details: Record<string, string> = {
      client_id: o.clientId,
      client_secret: secretReference(o.clientSecret, o.clientSecretJsonField),
      attributes_request_method: o.attributesRequestMethod ?? OidcAttributesRequestMethod.GET,
      oidc_issuer: o.issuer,
      authorize_scopes: o.authorizeScopes.join(' '),
    };
    if (o.authorizeUrl !== undefined) details.authorize_url = o.authorizeUrl;
    if (o.tokenUrl !== undefined) details.token_url = o.tokenUrl;
    if (o.attributesUrl !== undefined) details.attributes_url = o.attributesUrl;
    if (o.jwksUri !== undefined) details.jwks_uri = o.jwksUri;
    return details;
  }
}

/**
 * Google, Facebook and Login with Amazon. Scopes are joined the way Amazon
 * Cognito (whose provider detail keys these are) expects them, as
 * aws-cdk-lib's `UserPoolIdentityProvider*` classes do: with commas for
 * Facebook, with spaces for the others.
 */
class SocialIdentityProvider extends IdentityProvider {
  constructor(
    type: IdentityProviderType,
    private readonly scopeSeparator: string,
    private readonly options: OAuthIdentityProviderOptions,
    private readonly apiVersion?: string,
  ) {
    super(type);
    const fail = failIn(SOCIAL_FACTORIES[type] ?? 'IdentityProvider');
    validateRequired(fail, 'clientId', options.clientId);
    validateScopes(fail, options.authorizeScopes);
    validateApiVersion(fail, apiVersion);
  }

  protected renderDetails(_scope: Construct): Record<string, string> {
    const o = this.options;
    const details: Record<string, string> = {
      client_id: o.clientId,
      client_secret: secretReference(o.clientSecret, o.clientSecretJsonField),
      authorize_scopes: o.authorizeScopes.join(this.scopeSeparator),
    };
    if (this.apiVersion !== undefined) details.api_version = this.apiVersion;
    return details;
  }
}

class AppleIdentityProvider extends IdentityProvider {
  constructor(private readonly options: AppleIdentityProviderOptions) {
    super(IdentityProviderType.SIGN_IN_WITH_APPLE);
    const fail = failIn('IdentityProvider.signInWithApple');
    validateRequired(fail, 'clientId', options.clientId);
    validateAppleId(fail, 'teamId', options.teamId);
    validateAppleId(fail, 'keyId', options.keyId);
    validateScopes(fail, options.authorizeScopes);
  }

  protected renderDetails(_scope: Construct): Record<string, string> {
    const o = this.options;
    return {
      client_id: o.clientId,
      team_id: o.teamId,
      key_id: o.keyId,
      private_key: secretReference(o.privateKey, o.privateKeyJsonField),
      authorize_scopes: o.authorizeScopes.join(' '),
    };
  }
}

/**
 * A `{{resolve:secretsmanager:...}}` dynamic reference to the secret (or one
 * JSON field of it): CloudFormation resolves it at deploy time, so the
 * template and the cloud assembly never hold the value.
 */
function secretReference(secret: secretsmanager.ISecret, jsonField: string | undefined): string {
  const value = jsonField === undefined ? secret.secretValue : secret.secretValueFromJson(jsonField);
  return value.unsafeUnwrap();
}

/** An identity provider: one created by `WebIdentityProvider` or imported. */
export interface IWebIdentityProvider extends IResource, webRefs.IIdentityProviderRef {
  /**
   * The identity provider ARN:
   * `arn:<partition>:workspaces-web:<region>:<account>:identityProvider/<portalId>/<id>`.
   *
   * @attribute
   */
  readonly identityProviderArn: string;
}

/** Properties of a `WebIdentityProvider`. */
export interface WebIdentityProviderProps {
  /**
   * The portal whose users sign in through this identity provider. Changing
   * it replaces the identity provider (`PortalArn` is create-only).
   */
  readonly portal: webRefs.IPortalRef;

  /**
   * The identity provider's name: 1-32 characters matching
   * `^[^_][\p{L}\p{M}\p{S}\p{N}\p{P}][^_]+$` (so at least 3 characters, no `_`
   * except as the second one, and no space as the second one).
   */
  readonly identityProviderName: string;

  /** The identity provider: `IdentityProvider.saml(...)`, `IdentityProvider.oidc(...)`, ... */
  readonly provider: IdentityProvider;
}

/** The `IdentityProviderName` pattern of the resource schema. */
const IDENTITY_PROVIDER_NAME = /^[^_][\p{L}\p{M}\p{S}\p{N}\p{P}][^_]+$/u;
/** The `PortalArn` pattern of the resource schema. */
const PORTAL_ARN = /^arn:[\w+=/,.@-]+:[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:[a-zA-Z0-9]{1,12}:[a-zA-Z]+(\/[a-fA-F0-9-]{36})+$/;
/** The `IdentityProviderArn` pattern of the resource schema. */
const IDENTITY_PROVIDER_ARN = /^arn:[\w+=/,.@-]+:[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:[a-zA-Z0-9]{1,12}:[a-zA-Z]+(\/[a-fA-F0-9-]{36}){2,}$/;

/**
 * An identity provider of a WorkSpaces Secure Browser portal
 * (`AWS::WorkSpacesWeb::IdentityProvider`): SAML 2.0, OIDC, or a social
 * provider. Only portals with STANDARD authentication take one.
 *
 * The identity provider usually needs the portal's service provider metadata
 * (the portal's `ServiceProviderSamlMetadata` attribute) before users can sign in.
 */
export class WebIdentityProvider extends Resource implements IWebIdentityProvider {
  /**
   * Refers to an existing identity provider by its ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param identityProviderArn the ARN of the identity provider
   */
  public static fromIdentityProviderArn(scope: Construct, id: string, identityProviderArn: string): IWebIdentityProvider {
    validateIdentityProviderArn(scope, identityProviderArn, id);
    class Import extends Resource implements IWebIdentityProvider {
      public readonly identityProviderArn = identityProviderArn;
      public get identityProviderRef(): webRefs.IdentityProviderReference {
        return { identityProviderArn: this.identityProviderArn };
      }
    }
    return new Import(scope, id, { environmentFromArn: identityProviderArn });
  }

  /** The identity provider ARN. @attribute */
  public readonly identityProviderArn: string;
  /** The identity provider type. */
  public readonly identityProviderType: IdentityProviderType;
  /** The identity provider name. */
  public readonly identityProviderName: string;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the portal and the identity provider to add to it
   */
  constructor(scope: Construct, id: string, props: WebIdentityProviderProps) {
    super(scope, id);

    // Validate everything before creating anything.
    validateIdentityProviderName(this, props.identityProviderName);
    validatePortalArn(this, props.portal.portalRef.portalArn);
    const { type, details } = props.provider.bind(this);
    validateDetailLengths(this, details);

    const resource = new workspacesweb.CfnIdentityProvider(this, 'Resource', {
      portalArn: props.portal.portalRef.portalArn,
      identityProviderName: props.identityProviderName,
      identityProviderType: type,
      identityProviderDetails: details,
    });

    this.identityProviderArn = resource.attrIdentityProviderArn;
    this.identityProviderType = type;
    this.identityProviderName = props.identityProviderName;
  }

  public get identityProviderRef(): webRefs.IdentityProviderReference {
    return { identityProviderArn: this.identityProviderArn };
  }
}

/** Makes the error of a check: the checks of the factories' options run before any construct exists. */
type Fail = (message: string) => Error;

function failIn(factory: string): Fail {
  return message => unscopedValidationError(factory, message);
}

/** The factory of each social provider type, named in its messages. */
const SOCIAL_FACTORIES: Partial<Record<IdentityProviderType, string>> = {
  [IdentityProviderType.GOOGLE]: 'IdentityProvider.google',
  [IdentityProviderType.FACEBOOK]: 'IdentityProvider.facebook',
  [IdentityProviderType.LOGIN_WITH_AMAZON]: 'IdentityProvider.loginWithAmazon',
};

function validateIdentityProviderName(scope: IConstruct, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (name.length < 1 || name.length > 32) {
    throw validationError(scope, `\`identityProviderName\` must be 1-32 characters, got ${name.length} ('${name}')`);
  }
  if (!IDENTITY_PROVIDER_NAME.test(name)) {
    throw validationError(scope, `\`identityProviderName\` must match ${IDENTITY_PROVIDER_NAME.source} (at least 3 characters, no \`_\` except as the second one, no space as the second one), got '${name}'`);
  }
}

function validatePortalArn(scope: IConstruct, arn: string): void {
  if (Token.isUnresolved(arn)) return;
  if (!PORTAL_ARN.test(arn)) {
    throw validationError(scope, `\`portal\` must have a WorkSpaces Secure Browser portal ARN (arn:<partition>:workspaces-web:<region>:<account>:portal/<id>), got '${arn}'`);
  }
}

function validateIdentityProviderArn(scope: IConstruct, arn: string, childId: string): void {
  if (Token.isUnresolved(arn)) return;
  if (!IDENTITY_PROVIDER_ARN.test(arn)) {
    throw validationError(scope, `\`identityProviderArn\` must be a WorkSpaces Secure Browser identity provider ARN (arn:<partition>:workspaces-web:<region>:<account>:identityProvider/<portal id>/<id>), got '${arn}'`, childId);
  }
}

function validateOneMetadataSource(fail: Fail, options: SamlIdentityProviderOptions): void {
  const given = (['metadataUrl', 'metadataDocument', 'metadataFile'] as const).filter(k => options[k] !== undefined);
  if (given.length !== 1) {
    throw fail(`Exactly one of \`metadataUrl\`, \`metadataDocument\` and \`metadataFile\` must be given, got ${given.length === 0 ? 'none' : given.join(', ')}`);
  }
}

function validateRequired(fail: Fail, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (value === undefined || value.trim() === '') {
    throw fail(`\`${prop}\` must not be empty, got '${value ?? ''}'`);
  }
}

function validateUrl(fail: Fail, prop: string, value: string | undefined, protocols: string[]): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === undefined || !protocols.includes(protocol)) {
    throw fail(`\`${prop}\` must be an absolute ${protocols.map(p => `${p}//`).join(' or ')} URL, got '${value}'`);
  }
}

function validateMetadataXml(fail: Fail, prop: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!/<([\w-]+:)?Entit(y|ies)Descriptor[\s>]/.test(value)) {
    throw fail(`\`${prop}\` must be SAML metadata XML (with an <EntityDescriptor> element), got '${preview(value)}'`);
  }
  if (value.length > MAX_DETAIL_LENGTH) {
    throw fail(`\`${prop}\` must be at most ${MAX_DETAIL_LENGTH} characters, got ${value.length}`);
  }
}

function readMetadataFile(scope: IConstruct, path: string): string {
  const fail: Fail = message => validationError(scope, message);
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw fail(`\`metadataFile\` must be a readable file, got '${path}': ${(e as Error).message}`);
  }
  validateMetadataXml(fail, 'metadataFile', text);
  return text;
}

function validateScopes(fail: Fail, scopes: string[]): void {
  if (Token.isUnresolved(scopes)) return;
  if (scopes.length === 0) {
    throw fail('`authorizeScopes` must hold at least one scope, got []');
  }
  for (const scope of scopes) {
    if (Token.isUnresolved(scope)) continue;
    if (scope === '' || /[\s,]/.test(scope)) {
      throw fail(`\`authorizeScopes\` must be scopes without spaces or commas (one scope per item), got '${scope}'`);
    }
  }
}

/** OpenID Connect Core 1.0, 3.1.2.1: the `openid` scope is required. */
function validateOpenIdScope(fail: Fail, scopes: string[]): void {
  if (Token.isUnresolved(scopes) || scopes.some(s => Token.isUnresolved(s))) return;
  if (!scopes.includes('openid')) {
    throw fail(`\`authorizeScopes\` of an OIDC provider must include 'openid', got [${scopes.join(', ')}]`);
  }
}

function validateApiVersion(fail: Fail, version: string | undefined): void {
  if (version === undefined || Token.isUnresolved(version)) return;
  if (!/^v\d+\.\d+$/.test(version)) {
    throw fail(`\`apiVersion\` must be a Graph API version such as v17.0, got '${version}'`);
  }
}

function validateAppleId(fail: Fail, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!/^[A-Za-z0-9]{10}$/.test(value ?? '')) {
    throw fail(`\`${prop}\` must be 10 letters and digits, got '${value ?? ''}'`);
  }
}

function validateDetailLengths(scope: IConstruct, details: Record<string, string>): void {
  for (const [key, value] of Object.entries(details)) {
    if (!Token.isUnresolved(value) && value.length > MAX_DETAIL_LENGTH) {
      throw validationError(scope, `The identity provider detail \`${key}\` must be at most ${MAX_DETAIL_LENGTH} characters, got ${value.length}`);
    }
  }
}

function preview(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 40)}...` : flat;
}
