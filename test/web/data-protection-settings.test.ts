import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  BuiltInRedactionPattern,
  DataProtectionSettings,
  DataProtectionSettingsProps,
  InlineRedactionPattern,
  RedactionConfidenceLevel,
} from '../../lib/web/data-protection-settings';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0123-4567-89ab-0123456789ab`;
const SETTINGS_ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:dataProtectionSettings/0123abcd-0123-4567-89ab-0123456789ab`;

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function synthProps(props: DataProtectionSettingsProps, stack = newStack()): Record<string, any> {
  new DataProtectionSettings(stack, 'Settings', props);
  const values = Object.values<any>(Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::DataProtectionSettings'));
  expect(values).toHaveLength(1);
  return values[0].Properties ?? {};
}

function withPattern(pattern: InlineRedactionPattern): DataProtectionSettingsProps {
  return { inlineRedaction: { patterns: [pattern] } };
}

const SSN = InlineRedactionPattern.builtIn(BuiltInRedactionPattern.SSN);

describe('DataProtectionSettings', () => {
  test('without props renders an empty resource', () => {
    const stack = newStack();
    const settings = new DataProtectionSettings(stack, 'Settings');
    const resources = Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::DataProtectionSettings');
    expect(Object.values<any>(resources)[0].Properties).toBeUndefined();
    const id = stack.getLogicalId(settings.node.defaultChild as any);
    expect(stack.resolve(settings.dataProtectionSettingsArn)).toEqual({ 'Fn::GetAtt': [id, 'DataProtectionSettingsArn'] });
    expect(stack.resolve(settings.dataProtectionSettingsRef.dataProtectionSettingsArn)).toEqual({ 'Fn::GetAtt': [id, 'DataProtectionSettingsArn'] });
  });

  test('renders a full inline redaction configuration', () => {
    const props = synthProps({
      displayName: 'PII redaction',
      description: 'Redacts card numbers and employee ids',
      inlineRedaction: {
        globalConfidenceLevel: RedactionConfidenceLevel.HIGH,
        globalEnforcedUrls: ['https://crm.example.com/*', 'example.com'],
        globalExemptUrls: ['https://hr.example.com'],
        patterns: [
          InlineRedactionPattern.builtIn(BuiltInRedactionPattern.CARD_NUMBERS, { placeholderText: '****', confidenceLevel: RedactionConfidenceLevel.LOW }),
          InlineRedactionPattern.custom({
            name: 'EmployeeId',
            regex: '/EMP-\\d{6}/g',
            keywordRegex: '/employee/i',
            description: 'Employee ids',
            placeholderText: 'EMP-ID',
            enforcedUrls: ['https://*'],
            exemptUrls: ['https://directory.example.com'],
          }),
        ],
      },
    });
    expect(props).toEqual({
      DisplayName: 'PII redaction',
      Description: 'Redacts card numbers and employee ids',
      InlineRedactionConfiguration: {
        GlobalConfidenceLevel: 3,
        GlobalEnforcedUrls: ['https://crm.example.com/*', 'example.com'],
        GlobalExemptUrls: ['https://hr.example.com'],
        InlineRedactionPatterns: [
          {
            BuiltInPatternId: 'cardNumbers',
            RedactionPlaceHolder: { RedactionPlaceHolderType: 'CustomText', RedactionPlaceHolderText: '****' },
            ConfidenceLevel: 1,
          },
          {
            CustomPattern: { PatternName: 'EmployeeId', PatternRegex: '/EMP-\\d{6}/g', KeywordRegex: '/employee/i', PatternDescription: 'Employee ids' },
            RedactionPlaceHolder: { RedactionPlaceHolderType: 'CustomText', RedactionPlaceHolderText: 'EMP-ID' },
            EnforcedUrls: ['https://*'],
            ExemptUrls: ['https://directory.example.com'],
          },
        ],
      },
    });
  });

  test('a pattern without overrides renders only its id and the CustomText placeholder type', () => {
    expect(synthProps(withPattern(SSN)).InlineRedactionConfiguration).toEqual({
      InlineRedactionPatterns: [{ BuiltInPatternId: 'ssn', RedactionPlaceHolder: { RedactionPlaceHolderType: 'CustomText' } }],
    });
  });

  test('maps confidence levels to 1, 2 and 3', () => {
    const levels = [RedactionConfidenceLevel.LOW, RedactionConfidenceLevel.MEDIUM, RedactionConfidenceLevel.HIGH];
    const rendered = levels.map(level =>
      synthProps({ inlineRedaction: { patterns: [], globalConfidenceLevel: level } }).InlineRedactionConfiguration.GlobalConfidenceLevel);
    expect(rendered).toEqual([1, 2, 3]);
  });

  test('accepts an empty pattern list and 150 patterns', () => {
    expect(synthProps({ inlineRedaction: { patterns: [] } }).InlineRedactionConfiguration).toEqual({ InlineRedactionPatterns: [] });
    const many = Array.from({ length: 150 }, () => SSN);
    expect(synthProps({ inlineRedaction: { patterns: many } }).InlineRedactionConfiguration.InlineRedactionPatterns).toHaveLength(150);
  });

  test('BuiltInRedactionPattern holds the admin guide ids and takes new ones', () => {
    expect(BuiltInRedactionPattern.AWS_ACCESS_KEY.bind(new Stack()).id).toBe('awsAccessKey');
    expect(BuiltInRedactionPattern.MEDICARE_BENEFICIARY_ID.bind(new Stack()).id).toBe('medicareBeneficiaryId');
    expect(BuiltInRedactionPattern.VIN.bind(new Stack()).id).toBe('vin');
    expect(synthProps(withPattern(InlineRedactionPattern.builtIn(BuiltInRedactionPattern.of('ukNino')))).InlineRedactionConfiguration.InlineRedactionPatterns[0].BuiltInPatternId).toBe('ukNino');
  });

  test('accepts tokens', () => {
    const stack = newStack();
    const text = new CfnParameter(stack, 'Text').valueAsString;
    const url = new CfnParameter(stack, 'Url').valueAsString;
    const props = synthProps({
      displayName: text,
      description: text,
      inlineRedaction: {
        globalEnforcedUrls: [url],
        patterns: [InlineRedactionPattern.custom({ name: text, regex: text, keywordRegex: text, placeholderText: text })],
      },
    }, stack);
    expect(props.DisplayName).toEqual({ Ref: 'Text' });
    expect(props.InlineRedactionConfiguration.GlobalEnforcedUrls).toEqual([{ Ref: 'Url' }]);
    expect(props.InlineRedactionConfiguration.InlineRedactionPatterns[0].CustomPattern.PatternRegex).toEqual({ Ref: 'Text' });
  });

  describe('encryptionKey', () => {
    test('passes the key and context, and lets workspaces-web.amazonaws.com use the key for this account', () => {
      const stack = newStack();
      const key = new kms.Key(stack, 'Key');
      const props = synthProps({ encryptionKey: key, additionalEncryptionContext: { app: 'portal' } }, stack);
      const keyId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
      expect(props.CustomerManagedKey).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(props.AdditionalEncryptionContext).toEqual({ app: 'portal' });
      expect(Template.fromStack(stack).toJSON().Resources[keyId].Properties.KeyPolicy.Statement).toContainEqual({
        Effect: 'Allow',
        Principal: { Service: 'workspaces-web.amazonaws.com' },
        Action: ['kms:DescribeKey', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt', 'kms:ReEncryptTo', 'kms:ReEncryptFrom'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      });
    });

    test('accepts an imported key by ARN', () => {
      const stack = newStack();
      expect(synthProps({ encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN) }, stack).CustomerManagedKey).toBe(KEY_ARN);
    });

    test('fails when the key is an alias', () => {
      const stack = newStack();
      expect(() => synthProps({ encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/pii`) }, stack))
        .toThrow(/`encryptionKey` must be a KMS key \(not an alias\).*got 'arn:aws:kms:eu-west-1:111122223333:alias\/pii'/);
    });

    test('fails when an encryption context value is too long', () => {
      expect(() => synthProps({ additionalEncryptionContext: { k: 'x'.repeat(131073) } }))
        .toThrow("`additionalEncryptionContext` values must be at most 131072 characters, got 131073 for key 'k'");
    });
  });

  describe('validation', () => {
    test.each([
      [{ displayName: '' }, '`displayName` must be 1-64 characters, got 0'],
      [{ displayName: 'a'.repeat(65) }, '`displayName` must be 1-64 characters, got 65'],
      [{ displayName: 'PII: cards' }, "`displayName` may contain only letters, digits, spaces, '_' and '-' (^[ _\\-\\d\\w]+$), got 'PII: cards'"],
      [{ description: 'a'.repeat(257) }, '`description` must be 1-256 characters, got 257'],
      [{ description: 'cards.' }, "`description` may contain only letters, digits, spaces, '_' and '-' (^[ _\\-\\d\\w]+$), got 'cards.'"],
    ])('fails when %j', (props, message) => {
      expect(() => synthProps(props)).toThrow(message);
    });

    test('accepts a 64-character display name and a 256-character description', () => {
      expect(() => synthProps({ displayName: 'a'.repeat(64), description: 'b'.repeat(256) })).not.toThrow();
    });

    test('fails when there are more than 150 patterns', () => {
      expect(() => synthProps({ inlineRedaction: { patterns: Array.from({ length: 151 }, () => SSN) } }))
        .toThrow('`inlineRedaction.patterns` must hold 0-150 patterns, got 151');
    });

    test.each([
      ['globalEnforcedUrls', 0, 100],
      ['globalEnforcedUrls', 101, 100],
      ['globalExemptUrls', 0, 100],
      ['globalExemptUrls', 101, 100],
    ])('fails when %s holds %d URLs', (prop, count, max) => {
      const urls = Array.from({ length: count }, (_, i) => `https://site${i}.example.com`);
      expect(() => synthProps({ inlineRedaction: { patterns: [SSN], [prop]: urls } }))
        .toThrow(`\`inlineRedaction.${prop}\` must hold 1-${max} URL patterns, got ${count}`);
    });

    test.each([
      ['enforcedUrls', 0],
      ['enforcedUrls', 21],
      ['exemptUrls', 0],
      ['exemptUrls', 21],
    ])('fails when a pattern\'s %s holds %d URLs', (prop, count) => {
      const urls = Array.from({ length: count }, (_, i) => `https://site${i}.example.com`);
      expect(() => synthProps(withPattern(InlineRedactionPattern.builtIn(BuiltInRedactionPattern.SSN, { [prop]: urls }))))
        .toThrow(`\`inlineRedaction.patterns[0].${prop}\` must hold 1-20 URL patterns, got ${count}`);
    });

    test('accepts 100 global and 20 pattern URLs', () => {
      const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://site${i}.example.com/path?q=1`);
      expect(() => synthProps({
        inlineRedaction: {
          globalEnforcedUrls: urls(100),
          globalExemptUrls: urls(100),
          patterns: [InlineRedactionPattern.builtIn(BuiltInRedactionPattern.SSN, { enforcedUrls: urls(20), exemptUrls: urls(20) })],
        },
      })).not.toThrow();
    });

    test.each(['https://example.com', 'https://*', 'example.com', 'example.com:8443/app', '*', 'file://*', 'http://intranet/path'])('accepts the URL pattern %s', url => {
      expect(() => synthProps({ inlineRedaction: { patterns: [SSN], globalExemptUrls: [url] } })).not.toThrow();
    });

    test.each(['not a url', 'intranet', 'https://user@example.com/a b', '*.example.com'])('fails when a URL is %j', url => {
      expect(() => synthProps({ inlineRedaction: { patterns: [SSN], globalEnforcedUrls: ['https://ok.example.com', url] } }))
        .toThrow(`\`inlineRedaction.globalEnforcedUrls[1]\` must be a URL pattern of the form scheme://host/path, host.domain[:port][/path], scheme://* or * (no wildcard subdomains), got '${url}'`);
    });

    test('fails when a pattern URL does not match', () => {
      expect(() => synthProps(withPattern(InlineRedactionPattern.builtIn(BuiltInRedactionPattern.SSN, { exemptUrls: ['bad url'] }))))
        .toThrow('`inlineRedaction.patterns[0].exemptUrls[0]` must be a URL pattern');
    });

    test.each([
      ['', '`inlineRedaction.patterns[0].builtInPattern` must be 1-50 characters, got 0'],
      ['a'.repeat(51), '`inlineRedaction.patterns[0].builtInPattern` must be 1-50 characters, got 51'],
      ['ssn:', "`inlineRedaction.patterns[0].builtInPattern` may contain only letters, digits, '_' and '-' (^[_\\-\\d\\w]+$), got 'ssn:'"],
    ])('fails when a built-in pattern id is %j', (id, message) => {
      expect(() => synthProps(withPattern(InlineRedactionPattern.builtIn(BuiltInRedactionPattern.of(id))))).toThrow(message);
    });

    test.each([
      ['', '`inlineRedaction.patterns[0].placeholderText` must be 1-20 characters, got 0'],
      ['x'.repeat(21), '`inlineRedaction.patterns[0].placeholderText` must be 1-20 characters, got 21'],
      ['[hidden]', "`inlineRedaction.patterns[0].placeholderText` may contain only letters, digits, '*', '_' and '-' (^[*_\\-\\d\\w]+$), got '[hidden]'"],
    ])('fails when placeholderText is %j', (placeholderText, message) => {
      expect(() => synthProps(withPattern(InlineRedactionPattern.builtIn(BuiltInRedactionPattern.SSN, { placeholderText })))).toThrow(message);
    });

    test.each([
      [{ name: '' }, '`inlineRedaction.patterns[0].name` must be 1-20 characters, got 0'],
      [{ name: 'n'.repeat(21) }, '`inlineRedaction.patterns[0].name` must be 1-20 characters, got 21'],
      [{ name: 'Employee Id' }, "`inlineRedaction.patterns[0].name` may contain only letters, digits, '_' and '-' (^[_\\-\\d\\w]+$), got 'Employee Id'"],
      [{ regex: 'EMP-\\d+' }, '`inlineRedaction.patterns[0].regex` must be a JavaScript regular expression between slashes with optional flags, e.g. /ab+c/gi'],
      [{ regex: '/EMP/x' }, '`inlineRedaction.patterns[0].regex` must be a JavaScript regular expression between slashes'],
      [{ regex: `/${'a'.repeat(299)}/` }, '`inlineRedaction.patterns[0].regex` must be at most 300 characters, got 301'],
      [{ regex: '/EMP-(\\d+/' }, "`inlineRedaction.patterns[0].regex` must be a valid JavaScript regular expression, got '/EMP-(\\d+/'"],
      [{ keywordRegex: 'employee' }, '`inlineRedaction.patterns[0].keywordRegex` must be a JavaScript regular expression between slashes'],
      [{ keywordRegex: '/[/' }, '`inlineRedaction.patterns[0].keywordRegex` must be a valid JavaScript regular expression'],
      [{ description: '' }, '`inlineRedaction.patterns[0].description` must be 1-256 characters, got 0'],
      [{ description: 'ids, all of them' }, "`inlineRedaction.patterns[0].description` may contain only letters, digits, spaces, '_' and '-'"],
    ])('fails when a custom pattern has %j', (override, message) => {
      const pattern = InlineRedactionPattern.custom({ name: 'EmployeeId', regex: '/EMP-\\d{6}/', ...override });
      expect(() => synthProps(withPattern(pattern))).toThrow(message);
    });

    test('accepts a 300-character regex with flags', () => {
      const regex = `/${'a'.repeat(296)}/gi`;
      expect(regex).toHaveLength(300);
      expect(() => synthProps(withPattern(InlineRedactionPattern.custom({ name: 'Long', regex })))).not.toThrow();
    });

    test('creates nothing when validation fails', () => {
      const stack = newStack();
      const key = new kms.Key(stack, 'Key');
      expect(() => new DataProtectionSettings(stack, 'Settings', { encryptionKey: key, displayName: 'bad.name' })).toThrow();
      const keyId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
      const statements = Template.fromStack(stack).toJSON().Resources[keyId].Properties.KeyPolicy.Statement;
      expect(statements).toHaveLength(1);
      Template.fromStack(stack).resourceCountIs('AWS::WorkSpacesWeb::DataProtectionSettings', 0);
    });
  });

  describe('fromDataProtectionSettingsArn', () => {
    test('refers to the settings with the ARN and its environment', () => {
      const arn = SETTINGS_ARN.replace(ACCOUNT, '444455556666');
      const imported = DataProtectionSettings.fromDataProtectionSettingsArn(newStack(), 'Imported', arn);
      expect(imported.dataProtectionSettingsArn).toBe(arn);
      expect(imported.dataProtectionSettingsRef.dataProtectionSettingsArn).toBe(arn);
      expect(imported.env.account).toBe('444455556666');
      expect(imported.env.region).toBe(REGION);
    });

    test('accepts a token', () => {
      const stack = newStack();
      const arn = new CfnParameter(stack, 'Arn').valueAsString;
      expect(DataProtectionSettings.fromDataProtectionSettingsArn(stack, 'Imported', arn).dataProtectionSettingsArn).toBe(arn);
    });

    test('fails when the ARN is not a data protection settings ARN', () => {
      const bad = SETTINGS_ARN.replace('dataProtectionSettings', 'browserSettings');
      expect(() => DataProtectionSettings.fromDataProtectionSettingsArn(newStack(), 'Imported', bad))
        .toThrow(`\`dataProtectionSettingsArn\` must be a WorkSpaces Secure Browser data protection settings ARN (arn:<partition>:workspaces-web:<region>:<account>:dataProtectionSettings/<id>), got '${bad}'`);
    });
  });
});
