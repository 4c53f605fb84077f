import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  SessionLogFileFormat,
  SessionLogFolderStructure,
  SessionLogger,
  SessionLoggerEvent,
  SessionLoggerEventFilter,
  SessionLoggerProps,
} from '../../lib/web/session-logger';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0123-4567-89ab-0123456789ab`;
const LOGGER_ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:sessionLogger/0123abcd-0123-4567-89ab-0123456789ab`;
const SERVICE = { Service: 'workspaces-web.amazonaws.com' };

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function newLogger(stack: Stack, props: Partial<SessionLoggerProps> = {}): { logger: SessionLogger; bucket: s3.IBucket } {
  const bucket = props.bucket ?? new s3.Bucket(stack, 'Logs');
  const logger = new SessionLogger(stack, 'Logger', { ...props, bucket });
  return { logger, bucket };
}

function loggerResource(stack: Stack): Record<string, any> {
  const values = Object.values<any>(Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::SessionLogger'));
  expect(values).toHaveLength(1);
  return values[0];
}

function keyStatements(stack: Stack, keyId: string): any[] {
  return Template.fromStack(stack).toJSON().Resources[keyId].Properties.KeyPolicy.Statement;
}

describe('SessionLogger', () => {
  test('defaults: all events, flat JSON files at the root of the bucket, owned by the bucket account', () => {
    const stack = newStack();
    const { logger, bucket } = newLogger(stack);
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    expect(loggerResource(stack).Properties).toEqual({
      EventFilter: { All: {} },
      LogConfiguration: { S3: { Bucket: { Ref: bucketId }, BucketOwner: ACCOUNT, FolderStructure: 'Flat', LogFileFormat: 'Json' } },
    });
    const loggerId = stack.getLogicalId(logger.node.defaultChild as any);
    expect(stack.resolve(logger.sessionLoggerArn)).toEqual({ 'Fn::GetAtt': [loggerId, 'SessionLoggerArn'] });
    expect(stack.resolve(logger.sessionLoggerRef.sessionLoggerArn)).toEqual({ 'Fn::GetAtt': [loggerId, 'SessionLoggerArn'] });
    expect(logger.bucket).toBe(bucket);
  });

  test('renders every given setting', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    newLogger(stack, {
      keyPrefix: 'secure-browser/logs/',
      eventFilter: SessionLoggerEventFilter.include([SessionLoggerEvent.URL_LOAD, SessionLoggerEvent.SESSION_END]),
      folderStructure: SessionLogFolderStructure.NESTED_BY_DATE,
      logFileFormat: SessionLogFileFormat.JSON_LINES,
      displayName: 'Audit logger',
      encryptionKey: key,
      additionalEncryptionContext: { team: 'security' },
    });
    expect(loggerResource(stack).Properties).toEqual({
      EventFilter: { Include: ['UrlLoad', 'SessionEnd'] },
      LogConfiguration: {
        S3: {
          Bucket: { Ref: 'Logs6819BB44' },
          KeyPrefix: 'secure-browser/logs/',
          BucketOwner: ACCOUNT,
          FolderStructure: 'NestedByDate',
          LogFileFormat: 'JSONLines',
        },
      },
      DisplayName: 'Audit logger',
      CustomerManagedKey: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      AdditionalEncryptionContext: { team: 'security' },
    });
  });

  test('SessionLoggerEventFilter holds the events it was given, or none for all', () => {
    expect(SessionLoggerEventFilter.all().bind(newStack()).events).toBeUndefined();
    expect(SessionLoggerEventFilter.include([SessionLoggerEvent.TAB_OPEN]).bind(newStack()).events).toEqual([SessionLoggerEvent.TAB_OPEN]);
    expect(Object.values(SessionLoggerEvent)).toHaveLength(17);
  });

  describe('bucket policy', () => {
    test('lets workspaces-web.amazonaws.com put objects anywhere in the bucket without a key prefix', () => {
      const stack = newStack();
      const { bucket } = newLogger(stack);
      const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
      Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Effect: 'Allow',
            Principal: SERVICE,
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
          }]),
        },
      });
    });

    test('scopes the statement to the key prefix', () => {
      const stack = newStack();
      const { bucket } = newLogger(stack, { keyPrefix: 'logs/' });
      const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
      Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/logs/*']] },
          })]),
        },
      });
    });

    // `logs*` would also let the service write to `logs-archive/`: the folder is `logs/`.
    test('scopes the statement to the folder when the key prefix has no trailing slash', () => {
      const stack = newStack();
      const { bucket } = newLogger(stack, { keyPrefix: 'logs' });
      const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
      Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/logs/*']] },
          })]),
        },
      });
    });

    test('two session loggers can share a bucket (no duplicate Sid in its policy)', () => {
      const stack = newStack();
      const bucket = new s3.Bucket(stack, 'Shared');
      new SessionLogger(stack, 'A', { bucket, keyPrefix: 'a/' });
      new SessionLogger(stack, 'B', { bucket, keyPrefix: 'b/' });
      const policies = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy')) as any[];
      const statements = policies.flatMap(p => p.Properties.PolicyDocument.Statement);
      const sids = statements.map((st: any) => st.Sid).filter((sid: unknown) => sid !== undefined);
      expect(new Set(sids).size).toBe(sids.length);
      expect(statements.filter((st: any) => st.Action === 's3:PutObject')).toHaveLength(2);
    });

    test('the session logger is created after the bucket policy (it writes a test file on creation)', () => {
      const stack = newStack();
      const { bucket } = newLogger(stack);
      const policyId = stack.getLogicalId(bucket.policy!.node.defaultChild as s3.CfnBucketPolicy);
      expect(loggerResource(stack).DependsOn).toEqual([policyId]);
    });

    test('warns when the bucket is imported (its policy cannot be changed) and adds no policy', () => {
      const stack = newStack();
      newLogger(stack, { bucket: s3.Bucket.fromBucketName(stack, 'Imported', 'my-log-bucket') });
      Template.fromStack(stack).resourceCountIs('AWS::S3::BucketPolicy', 0);
      expect(loggerResource(stack).Properties.LogConfiguration.S3.Bucket).toBe('my-log-bucket');
      Annotations.fromStack(stack).hasWarning('/Test/Logger', Match.stringLikeRegexp(`The bucket policy of Test/Imported cannot be changed.*s3:PutObject.*\\[ack: ${SessionLogger.BUCKET_POLICY_WARNING}\\]`));
    });

    test('sets the bucket owner to the account of an imported bucket', () => {
      const stack = newStack();
      newLogger(stack, { bucket: s3.Bucket.fromBucketAttributes(stack, 'Imported', { bucketName: 'shared-logs', account: '444455556666' }) });
      expect(loggerResource(stack).Properties.LogConfiguration.S3.BucketOwner).toBe('444455556666');
    });
  });

  describe('bucket encrypted with a KMS key', () => {
    test('lets workspaces-web.amazonaws.com use the bucket key (kms:Encrypt, kms:GenerateDataKey*) and waits for the key', () => {
      const stack = newStack();
      const bucketKey = new kms.Key(stack, 'BucketKey');
      newLogger(stack, { bucket: new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS, encryptionKey: bucketKey }) });
      const keyId = stack.getLogicalId(bucketKey.node.defaultChild as kms.CfnKey);
      expect(keyStatements(stack, keyId)).toContainEqual({
        Effect: 'Allow',
        Principal: SERVICE,
        Action: ['kms:Encrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
      });
      expect(loggerResource(stack).DependsOn).toEqual(expect.arrayContaining([keyId]));
    });

    test('a bucket without a KMS key changes no key policy', () => {
      const stack = newStack();
      newLogger(stack);
      Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 0);
    });

    test('warns when the bucket key is imported', () => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketAttributes(stack, 'Imported', {
        bucketName: 'my-log-bucket',
        encryptionKey: kms.Key.fromKeyArn(stack, 'BucketKey', KEY_ARN),
      });
      newLogger(stack, { bucket });
      Annotations.fromStack(stack).hasWarning('/Test/Logger', Match.stringLikeRegexp(`The key policy of Test/BucketKey, which encrypts the log bucket, cannot be changed.*kms:Encrypt, kms:GenerateDataKey\\*.*\\[ack: ${SessionLogger.BUCKET_KEY_POLICY_WARNING}\\]`));
    });
  });

  describe('encryptionKey', () => {
    test('lets workspaces-web.amazonaws.com use the key for this account (aws:SourceAccount)', () => {
      const stack = newStack();
      const key = new kms.Key(stack, 'Key');
      newLogger(stack, { encryptionKey: key });
      expect(keyStatements(stack, stack.getLogicalId(key.node.defaultChild as kms.CfnKey))).toContainEqual({
        Effect: 'Allow',
        Principal: SERVICE,
        Action: ['kms:DescribeKey', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt', 'kms:ReEncryptTo', 'kms:ReEncryptFrom'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      });
    });

    test('without a key, no CustomerManagedKey and no key policy', () => {
      const stack = newStack();
      newLogger(stack);
      expect(loggerResource(stack).Properties.CustomerManagedKey).toBeUndefined();
      expect(loggerResource(stack).Properties.AdditionalEncryptionContext).toBeUndefined();
    });

    test('accepts an imported key', () => {
      const stack = newStack();
      newLogger(stack, { encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN) });
      expect(loggerResource(stack).Properties.CustomerManagedKey).toBe(KEY_ARN);
    });

    test('fails when the key is an alias', () => {
      const stack = newStack();
      const alias = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/logs`);
      expect(() => newLogger(stack, { encryptionKey: alias })).toThrow(/`encryptionKey` must be a KMS key \(not an alias\).*got 'arn:aws:kms:eu-west-1:111122223333:alias\/logs'/);
    });

    test('fails when an encryption context value is too long', () => {
      expect(() => newLogger(newStack(), { additionalEncryptionContext: { k: 'x'.repeat(131073) } }))
        .toThrow('`additionalEncryptionContext` values must be at most 131072 characters, got 131073 for key \'k\'');
    });
  });

  describe('validation', () => {
    test('accepts tokens', () => {
      const stack = newStack();
      const prefix = new CfnParameter(stack, 'Prefix').valueAsString;
      const name = new CfnParameter(stack, 'Name').valueAsString;
      const bucketName = new CfnParameter(stack, 'BucketName').valueAsString;
      newLogger(stack, { bucket: s3.Bucket.fromBucketName(stack, 'Imported', bucketName), keyPrefix: prefix, displayName: name });
      const props = loggerResource(stack).Properties;
      expect(props.DisplayName).toEqual({ Ref: 'Name' });
      expect(props.LogConfiguration.S3.KeyPrefix).toEqual({ Ref: 'Prefix' });
      expect(props.LogConfiguration.S3.Bucket).toEqual({ Ref: 'BucketName' });
    });

    test('accepts every event once', () => {
      const stack = newStack();
      newLogger(stack, { eventFilter: SessionLoggerEventFilter.include(Object.values(SessionLoggerEvent)) });
      expect(loggerResource(stack).Properties.EventFilter.Include).toHaveLength(17);
    });

    test('fails when no event is included', () => {
      expect(() => newLogger(newStack(), { eventFilter: SessionLoggerEventFilter.include([]) }))
        .toThrow('`eventFilter` must include 1-100 events (or use SessionLoggerEventFilter.all()), got 0');
    });

    test('fails when an event is listed twice', () => {
      const twice = SessionLoggerEventFilter.include([SessionLoggerEvent.TAB_OPEN, SessionLoggerEvent.TAB_OPEN]);
      expect(() => newLogger(newStack(), { eventFilter: twice }))
        .toThrow("`eventFilter` must not list an event twice, got 'TabOpen' twice");
    });

    test('fails when an event is not a SessionLoggerEvent', () => {
      expect(() => newLogger(newStack(), { eventFilter: SessionLoggerEventFilter.include(['Keystroke' as SessionLoggerEvent]) }))
        .toThrow(/`eventFilter` events must be SessionLoggerEvent values \(WebsiteInteract, .*\), got 'Keystroke'/);
    });

    test('fails when more than 100 events are included', () => {
      const many = Array.from({ length: 101 }, () => SessionLoggerEvent.URL_LOAD);
      expect(() => newLogger(newStack(), { eventFilter: SessionLoggerEventFilter.include(many) })).toThrow('got 101');
    });

    test.each([
      ['', '`keyPrefix` must be 1-256 characters, got 0'],
      ['a'.repeat(257), '`keyPrefix` must be 1-256 characters, got 257'],
      ['logs?', "`keyPrefix` may contain only letters, digits and _ - / ! ( ) . * ' (^[\\d\\w\\-_/!().*']+$), got 'logs?'"],
    ])('fails when keyPrefix is %j', (keyPrefix, message) => {
      expect(() => newLogger(newStack(), { keyPrefix })).toThrow(message);
    });

    test('accepts a keyPrefix of 256 allowed characters', () => {
      expect(() => newLogger(newStack(), { keyPrefix: "a/b_c-d!(e).*'".padEnd(256, 'x') })).not.toThrow();
    });

    test.each([
      ['', '`displayName` must be 1-64 characters, got 0'],
      ['a'.repeat(65), '`displayName` must be 1-64 characters, got 65'],
      ['audit.logger', "`displayName` may contain only letters, digits, spaces, '_' and '-' (^[ _\\-\\d\\w]+$), got 'audit.logger'"],
    ])('fails when displayName is %j', (displayName, message) => {
      expect(() => newLogger(newStack(), { displayName })).toThrow(message);
    });

    test('fails when an imported bucket name does not match the schema pattern', () => {
      const stack = newStack();
      expect(() => newLogger(stack, { bucket: s3.Bucket.fromBucketName(stack, 'Imported', 'My_Logs') }))
        .toThrow(/`bucket` must have a name of 3-63 lowercase letters, digits, '\.' and '-' .*got 'My_Logs'/);
    });

    test('creates nothing when validation fails', () => {
      const stack = newStack();
      expect(() => newLogger(stack, { displayName: 'bad.name' })).toThrow();
      Template.fromStack(stack).resourceCountIs('AWS::S3::BucketPolicy', 0);
      Template.fromStack(stack).resourceCountIs('AWS::WorkSpacesWeb::SessionLogger', 0);
    });
  });

  describe('fromSessionLoggerArn', () => {
    test('refers to the session logger with the ARN and its environment', () => {
      const stack = newStack();
      const arn = LOGGER_ARN.replace(ACCOUNT, '444455556666');
      const imported = SessionLogger.fromSessionLoggerArn(stack, 'Imported', arn);
      expect(imported.sessionLoggerArn).toBe(arn);
      expect(imported.sessionLoggerRef.sessionLoggerArn).toBe(arn);
      expect(imported.env.account).toBe('444455556666');
      expect(imported.env.region).toBe(REGION);
    });

    test('accepts a token', () => {
      const stack = newStack();
      const arn = new CfnParameter(stack, 'Arn').valueAsString;
      expect(SessionLogger.fromSessionLoggerArn(stack, 'Imported', arn).sessionLoggerArn).toBe(arn);
    });

    test('fails when the ARN is not a session logger ARN', () => {
      const bad = LOGGER_ARN.replace('sessionLogger', 'portal');
      expect(() => SessionLogger.fromSessionLoggerArn(newStack(), 'Imported', bad))
        .toThrow(`\`sessionLoggerArn\` must be a WorkSpaces Secure Browser session logger ARN (arn:<partition>:workspaces-web:<region>:<account>:sessionLogger/<id>), got '${bad}'`);
    });
  });
});
