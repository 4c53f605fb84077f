import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, Resource, SecretValue, Stack, Tags, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as workspacesweb from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import {
  IdentityProvider,
  IdentityProviderType,
  OidcAttributesRequestMethod,
  OidcIdentityProviderOptions,
  SamlIdentityProviderOptions,
  WebIdentityProvider,
} from '../../lib/web/identity-provider';
import { useProjectTempDir } from '../support/project-temp-dir';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TYPE = 'AWS::WorkSpacesWeb::IdentityProvider';
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:okta-client-AbCdEf`;
const PORTAL_ID = '0123abcd-4567-89ef-0123-456789abcdef';
const IDP_ID = 'fedcba98-7654-3210-fedc-ba9876543210';
const IDP_ARN = `arn:aws:workspaces-web:us-east-1:444455556666:identityProvider/${PORTAL_ID}/${IDP_ID}`;
const METADATA_XML = '<?xml version="1.0"?>\n<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/exk1"></md:EntityDescriptor>';
const METADATA_URL = 'https://example.okta.com/app/exk1/sso/saml/metadata';

/** A portal known only by its ARN. */
class PortalRef extends Resource implements webRefs.IPortalRef {
  public readonly portalRef: webRefs.PortalReference;
  constructor(scope: Construct, id: string, portalArn: string) {
    super(scope, id);
    this.portalRef = { portalArn };
  }
}

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function portalOf(stack: Stack): workspacesweb.CfnPortal {
  return (stack.node.tryFindChild('Portal') as workspacesweb.CfnPortal | undefined) ?? new workspacesweb.CfnPortal(stack, 'Portal', {});
}

/** `portal.portalRef.portalArn` of a CfnPortal: its Ref is the portal ARN. */
function portalArnOf(stack: Stack): unknown {
  return { Ref: stack.getLogicalId(portalOf(stack)) };
}

function importedSecret(stack: Stack): secretsmanager.ISecret {
  return (stack.node.tryFindChild('ClientSecret') as secretsmanager.ISecret | undefined)
    ?? secretsmanager.Secret.fromSecretCompleteArn(stack, 'ClientSecret', SECRET_ARN);
}

/** The dynamic reference CloudFormation resolves to the secret (or one JSON field of it). */
function dynamicReference(jsonField = ''): string {
  return `{{resolve:secretsmanager:${SECRET_ARN}:SecretString:${jsonField}::}}`;
}

function newIdp(stack: Stack, provider: IdentityProvider, identityProviderName = 'Okta', id = 'Idp'): WebIdentityProvider {
  return new WebIdentityProvider(stack, id, { portal: portalOf(stack), identityProviderName, provider });
}

/** The `IdentityProviderDetails` rendered for `provider`. */
function detailsOf(provider: IdentityProvider, stack = newStack()): Record<string, unknown> {
  newIdp(stack, provider);
  const resources = Template.fromStack(stack).findResources(TYPE);
  return Object.values<any>(resources)[0].Properties.IdentityProviderDetails;
}

function saml(options: SamlIdentityProviderOptions): IdentityProvider {
  return IdentityProvider.saml(options);
}

function oidc(stack: Stack, options: Partial<OidcIdentityProviderOptions> = {}): IdentityProvider {
  return IdentityProvider.oidc({
    clientId: 'client-123',
    clientSecret: importedSecret(stack),
    issuer: 'https://idp.example.com',
    authorizeScopes: ['openid', 'email', 'profile'],
    ...options,
  });
}

describe('WebIdentityProvider', () => {
  test('creates an AWS::WorkSpacesWeb::IdentityProvider on the portal', () => {
    const stack = newStack();
    newIdp(stack, saml({ metadataUrl: METADATA_URL }));
    const template = Template.fromStack(stack);
    template.resourceCountIs(TYPE, 1);
    template.hasResourceProperties(TYPE, {
      PortalArn: portalArnOf(stack),
      IdentityProviderName: 'Okta',
      IdentityProviderType: 'SAML',
      IdentityProviderDetails: { MetadataURL: METADATA_URL },
    });
  });

  test('exposes the ARN, type and name', () => {
    const stack = newStack();
    const idp = newIdp(stack, saml({ metadataUrl: METADATA_URL }), 'My IdP');
    const logicalId = stack.getLogicalId(idp.node.defaultChild as workspacesweb.CfnIdentityProvider);
    const arn = { 'Fn::GetAtt': [logicalId, 'IdentityProviderArn'] };
    expect(stack.resolve(idp.identityProviderArn)).toEqual(arn);
    expect(stack.resolve(idp.identityProviderRef.identityProviderArn)).toEqual(arn);
    expect(idp.identityProviderType).toBe(IdentityProviderType.SAML);
    expect(idp.identityProviderName).toBe('My IdP');
  });

  test('takes the portal as any IPortalRef', () => {
    const stack = newStack();
    const portal = new PortalRef(stack, 'Existing', `arn:aws:workspaces-web:eu-west-1:111122223333:portal/${PORTAL_ID}`);
    new WebIdentityProvider(stack, 'Idp', { portal, identityProviderName: 'Okta', provider: saml({ metadataUrl: METADATA_URL }) });
    Template.fromStack(stack).hasResourceProperties(TYPE, { PortalArn: `arn:aws:workspaces-web:eu-west-1:111122223333:portal/${PORTAL_ID}` });
  });

  test('fails when the portal ARN is not a portal ARN', () => {
    const stack = newStack();
    const portal = new PortalRef(stack, 'Existing', 'arn:aws:workspaces-web:eu-west-1:111122223333:portal/my-portal');
    expect(() => new WebIdentityProvider(stack, 'Idp', { portal, identityProviderName: 'Okta', provider: saml({ metadataUrl: METADATA_URL }) }))
      .toThrow(/`portal` must have a WorkSpaces Secure Browser portal ARN .*got 'arn:aws:workspaces-web:eu-west-1:111122223333:portal\/my-portal'/);
  });

  test('is tagged through Tags.of', () => {
    const stack = newStack();
    const idp = newIdp(stack, saml({ metadataUrl: METADATA_URL }));
    Tags.of(idp).add('team', 'browsers');
    Template.fromStack(stack).hasResourceProperties(TYPE, { Tags: [{ Key: 'team', Value: 'browsers' }] });
  });

  test('accepts names of 3 and 32 characters, spaces and an underscore in second place', () => {
    const stack = newStack();
    newIdp(stack, saml({ metadataUrl: METADATA_URL }), 'Abc', 'A');
    newIdp(stack, saml({ metadataUrl: METADATA_URL }), 'x'.repeat(32), 'B');
    newIdp(stack, saml({ metadataUrl: METADATA_URL }), 'O_kta Prod', 'C');
    const names = Object.values<any>(Template.fromStack(stack).findResources(TYPE)).map(r => r.Properties.IdentityProviderName);
    expect(names).toEqual(['Abc', 'x'.repeat(32), 'O_kta Prod']);
  });

  test('accepts a token name', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    newIdp(stack, saml({ metadataUrl: METADATA_URL }), name);
    Template.fromStack(stack).hasResourceProperties(TYPE, { IdentityProviderName: { Ref: 'Name' } });
  });

  test('fails when identityProviderName is longer than 32 characters', () => {
    expect(() => newIdp(newStack(), saml({ metadataUrl: METADATA_URL }), 'x'.repeat(33)))
      .toThrow(/`identityProviderName` must be 1-32 characters, got 33/);
  });

  test('fails when identityProviderName is empty', () => {
    expect(() => newIdp(newStack(), saml({ metadataUrl: METADATA_URL }), ''))
      .toThrow(/`identityProviderName` must be 1-32 characters, got 0/);
  });

  test.each([
    ['_Okta', 'starts with _'],
    ['Okta_', 'has _ after the second character'],
    ['Ok', 'has 2 characters'],
    ['O kta', 'has a space as second character'],
  ])('fails when identityProviderName %s (%s)', (name) => {
    expect(() => newIdp(newStack(), saml({ metadataUrl: METADATA_URL }), name))
      .toThrow(new RegExp(`\`identityProviderName\` must match .* got '${name}'`));
  });

  test('validates the name before creating the resource', () => {
    const stack = newStack();
    expect(() => newIdp(stack, saml({ metadataUrl: METADATA_URL }), '_bad')).toThrow();
    expect(stack.node.tryFindChild('Idp')?.node.tryFindChild('Resource')).toBeUndefined();
  });
});

