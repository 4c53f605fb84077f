import * as fs from 'fs';
import * as path from 'path';

/**
 * The enum-like classes (values made by static factories or constants:
 * `BrowserPolicy.fromJson`, `IdentityProvider.saml`, …) have one pattern in
 * every jsii language: they give what they stand for through `bind(scope)`,
 * which returns a `<Class>Config` struct, and expose nothing else
 * (aws-cdk-lib's `lambda.Code.bind`, `ecs.ContainerImage.bind`).
 */
const assembly = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.jsii'), 'utf8'));

interface Member {
  readonly name: string;
  readonly static?: boolean;
  readonly protected?: boolean;
  readonly returns?: { readonly type?: { readonly fqn?: string } };
  readonly type?: { readonly fqn?: string };
}

const enumLike = Object.entries<any>(assembly.types)
  .filter(([, t]) => t.kind === 'class')
  .filter(([fqn, t]) => [...(t.methods ?? []), ...(t.properties ?? [])]
    .some((m: Member) => m.static && (m.returns?.type?.fqn === fqn || m.type?.fqn === fqn)));

describe('enum-like classes', () => {
  test('are found', () => {
    expect(enumLike.map(([, t]) => t.name).sort()).toEqual([
      'BrandingImage', 'BrowserPolicy', 'BuiltInRedactionPattern', 'DirectoryIdentity', 'FleetPlatform', 'IdentityProvider', 'ImageSource',
      'InlineRedactionPattern', 'SessionLoggerEventFilter', 'TrustStoreCertificate',
    ]);
  });

  test.each(enumLike.map(([fqn, t]) => [t.name, fqn, t]))('%s has bind(scope) returning its Config struct, and no other public instance member', (name, _fqn, t: any) => {
    const publicInstance = (members: Member[] | undefined) => (members ?? []).filter(m => !m.static && !m.protected);
    expect(publicInstance(t.methods).map(m => m.name)).toEqual(['bind']);
    expect(publicInstance(t.properties).map(m => m.name)).toEqual([]);
    const bind = t.methods.find((m: Member) => m.name === 'bind');
    // `_scope` where the value needs no scope, as aws-cdk-lib's `InlineCode.bind(_scope)`.
    expect(bind.parameters[0]).toMatchObject({ name: expect.stringMatching(/^_?scope$/), type: { fqn: 'constructs.Construct' } });
    expect(bind.returns.type.fqn).toBe(`${assembly.name}.${name}Config`);
    expect(assembly.types[bind.returns.type.fqn].datatype).toBe(true);
  });
});
