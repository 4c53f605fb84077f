import { createHash } from 'crypto';
import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * What `Custom::WebPortalReadiness` receives as the content of a security
 * setting: a digest of only the fields that change what a user inside a
 * session may do. A new IP rule description, a display name, a toolbar
 * layout or branding changes nothing a session may do, so it leaves the
 * digest, and the sessions, alone.
 */

/**
 * The scheme of the digest, sent as its prefix (`<scheme>:<sha256 hex>`).
 * lambda/portal/spec.ts holds the same value (test/contract.test.ts keeps the
 * two equal): the handler compares two contents only when both carry it, so
 * the first deploy after a change of what the digest covers (or after an
 * upgrade from a version whose digest covered every property) expires nobody.
 */
export const SECURITY_DIGEST_SCHEME = 'session-fields-1';

type Fields = Readonly<Record<string, unknown>>;

/**
 * Per CloudFormation resource type, the fields of its properties (as the
 * registry schemas name them, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/AWS_WorkSpacesWeb.html)
 * that decide what a session may do, in a canonical form: lists whose order
 * means nothing (CIDRs, certificates) are sorted. The README's "Take sessions
 * down after a security change" lists them field by field.
 */
const SECURITY_FIELDS: Readonly<Record<string, (p: Fields) => Fields>> = {
  // Which sites: the Chrome policy and the web content filtering (blocked categories, allowed and blocked URLs).
  'AWS::WorkSpacesWeb::BrowserSettings': p => ({
    BrowserPolicy: parsedJson(p.BrowserPolicy),
    WebContentFilteringPolicy: p.WebContentFilteringPolicy,
  }),
  // The clipboard, download, upload, print, deep link and WebAuthn switches, cookie synchronization and the
  // timeouts; not the toolbar, the branding, the key.
  'AWS::WorkSpacesWeb::UserSettings': p => pick(p, [
    'CopyAllowed', 'PasteAllowed', 'DownloadAllowed', 'UploadAllowed', 'PrintAllowed', 'DeepLinkAllowed', 'WebAuthnAllowed',
    'CookieSynchronizationConfiguration', 'DisconnectTimeoutInMinutes', 'IdleDisconnectTimeoutInMinutes',
  ]),
  // From which addresses: the CIDRs, not the rules' descriptions, nor the display name or description.
  'AWS::WorkSpacesWeb::IpAccessSettings': p => ({
    IpRanges: sortedSet(asArray(p.IpRules).map(rule => (isRecord(rule) ? rule.IpRange : rule))),
  }),
  // What is redacted, and how: the patterns (not their descriptions) and the global URLs and confidence level.
  'AWS::WorkSpacesWeb::DataProtectionSettings': p => ({
    InlineRedactionConfiguration: withoutPatternDescriptions(p.InlineRedactionConfiguration),
  }),
  // Which certificates the browser trusts.
  'AWS::WorkSpacesWeb::TrustStore': p => ({
    CertificateList: sortedSet(asArray(p.CertificateList)),
  }),
};

/**
 * The digest of a settings construct's security fields, computed at synth:
 * `<scheme>:<sha256 hex>` of the canonical JSON (object keys sorted at every
 * depth) of its resource's fields that SECURITY_FIELDS lists; '' for settings
 * the app imported, whose content is not in the template, and for a resource
 * type this version does not know (only a change of its ARN then counts).
 */
export function securityDigest(settings: unknown): string {
  return Lazy.string({
    produce: () => {
      const child = Construct.isConstruct(settings) ? settings.node.defaultChild : undefined;
      if (child === undefined || !CfnResource.isCfnResource(child)) {
        return '';
      }
      const fields = SECURITY_FIELDS[child.cfnResourceType];
      if (fields === undefined) {
        return '';
      }
      // _toCloudFormation() renders what the template holds for the resource,
      // escape-hatch overrides (addPropertyOverride) included, which the L1's
      // own props would miss; resolving it turns tokens into the intrinsics the
      // template shows, so the digest is stable from one synth to the next.
      const rendered: RenderedTemplate = Stack.of(child).resolve((child as any)._toCloudFormation());
      const properties = Object.values(rendered.Resources ?? {})[0]?.Properties ?? {};
      const hash = createHash('sha256').update(canonicalJson(fields(properties))).digest('hex');
      return `${SECURITY_DIGEST_SCHEME}:${hash}`;
    },
  });
}

interface RenderedTemplate {
  readonly Resources?: Record<string, { readonly Properties?: Record<string, unknown> }>;
}

/** JSON with object keys sorted at every depth, and undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function pick(p: Fields, keys: readonly string[]): Fields {
  return Object.fromEntries(keys.map(k => [k, p[k]]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** A list whose order and repeats mean nothing, sorted by canonical form. */
function sortedSet(values: readonly unknown[]): unknown[] {
  const byKey = new Map(values.map(v => [canonicalJson(v), v]));
  return [...byKey.keys()].sort().map(k => byKey.get(k));
}

/** A JSON document given as a string (the Chrome policy) as its parsed value, so that its key order does not count. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function withoutPatternDescriptions(config: unknown): unknown {
  if (!isRecord(config)) return config;
  return {
    ...config,
    InlineRedactionPatterns: Array.isArray(config.InlineRedactionPatterns)
      ? config.InlineRedactionPatterns.map(pattern => (isRecord(pattern) && isRecord(pattern.CustomPattern)
        ? { ...pattern, CustomPattern: { ...pattern.CustomPattern, PatternDescription: undefined } }
        : pattern))
      : config.InlineRedactionPatterns,
  };
}