describe('WebIdentityProvider.fromIdentityProviderArn', () => {
  test('refers to an identity provider in the ARN\'s account and Region', () => {
    const stack = newStack();
    const idp = WebIdentityProvider.fromIdentityProviderArn(stack, 'Imported', IDP_ARN);
    expect(idp.identityProviderArn).toBe(IDP_ARN);
    expect(idp.identityProviderRef).toEqual({ identityProviderArn: IDP_ARN });
    expect(idp.env).toEqual({ account: '444455556666', region: 'us-east-1' });
    portalOf(stack); // a template needs a resource
    Template.fromStack(stack).resourceCountIs(TYPE, 0);
  });

  test('accepts a token ARN', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    const idp = WebIdentityProvider.fromIdentityProviderArn(stack, 'Imported', arn);
    expect(stack.resolve(idp.identityProviderArn)).toEqual({ Ref: 'Arn' });
  });

  test('fails when the ARN is not an identity provider ARN', () => {
    const portalArn = `arn:aws:workspaces-web:eu-west-1:111122223333:portal/${PORTAL_ID}`;
    expect(() => WebIdentityProvider.fromIdentityProviderArn(newStack(), 'Imported', portalArn))
      .toThrow(new RegExp(`\`identityProviderArn\` must be a WorkSpaces Secure Browser identity provider ARN .*got '${portalArn}'`));
  });
});

