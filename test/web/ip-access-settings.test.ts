import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IIpAccessSettings, IpAccessSettings, IpAccessSettingsProps } from '../../lib/web/ip-access-settings';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:ipAccessSettings/12345678-1234-1234-1234-123456789012`;
const KEY_ACTIONS = [
  'kms:DescribeKey',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:Decrypt',
  'kms:ReEncryptTo',
  'kms:ReEncryptFrom',
];

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function newSettings(stack: Stack, props: Partial<IpAccessSettingsProps> = {}): IpAccessSettings {
  return new IpAccessSettings(stack, 'IpAccess', { rules: [{ cidr: '203.0.113.0/24' }], ...props });
}

function settingsProperties(stack: Stack): Record<string, any> {
  const values = Object.values<any>(Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::IpAccessSettings'));
  expect(values).toHaveLength(1);
  return values[0].Properties;
}

function serviceStatements(stack: Stack): any[] {
  const keys = Object.values<any>(Template.fromStack(stack).findResources('AWS::KMS::Key'));
  return keys.flatMap(k => k.Properties.KeyPolicy.Statement)
    .filter((s: any) => s.Principal?.Service === 'workspaces-web.amazonaws.com');
}

describe('IpAccessSettings', () => {
  test('renders only the rules by default', () => {
    const stack = newStack();
    newSettings(stack);
    expect(settingsProperties(stack)).toEqual({ IpRules: [{ IpRange: '203.0.113.0/24' }] });
  });

  test('renders every prop', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    newSettings(stack, {
      rules: [{ cidr: '203.0.113.0/24', description: 'Office' }, { cidr: '198.51.100.7' }],
      displayName: 'Office only',
      description: 'Users reach the portal from the office',
      encryptionKey: key,
      additionalEncryptionContext: { team: 'security' },
    });

    expect(settingsProperties(stack)).toEqual({
      IpRules: [{ IpRange: '203.0.113.0/24', Description: 'Office' }, { IpRange: '198.51.100.7' }],
      DisplayName: 'Office only',
      Description: 'Users reach the portal from the office',
      CustomerManagedKey: stack.resolve(key.keyArn),
      AdditionalEncryptionContext: { team: 'security' },
    });
  });

  test('accepts 100 rules and the boundaries of each range', () => {
    const stack = newStack();
    const rules = Array.from({ length: 100 }, (_, i) => ({ cidr: `10.0.${i}.0/${i % 33}` }));
    rules[0] = { cidr: '0.0.0.0/0' };
    rules[1] = { cidr: '255.255.255.255/32' };
    newSettings(stack, { rules, displayName: 'x'.repeat(64), description: 'd'.repeat(256) });
    expect(settingsProperties(stack).IpRules).toHaveLength(100);
  });

  test('grants the service principal the documented key actions, scoped to the account', () => {
    const stack = newStack();
    newSettings(stack, { encryptionKey: new kms.Key(stack, 'Key') });

    const statements = serviceStatements(stack);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'workspaces-web.amazonaws.com' },
      Action: KEY_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('changes no key policy without a key', () => {
    const stack = newStack();
    newSettings(stack);
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 0);
    expect(settingsProperties(stack).CustomerManagedKey).toBeUndefined();
  });

  test('warns that an imported key policy must be changed by hand', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${REGION}:${ACCOUNT}:key/12345678-1234-1234-1234-123456789012`);
    newSettings(stack, { encryptionKey: key });

    expect(settingsProperties(stack).CustomerManagedKey).toBe(key.keyArn);
    Annotations.fromStack(stack).hasWarning('/Test/IpAccess', Match.stringLikeRegexp('The key policy of Test/Key cannot be changed from this app.*workspaces-web.amazonaws.com'));
  });

  test('accepts tokens', () => {
    const stack = newStack();
    const cidr = new CfnParameter(stack, 'Cidr').valueAsString;
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const context = new CfnParameter(stack, 'Context').valueAsString;
    newSettings(stack, { rules: [{ cidr, description: name }], displayName: name, description: name, additionalEncryptionContext: { k: context } });

    expect(settingsProperties(stack)).toEqual({
      IpRules: [{ IpRange: { Ref: 'Cidr' }, Description: { Ref: 'Name' } }],
      DisplayName: { Ref: 'Name' },
      Description: { Ref: 'Name' },
      AdditionalEncryptionContext: { k: { Ref: 'Context' } },
    });
  });

  test('fails when there is no rule', () => {
    expect(() => newSettings(newStack(), { rules: [] })).toThrow(/`rules` must hold 1-100 rules, got 0/);
  });

  test('fails when there are more than 100 rules', () => {
    const rules = Array.from({ length: 101 }, (_, i) => ({ cidr: `10.0.${i}.0/24` }));
    expect(() => newSettings(newStack(), { rules })).toThrow(/`rules` must hold 1-100 rules, got 101/);
  });

  test.each([
    ['10.0.0.0/33'],
    ['10.0.0/24'],
    ['256.0.0.0/8'],
    ['10.0.0.0/'],
    ['2001:db8::/32'],
    [' 10.0.0.0/8'],
  ])('fails when a cidr is %p', (cidr) => {
    expect(() => newSettings(newStack(), { rules: [{ cidr: '10.0.0.0/8' }, { cidr }] }))
      .toThrow(`\`rules[1].cidr\` must be an IPv4 address or CIDR range (e.g. 203.0.113.0/24), got '${cidr}'`);
  });

  test('fails when a rule description is empty or too long', () => {
    expect(() => newSettings(newStack(), { rules: [{ cidr: '10.0.0.0/8', description: '' }] }))
      .toThrow(/`rules\[0\].description` must be 1-256 characters, got 0/);
    expect(() => newSettings(newStack(), { rules: [{ cidr: '10.0.0.0/8', description: 'd'.repeat(257) }] }))
      .toThrow(/`rules\[0\].description` must be 1-256 characters, got 257/);
  });

  test('fails when displayName is empty or longer than 64 characters', () => {
    expect(() => newSettings(newStack(), { displayName: '' })).toThrow(/`displayName` must be 1-64 characters, got 0/);
    expect(() => newSettings(newStack(), { displayName: 'x'.repeat(65) })).toThrow(/`displayName` must be 1-64 characters, got 65/);
  });

  test('fails when description is longer than 256 characters', () => {
    expect(() => newSettings(newStack(), { description: 'x'.repeat(257) })).toThrow(/`description` must be 1-256 characters, got 257/);
  });

  test('fails when a text has a line break', () => {
    expect(() => newSettings(newStack(), { displayName: 'a\nb' })).toThrow(/`displayName` must not contain line breaks, got "a\\nb"/);
    expect(() => newSettings(newStack(), { description: 'a\r\nb' })).toThrow(/`description` must not contain line breaks/);
  });

  test('fails when an encryption context value is too long', () => {
    expect(() => newSettings(newStack(), { additionalEncryptionContext: { big: 'x'.repeat(131073) } }))
      .toThrow(/`additionalEncryptionContext` values must be at most 131072 characters, got 131073 for key 'big'/);
  });

  test('fails when the key is an alias', () => {
    const stack = newStack();
    const alias = kms.Key.fromKeyArn(stack, 'Alias', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/portal`);
    expect(() => newSettings(stack, { encryptionKey: alias })).toThrow(/`encryptionKey` must be a KMS key \(not an alias\).*got 'arn:.*alias\/portal'/);
  });

  test('fails when an encryption context key is too long', () => {
    expect(() => newSettings(newStack(), { additionalEncryptionContext: { ['k'.repeat(131073)]: 'v' } }))
      .toThrow(/`additionalEncryptionContext` keys must be at most 131072 characters, got a key of 131073/);
  });

  test('validates before granting on the key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    expect(() => newSettings(stack, { encryptionKey: key, rules: [] })).toThrow(/`rules`/);
    expect(serviceStatements(stack)).toHaveLength(0);
  });

  test('ipAccessSettingsRef returns the ARN', () => {
    const stack = newStack();
    const settings = newSettings(stack);
    expect(stack.resolve(settings.ipAccessSettingsRef.ipAccessSettingsArn)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(settings.node.defaultChild as any), 'IpAccessSettingsArn'],
    });
  });

  test('fromIpAccessSettingsArn takes the environment from the ARN', () => {
    const stack = newStack();
    const other = 'arn:aws:workspaces-web:us-east-1:444455556666:ipAccessSettings/12345678-1234-1234-1234-123456789012';
    const imported: IIpAccessSettings = IpAccessSettings.fromIpAccessSettingsArn(stack, 'Imported', other);
    expect(imported.ipAccessSettingsArn).toBe(other);
    expect(imported.ipAccessSettingsRef.ipAccessSettingsArn).toBe(other);
    expect(imported.env).toEqual({ account: '444455556666', region: 'us-east-1' });
  });

  test('fromIpAccessSettingsArn accepts a token', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    expect(IpAccessSettings.fromIpAccessSettingsArn(stack, 'Imported', arn).ipAccessSettingsArn).toBe(arn);
  });

  test('fails when fromIpAccessSettingsArn gets another resource type', () => {
    const bad = ARN.replace('ipAccessSettings', 'trustStore');
    expect(() => IpAccessSettings.fromIpAccessSettingsArn(newStack(), 'Imported', bad))
      .toThrow(new RegExp(`\`ipAccessSettingsArn\` must be a WorkSpaces Secure Browser IP access settings ARN .*got '${bad}'`));
  });
});
