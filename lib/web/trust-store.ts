import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import { Annotations, IResource, Resource, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { CfnTrustStore } from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { validateSecureBrowserArn } from './web-arn';
import { validationError } from '../private/errors';

/** A trust store of WorkSpaces Secure Browser: one created by `TrustStore` or imported. */
export interface ITrustStore extends IResource, webRefs.ITrustStoreRef {
  /**
   * The ARN: `arn:<partition>:workspaces-web:<region>:<account>:trustStore/<id>`.
   *
   * @attribute
   */
  readonly trustStoreArn: string;
}

/** The certificates a `TrustStoreCertificate` adds to a trust store. */
export interface TrustStoreCertificateConfig {
  /** One PEM certificate (`-----BEGIN CERTIFICATE-----…`) per entry. */
  readonly pems: string[];
}

/**
 * CA certificates for a trust store: from a PEM file, a PEM string, or a
 * certificate issued in the same stack by AWS Private CA.
 *
 * A PEM file or string may hold several certificates (a bundle): each
 * becomes one certificate of the trust store. Anything else in it (a private
 * key, a certificate request) is refused.
 *
 * An `acmpca.ICertificateAuthority` alone cannot provide its certificate:
 * `AWS::ACMPCA::CertificateAuthority` returns only its ARN and its signing
 * request (CSR), and reading the CA certificate of an existing CA needs the
 * `GetCertificateAuthorityCertificate` API, that is a custom resource. Use
 * `fromCfnCertificate` with the CA's own certificate instead.
 */
export abstract class TrustStoreCertificate {
  /**
   * The certificates of a PEM file, read at synth. The file is part of the
   * app's source; it must hold certificates only.
   */
  public static fromFile(path: string): TrustStoreCertificate {
    return new PemCertificate(scope => {
      let pem: string;
      try {
        pem = fs.readFileSync(path, 'utf8');
      } catch (e) {
        throw validationError(scope, `\`TrustStoreCertificate.fromFile\` could not read '${path}': ${(e as Error).message}`);
      }
      return pem;
    }, `file '${path}'`);
  }

  /** The certificates of a PEM string (one or more `-----BEGIN CERTIFICATE-----` blocks). */
  public static fromPem(pem: string): TrustStoreCertificate {
    return new PemCertificate(() => pem, 'PEM string');
  }

  /**
   * The certificate issued by an `AWS::ACMPCA::Certificate` of the same app
   * (`Fn::GetAtt Certificate`), typically the self-signed certificate of a
   * root CA created in CloudFormation (template `RootCACertificate/V1`). It
   * is known only at deploy time, so it is not checked at synth.
   */
  public static fromCfnCertificate(certificate: acmpca.CfnCertificate): TrustStoreCertificate {
    return new TokenCertificate(certificate.attrCertificate);
  }

  /** Returns the PEM certificates, validated where known at synth. */
  public abstract bind(scope: Construct): TrustStoreCertificateConfig;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/g;

class PemCertificate extends TrustStoreCertificate {
  constructor(private readonly read: (scope: Construct) => string, private readonly source: string) {
    super();
  }

  public bind(scope: Construct): TrustStoreCertificateConfig {
    const pem = this.read(scope);
    if (Token.isUnresolved(pem)) return { pems: [pem] };
    const blocks = [...pem.matchAll(CERTIFICATE_BLOCK)].map(m => m[0].replace(/\r\n/g, '\n'));
    if (blocks.length === 0) {
      throw validationError(scope, `\`certificates\` must hold PEM certificates (-----BEGIN CERTIFICATE-----), got none in ${this.source}`);
    }
    const rest = pem.replace(CERTIFICATE_BLOCK, '').trim();
    if (rest !== '') {
      const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(rest)?.[1];
      throw validationError(scope, `\`certificates\` must hold PEM certificates only, got ${label ? `a '${label}' block` : `'${rest.slice(0, 40)}'`} in ${this.source}`);
    }
    for (const block of blocks) {
      checkCertificate(scope, block, this.source);
    }
    return { pems: blocks };
  }
}

class TokenCertificate extends TrustStoreCertificate {
  constructor(private readonly pem: string) {
    super();
  }

  public bind(_scope: Construct): TrustStoreCertificateConfig {
    return { pems: [this.pem] };
  }
}

/** Parses the certificate; warns when it is not a CA certificate or has expired. */
function checkCertificate(scope: Construct, pem: string, source: string): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (e) {
    throw validationError(scope, `\`certificates\` must hold valid X.509 certificates, got one that does not parse in ${source}: ${(e as Error).message}`);
  }
  const subject = cert.subject.replace(/\n/g, ', ');
  if (!cert.ca) {
    Annotations.of(scope).addWarningV2(TrustStore.NOT_CA_WARNING,
      `Certificate '${subject}' from ${source} is not a CA certificate: a trust store holds the CAs that issued your sites' certificates`);
  }
  if (Date.parse(cert.validTo) < Date.now()) {
    Annotations.of(scope).addWarningV2(TrustStore.EXPIRED_CERTIFICATE_WARNING,
      `Certificate '${subject}' from ${source} expired on ${cert.validTo}`);
  }
}

/** Properties of a `TrustStore`. */
export interface TrustStoreProps {
  /**
   * The CA certificates the portal's browser trusts in addition to the public
   * ones: at least one. Changing them updates the trust store in place.
   */
  readonly certificates: TrustStoreCertificate[];
}

/**
 * A WorkSpaces Secure Browser trust store (`AWS::WorkSpacesWeb::TrustStore`):
 * CA certificates the portal's browser trusts, for internal websites whose
 * certificates a private CA issued.
 */
export class TrustStore extends Resource implements ITrustStore {
  /**
   * The id of the warning a trust store raises at synth for a certificate
   * that is not a CA certificate, `cdk-workspaces-constructs:trustStoreNotCa`
   * (a trust store holds the CAs that issued your sites' certificates). If it
   * is meant to be there, acknowledge it:
   * `Annotations.of(trustStore).acknowledgeWarning(TrustStore.NOT_CA_WARNING, 'reason')`.
   */
  public static readonly NOT_CA_WARNING = 'cdk-workspaces-constructs:trustStoreNotCa';

  /**
   * The id of the warning a trust store raises at synth for a certificate
   * that has expired, `cdk-workspaces-constructs:trustStoreExpired`. If it is
   * meant to be there, acknowledge it:
   * `Annotations.of(trustStore).acknowledgeWarning(TrustStore.EXPIRED_CERTIFICATE_WARNING, 'reason')`.
   */
  public static readonly EXPIRED_CERTIFICATE_WARNING = 'cdk-workspaces-constructs:trustStoreExpired';

  /**
   * Refers to an existing trust store by its ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param trustStoreArn the ARN of the trust store
   */
  public static fromTrustStoreArn(scope: Construct, id: string, trustStoreArn: string): ITrustStore {
    validateSecureBrowserArn(scope, id, 'trustStoreArn', 'trust store', 'trustStore', trustStoreArn);
    class Import extends Resource implements ITrustStore {
      public readonly trustStoreArn = trustStoreArn;
      public get trustStoreRef(): webRefs.TrustStoreReference {
        return { trustStoreArn: this.trustStoreArn };
      }
    }
    return new Import(scope, id, { environmentFromArn: trustStoreArn });
  }

  /** The ARN. @attribute */
  public readonly trustStoreArn: string;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the CA certificates the trust store holds
   */
  constructor(scope: Construct, id: string, props: TrustStoreProps) {
    super(scope, id);

    // Validate everything before creating anything.
    const pems = props.certificates.flatMap(c => c.bind(this).pems);
    validateCount(this, pems);
    validateNoDuplicates(this, pems);

    const resource = new CfnTrustStore(this, 'Resource', {
      certificateList: pems,
    });

    this.trustStoreArn = resource.attrTrustStoreArn;
  }

  public get trustStoreRef(): webRefs.TrustStoreReference {
    return { trustStoreArn: this.trustStoreArn };
  }
}

function validateCount(scope: IConstruct, pems: string[]): void {
  if (pems.length < 1) {
    throw validationError(scope, `\`certificates\` must hold at least 1 certificate, got ${pems.length}`);
  }
}

function validateNoDuplicates(scope: IConstruct, pems: string[]): void {
  const seen = new Set<string>();
  for (const pem of pems) {
    if (Token.isUnresolved(pem)) continue;
    const fingerprint = new X509Certificate(pem).fingerprint256;
    if (seen.has(fingerprint)) {
      throw validationError(scope, `\`certificates\` must not hold the same certificate twice, got SHA-256 fingerprint ${fingerprint} twice`);
    }
    seen.add(fingerprint);
  }
}