describe('IdentityProvider.saml', () => {
  const tmp = useProjectTempDir('idp-saml');

  test('renders only the metadata URL by default', () => {
    const provider = saml({ metadataUrl: METADATA_URL });
    expect(provider.bind(newStack()).type).toBe(IdentityProviderType.SAML);
    expect(detailsOf(provider)).toEqual({ MetadataURL: METADATA_URL });
  });

  test('renders a metadata document as MetadataFile', () => {
    expect(detailsOf(saml({ metadataDocument: METADATA_XML }))).toEqual({ MetadataFile: METADATA_XML });
  });

  test('reads a metadata file at synth and renders its contents as MetadataFile', () => {
    const file = path.join(tmp(), 'okta.xml');
    fs.writeFileSync(file, METADATA_XML);
    const provider = saml({ metadataFile: file });
    expect(detailsOf(provider)).toEqual({ MetadataFile: METADATA_XML });
  });

  test('renders sign-in, sign-out, signing and encryption options', () => {
    expect(detailsOf(saml({ metadataUrl: METADATA_URL, idpInitiated: true, idpSignout: true, signRequests: true, encryptedResponses: true })))
      .toEqual({
        MetadataURL: METADATA_URL,
        IDPInit: 'true',
        IDPSignout: 'true',
        RequestSigningAlgorithm: 'rsa-sha256',
        EncryptedResponses: 'true',
      });
  });

  test('renders options turned off as false and leaves out request signing', () => {
    expect(detailsOf(saml({ metadataUrl: METADATA_URL, idpInitiated: false, idpSignout: false, signRequests: false, encryptedResponses: false })))
      .toEqual({ MetadataURL: METADATA_URL, IDPInit: 'false', IDPSignout: 'false', EncryptedResponses: 'false' });
  });

  test('accepts a token metadata URL', () => {
    const stack = newStack();
    const url = new CfnParameter(stack, 'MetadataUrl').valueAsString;
    expect(detailsOf(saml({ metadataUrl: url }), stack)).toEqual({ MetadataURL: { Ref: 'MetadataUrl' } });
  });

  test('fails when no metadata is given', () => {
    expect(() => saml({})).toThrow(/^\[IdentityProvider\.saml\] Exactly one of `metadataUrl`, `metadataDocument` and `metadataFile` must be given, got none$/);
  });

  test('fails when more than one metadata source is given', () => {
    expect(() => saml({ metadataUrl: METADATA_URL, metadataDocument: METADATA_XML }))
      .toThrow(/^\[IdentityProvider\.saml\] Exactly one of `metadataUrl`, `metadataDocument` and `metadataFile` must be given, got metadataUrl, metadataDocument$/);
  });

  test.each(['example.com/metadata', 'ftp://example.com/metadata'])('fails when metadataUrl is %s', (url) => {
    expect(() => saml({ metadataUrl: url })).toThrow(new RegExp(`\`metadataUrl\` must be an absolute http:// or https:// URL, got '${url}'`));
  });

  test('fails when metadataDocument is not SAML metadata', () => {
    expect(() => saml({ metadataDocument: './okta.xml' }))
      .toThrow(/`metadataDocument` must be SAML metadata XML \(with an <EntityDescriptor> element\), got '.\/okta.xml'/);
  });

  test('fails when metadataDocument is longer than 131072 characters', () => {
    const big = METADATA_XML + ' '.repeat(131073);
    expect(() => saml({ metadataDocument: big })).toThrow(new RegExp(`\`metadataDocument\` must be at most 131072 characters, got ${big.length}`));
  });

  test('fails when a detail is longer than 131072 characters', () => {
    const url = `https://example.com/${'a'.repeat(131072)}`;
    expect(() => newIdp(newStack(), saml({ metadataUrl: url })))
      .toThrow(new RegExp(`The identity provider detail \`MetadataURL\` must be at most 131072 characters, got ${url.length}`));
  });

  test('fails when metadataFile cannot be read', () => {
    const file = path.join(tmp(), 'missing.xml');
    const provider = saml({ metadataFile: file });
    expect(() => newIdp(newStack(), provider)).toThrow(/`metadataFile` must be a readable file, got '.*missing\.xml'/);
  });

  test('fails when metadataFile does not hold SAML metadata', () => {
    const file = path.join(tmp(), 'notes.txt');
    fs.writeFileSync(file, 'hello');
    const stack = newStack();
    expect(() => newIdp(stack, saml({ metadataFile: file }))).toThrow(/`metadataFile` must be SAML metadata XML .*got 'hello'/);
    expect(stack.node.tryFindChild('Idp')?.node.tryFindChild('Resource')).toBeUndefined();
  });
});

