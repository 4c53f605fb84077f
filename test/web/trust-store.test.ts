import * as fs from 'fs';
import * as path from 'path';
import { Annotations as CoreAnnotations, App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { ITrustStore, TrustStore, TrustStoreCertificate } from '../../lib/web/trust-store';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:trustStore/12345678-1234-1234-1234-123456789012`;
const FIXTURES = path.join(__dirname, 'fixtures');
const CA1_FILE = path.join(FIXTURES, 'trust-store-ca1.pem');
const CA1 = fs.readFileSync(CA1_FILE, 'utf8').trim();
const CA2 = fs.readFileSync(path.join(FIXTURES, 'trust-store-ca2.pem'), 'utf8').trim();
const LEAF = fs.readFileSync(path.join(FIXTURES, 'trust-store-leaf.pem'), 'utf8').trim();
const FAKE_KEY = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----';

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function newStore(stack: Stack, certificates: TrustStoreCertificate[]): TrustStore {
  return new TrustStore(stack, 'TrustStore', { certificates });
}

function certificateList(stack: Stack): unknown[] {
  const values = Object.values<any>(Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::TrustStore'));
  expect(values).toHaveLength(1);
  return values[0].Properties.CertificateList;
}

describe('TrustStore', () => {
  test('renders a certificate read from a file', () => {
    const stack = newStack();
    newStore(stack, [TrustStoreCertificate.fromFile(CA1_FILE)]);
    expect(certificateList(stack)).toEqual([CA1]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('renders a PEM string, with Windows line ends made Unix ones', () => {
    const stack = newStack();
    newStore(stack, [TrustStoreCertificate.fromPem(`\r\n${CA2.replace(/\n/g, '\r\n')}\r\n`)]);
    expect(certificateList(stack)).toEqual([CA2]);
  });

  test('splits a bundle into one entry per certificate', () => {
    const stack = newStack();
    newStore(stack, [TrustStoreCertificate.fromFile(path.join(FIXTURES, 'trust-store-bundle.pem'))]);
    expect(certificateList(stack)).toEqual([CA1, CA2]);
  });

  test('renders the certificate of an AWS Private CA certificate resource', () => {
    const stack = newStack();
    const cert = new acmpca.CfnCertificate(stack, 'RootCert', {
      certificateAuthorityArn: 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/12345678-1234-1234-1234-123456789012',
      certificateSigningRequest: 'csr',
      signingAlgorithm: 'SHA256WITHRSA',
      templateArn: 'arn:aws:acm-pca:::template/RootCACertificate/V1',
      validity: { type: 'YEARS', value: 10 },
    });
    newStore(stack, [TrustStoreCertificate.fromCfnCertificate(cert), TrustStoreCertificate.fromPem(CA1)]);
    expect(certificateList(stack)).toEqual([{ 'Fn::GetAtt': ['RootCert', 'Certificate'] }, CA1]);
  });

  test('accepts a token PEM', () => {
    const stack = newStack();
    const pem = new CfnParameter(stack, 'Pem').valueAsString;
    newStore(stack, [TrustStoreCertificate.fromPem(pem), TrustStoreCertificate.fromPem(pem)]);
    expect(certificateList(stack)).toEqual([{ Ref: 'Pem' }, { Ref: 'Pem' }]);
  });

  test('warns when a certificate is not a CA certificate', () => {
    const stack = newStack();
    newStore(stack, [TrustStoreCertificate.fromPem(LEAF)]);
    expect(certificateList(stack)).toEqual([LEAF]);
    Annotations.fromStack(stack).hasWarning('/Test/TrustStore', Match.stringLikeRegexp(`Certificate 'CN=intranet.example.com' from PEM string is not a CA certificate.*\\[ack: ${TrustStore.NOT_CA_WARNING}\\]`));
  });

  test('a warning acknowledged with its static id is gone', () => {
    const stack = newStack();
    const store = newStore(stack, [TrustStoreCertificate.fromPem(LEAF)]);
    CoreAnnotations.of(store).acknowledgeWarning(TrustStore.NOT_CA_WARNING, 'A pinned leaf certificate, on purpose');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('not a CA certificate'))).toEqual([]);
  });

  test('warns when a certificate has expired', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2200-01-01T00:00:00Z'));
    try {
      const stack = newStack();
      newStore(stack, [TrustStoreCertificate.fromFile(CA1_FILE)]);
      Annotations.fromStack(stack).hasWarning('/Test/TrustStore', Match.stringLikeRegexp(`Certificate 'CN=Example Internal Root CA 1' from file '.*trust-store-ca1.pem' expired on.*\\[ack: ${TrustStore.EXPIRED_CERTIFICATE_WARNING}\\]`));
    } finally {
      now.mockRestore();
    }
  });

  test('fails when there is no certificate', () => {
    expect(() => newStore(newStack(), [])).toThrow(/`certificates` must hold at least 1 certificate, got 0/);
  });

  test('fails when the file cannot be read', () => {
    const missing = path.join(FIXTURES, 'missing.pem');
    expect(() => newStore(newStack(), [TrustStoreCertificate.fromFile(missing)]))
      .toThrow(new RegExp(`\`TrustStoreCertificate.fromFile\` could not read '${missing}': ENOENT`));
  });

  test('fails when the PEM holds no certificate', () => {
    expect(() => newStore(newStack(), [TrustStoreCertificate.fromPem('hello')]))
      .toThrow(/`certificates` must hold PEM certificates \(-----BEGIN CERTIFICATE-----\), got none in PEM string/);
  });

  test('fails when the PEM holds a private key next to the certificate', () => {
    expect(() => newStore(newStack(), [TrustStoreCertificate.fromPem(`${CA1}\n${FAKE_KEY}\n`)]))
      .toThrow(/`certificates` must hold PEM certificates only, got a 'PRIVATE KEY' block in PEM string/);
  });

  test('fails when the PEM has other text next to the certificate', () => {
    expect(() => newStore(newStack(), [TrustStoreCertificate.fromPem(`subject=CN=x\n${CA1}`)]))
      .toThrow(/`certificates` must hold PEM certificates only, got 'subject=CN=x' in PEM string/);
  });

  test('fails when a certificate block does not parse', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    expect(() => newStore(newStack(), [TrustStoreCertificate.fromPem(broken)]))
      .toThrow(/`certificates` must hold valid X.509 certificates, got one that does not parse in PEM string/);
  });

  test('fails when the same certificate is given twice', () => {
    expect(() => newStore(newStack(), [TrustStoreCertificate.fromFile(CA1_FILE), TrustStoreCertificate.fromPem(CA1)]))
      .toThrow(/`certificates` must not hold the same certificate twice, got SHA-256 fingerprint [0-9A-F:]+ twice/);
  });

  test('validates before creating anything', () => {
    const stack = newStack();
    expect(() => newStore(stack, [TrustStoreCertificate.fromPem(CA1), TrustStoreCertificate.fromPem(CA1)])).toThrow(/same certificate twice/);
    expect(stack.node.findChild('TrustStore').node.tryFindChild('Resource')).toBeUndefined();
  });

  test('trustStoreRef returns the ARN', () => {
    const stack = newStack();
    const store = newStore(stack, [TrustStoreCertificate.fromPem(CA1)]);
    expect(stack.resolve(store.trustStoreRef.trustStoreArn)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(store.node.defaultChild as any), 'TrustStoreArn'],
    });
  });

  test('fromTrustStoreArn takes the environment from the ARN', () => {
    const stack = newStack();
    const other = 'arn:aws:workspaces-web:us-east-1:444455556666:trustStore/12345678-1234-1234-1234-123456789012';
    const imported: ITrustStore = TrustStore.fromTrustStoreArn(stack, 'Imported', other);
    expect(imported.trustStoreArn).toBe(other);
    expect(imported.trustStoreRef.trustStoreArn).toBe(other);
    expect(imported.env).toEqual({ account: '444455556666', region: 'us-east-1' });
  });

  test('fromTrustStoreArn accepts a token', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    expect(TrustStore.fromTrustStoreArn(stack, 'Imported', arn).trustStoreArn).toBe(arn);
  });

  test('fails when fromTrustStoreArn gets another resource type', () => {
    const bad = ARN.replace('trustStore', 'portal');
    expect(() => TrustStore.fromTrustStoreArn(newStack(), 'Imported', bad))
      .toThrow(new RegExp(`\`trustStoreArn\` must be a WorkSpaces Secure Browser trust store ARN .*got '${bad}'`));
  });
});