describe('IdentityProvider.oidc', () => {
  test('renders the required keys, GET, and no endpoints by default', () => {
    const stack = newStack();
    const provider = oidc(stack);
    expect(provider.bind(newStack()).type).toBe(IdentityProviderType.OIDC);
    expect(detailsOf(provider, stack)).toEqual({
      client_id: 'client-123',
      client_secret: dynamicReference(),
      attributes_request_method: 'GET',
      oidc_issuer: 'https://idp.example.com',
      authorize_scopes: 'openid email profile',
    });
  });

  test('renders the endpoints, POST and a JSON field of the secret', () => {
    const stack = newStack();
    expect(detailsOf(oidc(stack, {
      clientSecretJsonField: 'client_secret',
      attributesRequestMethod: OidcAttributesRequestMethod.POST,
      authorizeUrl: 'https://idp.example.com/authorize',
      tokenUrl: 'https://idp.example.com/token',
      attributesUrl: 'https://idp.example.com/userinfo',
      jwksUri: 'https://idp.example.com/.well-known/jwks.json',
    }), stack)).toEqual({
      client_id: 'client-123',
      client_secret: dynamicReference('client_secret'),
      attributes_request_method: 'POST',
      oidc_issuer: 'https://idp.example.com',
      authorize_scopes: 'openid email profile',
      authorize_url: 'https://idp.example.com/authorize',
      token_url: 'https://idp.example.com/token',
      attributes_url: 'https://idp.example.com/userinfo',
      jwks_uri: 'https://idp.example.com/.well-known/jwks.json',
    });
  });

  test('accepts token client id and issuer', () => {
    const stack = newStack();
    const clientId = new CfnParameter(stack, 'ClientId').valueAsString;
    const issuer = new CfnParameter(stack, 'Issuer').valueAsString;
    expect(detailsOf(oidc(stack, { clientId, issuer }), stack)).toEqual(expect.objectContaining({
      client_id: { Ref: 'ClientId' },
      oidc_issuer: { Ref: 'Issuer' },
    }));
  });

  test('fails when authorizeScopes has no openid', () => {
    const stack = newStack();
    expect(() => oidc(stack, { authorizeScopes: ['email', 'profile'] }))
      .toThrow(/`authorizeScopes` of an OIDC provider must include 'openid', got \[email, profile\]/);
  });

  test('fails when authorizeScopes is empty', () => {
    const stack = newStack();
    expect(() => oidc(stack, { authorizeScopes: [] })).toThrow(/`authorizeScopes` must hold at least one scope, got \[\]/);
  });

  test.each(['openid email', 'openid,email', ''])('fails when a scope is \'%s\'', (scope) => {
    const stack = newStack();
    expect(() => oidc(stack, { authorizeScopes: ['openid', scope] }))
      .toThrow(new RegExp(`\`authorizeScopes\` must be scopes without spaces or commas \\(one scope per item\\), got '${scope}'`));
  });

  test('fails when issuer is not https', () => {
    const stack = newStack();
    expect(() => oidc(stack, { issuer: 'http://idp.example.com' }))
      .toThrow(/`issuer` must be an absolute https:\/\/ URL, got 'http:\/\/idp.example.com'/);
  });

  test('fails when issuer is empty', () => {
    const stack = newStack();
    expect(() => oidc(stack, { issuer: ' ' })).toThrow(/`issuer` must not be empty, got ' '/);
  });

  test.each(['authorizeUrl', 'tokenUrl', 'attributesUrl', 'jwksUri'])('fails when %s is not an https URL', (prop) => {
    const stack = newStack();
    expect(() => oidc(stack, { [prop]: '/token' }))
      .toThrow(new RegExp(`\`${prop}\` must be an absolute https:// URL, got '/token'`));
  });

  test('fails when clientId is empty', () => {
    const stack = newStack();
    expect(() => oidc(stack, { clientId: '' })).toThrow(/`clientId` must not be empty, got ''/);
  });
});

describe('social identity providers', () => {
  test('google renders client, secret reference and space-separated scopes', () => {
    const stack = newStack();
    const provider = IdentityProvider.google({ clientId: 'g-123.apps.googleusercontent.com', clientSecret: importedSecret(stack), authorizeScopes: ['profile', 'email', 'openid'] });
    expect(provider.bind(newStack()).type).toBe(IdentityProviderType.GOOGLE);
    expect(detailsOf(provider, stack)).toEqual({
      client_id: 'g-123.apps.googleusercontent.com',
      client_secret: dynamicReference(),
      authorize_scopes: 'profile email openid',
    });
  });

  test('facebook renders comma-separated scopes and no api_version by default', () => {
    const stack = newStack();
    const provider = IdentityProvider.facebook({ clientId: '1234567890', clientSecret: importedSecret(stack), authorizeScopes: ['public_profile', 'email'] });
    expect(provider.bind(newStack()).type).toBe(IdentityProviderType.FACEBOOK);
    expect(detailsOf(provider, stack)).toEqual({
      client_id: '1234567890',
      client_secret: dynamicReference(),
      authorize_scopes: 'public_profile,email',
    });
  });

  test('facebook renders api_version', () => {
    const stack = newStack();
    const provider = IdentityProvider.facebook({ clientId: '1234567890', clientSecret: importedSecret(stack), authorizeScopes: ['email'], apiVersion: 'v17.0' });
    expect(detailsOf(provider, stack)).toEqual(expect.objectContaining({ api_version: 'v17.0' }));
  });

  test('fails when facebook apiVersion is not vN.N', () => {
    const stack = newStack();
    expect(() => IdentityProvider.facebook({ clientId: '1', clientSecret: importedSecret(stack), authorizeScopes: ['email'], apiVersion: '17' }))
      .toThrow(/`apiVersion` must be a Graph API version such as v17.0, got '17'/);
  });

  test('loginWithAmazon renders client, secret reference from a JSON field and scopes', () => {
    const stack = newStack();
    const provider = IdentityProvider.loginWithAmazon({
      clientId: 'amzn1.application-oa2-client.abc',
      clientSecret: importedSecret(stack),
      clientSecretJsonField: 'secret',
      authorizeScopes: ['profile', 'postal_code'],
    });
    expect(provider.bind(newStack()).type).toBe(IdentityProviderType.LOGIN_WITH_AMAZON);
    expect(detailsOf(provider, stack)).toEqual({
      client_id: 'amzn1.application-oa2-client.abc',
      client_secret: dynamicReference('secret'),
      authorize_scopes: 'profile postal_code',
    });
  });

  test('fails when a social provider has no scopes', () => {
    const stack = newStack();
    expect(() => IdentityProvider.google({ clientId: 'g', clientSecret: importedSecret(stack), authorizeScopes: [] }))
      .toThrow(/`authorizeScopes` must hold at least one scope, got \[\]/);
  });

  test('fails when a social provider has no client id', () => {
    const stack = newStack();
    expect(() => IdentityProvider.loginWithAmazon({ clientId: '', clientSecret: importedSecret(stack), authorizeScopes: ['profile'] }))
      .toThrow(/`clientId` must not be empty, got ''/);
  });

  test('signInWithApple renders team, key, private key reference and scopes', () => {
    const stack = newStack();
    const provider = IdentityProvider.signInWithApple({
      clientId: 'com.example.browser',
      teamId: 'ABCDE12345',
      keyId: 'KEY1234567',
      privateKey: importedSecret(stack),
      privateKeyJsonField: 'p8',
      authorizeScopes: ['email', 'name'],
    });
    expect(provider.bind(newStack()).type).toBe(IdentityProviderType.SIGN_IN_WITH_APPLE);
    expect(detailsOf(provider, stack)).toEqual({
      client_id: 'com.example.browser',
      team_id: 'ABCDE12345',
      key_id: 'KEY1234567',
      private_key: dynamicReference('p8'),
      authorize_scopes: 'email name',
    });
  });

  test('signInWithApple uses the whole secret by default', () => {
    const stack = newStack();
    const provider = IdentityProvider.signInWithApple({
      clientId: 'com.example.browser', teamId: 'ABCDE12345', keyId: 'KEY1234567', privateKey: importedSecret(stack), authorizeScopes: ['email'],
    });
    expect(detailsOf(provider, stack)).toEqual(expect.objectContaining({ private_key: dynamicReference() }));
  });

  test.each([
    ['teamId', { teamId: 'ABC' }, 'ABC'],
    ['keyId', { keyId: 'KEY-123456' }, 'KEY-123456'],
  ])('fails when %s is not 10 letters and digits', (prop, override, value) => {
    const stack = newStack();
    expect(() => IdentityProvider.signInWithApple({
      clientId: 'com.example.browser', teamId: 'ABCDE12345', keyId: 'KEY1234567', privateKey: importedSecret(stack), authorizeScopes: ['email'], ...override,
    })).toThrow(new RegExp(`\`${prop}\` must be 10 letters and digits, got '${value}'`));
  });

  test('accepts token team and key ids', () => {
    const stack = newStack();
    const teamId = new CfnParameter(stack, 'TeamId').valueAsString;
    const keyId = Token.asString(new CfnParameter(stack, 'KeyId').value);
    const provider = IdentityProvider.signInWithApple({ clientId: 'c', teamId, keyId, privateKey: importedSecret(stack), authorizeScopes: ['email'] });
    expect(detailsOf(provider, stack)).toEqual(expect.objectContaining({ team_id: { Ref: 'TeamId' }, key_id: { Ref: 'KeyId' } }));
  });
});

describe('secrets', () => {
  test('a secret whose value is known at synth reaches the identity provider only as a dynamic reference', () => {
    const stack = newStack();
    const secret = new secretsmanager.Secret(stack, 'Known', { secretStringValue: SecretValue.unsafePlainText('pl41n-t3xt-s3cret') });
    newIdp(stack, IdentityProvider.google({ clientId: 'g', clientSecret: secret, authorizeScopes: ['email'] }));
    const template = Template.fromStack(stack);
    const idp = Object.values<any>(template.findResources(TYPE))[0];
    expect(JSON.stringify(idp)).not.toContain('pl41n-t3xt-s3cret');
    template.hasResourceProperties(TYPE, {
      IdentityProviderDetails: {
        client_secret: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: stack.getLogicalId(secret.node.defaultChild as secretsmanager.CfnSecret) }, ':SecretString:::}}']],
        },
      },
    });
  });

  test('a secret imported by name is referenced by name', () => {
    const stack = newStack();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Named', 'okta/client');
    expect(detailsOf(oidc(stack, { clientSecret: secret, clientSecretJsonField: 'value' }), stack))
      .toEqual(expect.objectContaining({
        client_secret: {
          'Fn::Join': ['', [
            '{{resolve:secretsmanager:arn:',
            { Ref: 'AWS::Partition' },
            `:secretsmanager:${REGION}:${ACCOUNT}:secret:okta/client:SecretString:value::}}`,
          ]],
        },
      }));
  });
});
