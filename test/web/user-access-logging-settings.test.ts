import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  UserAccessLoggingSettings,
} from '../../lib/web/user-access-logging-settings';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const STREAM_NAME = 'amazon-workspaces-web-audit';
const STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${STREAM_NAME}`;
const SETTINGS_ARN = `arn:aws:workspaces-web:${REGION}:${ACCOUNT}:userAccessLoggingSettings/0123abcd-0123-4567-89ab-0123456789ab`;

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function settingsProperties(stack: Stack): Record<string, any> {
  const resources = Template.fromStack(stack).findResources('AWS::WorkSpacesWeb::UserAccessLoggingSettings');
  const values = Object.values<any>(resources);
  expect(values).toHaveLength(1);
  return values[0].Properties;
}

describe('UserAccessLoggingSettings', () => {
  test('points the settings at the stream created in the app', () => {
    const stack = newStack();
    const stream = new kinesis.Stream(stack, 'Stream', { streamName: STREAM_NAME });
    const settings = new UserAccessLoggingSettings(stack, 'Logging', { stream });

    const streamId = stack.getLogicalId(stream.node.defaultChild as kinesis.CfnStream);
    expect(settingsProperties(stack)).toEqual({ KinesisStreamArn: { 'Fn::GetAtt': [streamId, 'Arn'] } });
    const settingsId = stack.getLogicalId(settings.node.defaultChild as any);
    expect(stack.resolve(settings.userAccessLoggingSettingsArn)).toEqual({ 'Fn::GetAtt': [settingsId, 'UserAccessLoggingSettingsArn'] });
    expect(stack.resolve(settings.userAccessLoggingSettingsRef.userAccessLoggingSettingsArn)).toEqual({ 'Fn::GetAtt': [settingsId, 'UserAccessLoggingSettingsArn'] });
    expect(settings.stream).toBe(stream);
  });

  test('accepts an imported stream with the prefix', () => {
    const stack = newStack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Stream', STREAM_ARN);
    new UserAccessLoggingSettings(stack, 'Logging', { stream });
    expect(settingsProperties(stack)).toEqual({ KinesisStreamArn: STREAM_ARN });
  });

  test('accepts a stream encrypted with the AWS managed key and an unencrypted one', () => {
    const stack = newStack();
    const managed = new kinesis.Stream(stack, 'Managed', { streamName: `${STREAM_NAME}-1`, encryption: kinesis.StreamEncryption.MANAGED });
    const plain = new kinesis.Stream(stack, 'Plain', { streamName: `${STREAM_NAME}-2`, encryption: kinesis.StreamEncryption.UNENCRYPTED });
    expect(() => new UserAccessLoggingSettings(stack, 'A', { stream: managed })).not.toThrow();
    expect(() => new UserAccessLoggingSettings(stack, 'B', { stream: plain })).not.toThrow();
  });

  test('adds no resource policy to the stream (the service-linked role writes to it)', () => {
    const stack = newStack();
    new UserAccessLoggingSettings(stack, 'Logging', { stream: new kinesis.Stream(stack, 'Stream', { streamName: STREAM_NAME }) });
    Template.fromStack(stack).resourceCountIs('AWS::Kinesis::ResourcePolicy', 0);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('accepts a stream whose name is a token', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'StreamName');
    const stream = new kinesis.Stream(stack, 'Stream', { streamName: name.valueAsString });
    expect(() => new UserAccessLoggingSettings(stack, 'Logging', { stream })).not.toThrow();
  });

  test('accepts a stream ARN that is a token', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'StreamArn');
    new UserAccessLoggingSettings(stack, 'Logging', { stream: kinesis.Stream.fromStreamArn(stack, 'Stream', arn.valueAsString) });
    expect(settingsProperties(stack)).toEqual({ KinesisStreamArn: { Ref: 'StreamArn' } });
  });

  test('fails when the stream name lacks the amazon-workspaces-web- prefix', () => {
    const stack = newStack();
    const stream = new kinesis.Stream(stack, 'Stream', { streamName: 'audit-events' });
    expect(UserAccessLoggingSettings.STREAM_NAME_PREFIX).toBe('amazon-workspaces-web-');
    expect(() => new UserAccessLoggingSettings(stack, 'Logging', { stream }))
      .toThrow("`stream` must have a name starting with 'amazon-workspaces-web-' (the only streams WorkSpaces Secure Browser may write to), got 'audit-events'");
  });

  test('fails when an imported stream name lacks the prefix', () => {
    const stack = newStack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Stream', `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/audit`);
    expect(() => new UserAccessLoggingSettings(stack, 'Logging', { stream })).toThrow(/`stream` must have a name starting with 'amazon-workspaces-web-'.*got 'audit'/);
  });

  test('fails when the stream has no name (CloudFormation would generate one without the prefix)', () => {
    const stack = newStack();
    const stream = new kinesis.Stream(stack, 'Stream');
    expect(() => new UserAccessLoggingSettings(stack, 'Logging', { stream })).toThrow(/`stream` must have a name starting with 'amazon-workspaces-web-'.*got a stream without `streamName` \(Test\/Stream\)/);
  });

  test('fails when the stream is encrypted with a customer managed key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const stream = new kinesis.Stream(stack, 'Stream', { streamName: STREAM_NAME, encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
    expect(() => new UserAccessLoggingSettings(stack, 'Logging', { stream }))
      .toThrow(/`stream` must be unencrypted or encrypted with the AWS managed key alias\/aws\/kinesis.*got a stream encrypted with Test\/Key/);
  });

  test('fails when StreamEncryption.KMS creates a customer managed key', () => {
    const stack = newStack();
    const stream = new kinesis.Stream(stack, 'Stream', { streamName: STREAM_NAME, encryption: kinesis.StreamEncryption.KMS });
    expect(() => new UserAccessLoggingSettings(stack, 'Logging', { stream })).toThrow(/`stream` must be unencrypted or encrypted with the AWS managed key/);
  });

  test('fails when an imported stream declares a customer managed key', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${REGION}:${ACCOUNT}:key/0123abcd-0123-4567-89ab-0123456789ab`);
    const stream = kinesis.Stream.fromStreamAttributes(stack, 'Stream', { streamArn: STREAM_ARN, encryptionKey: key });
    expect(() => new UserAccessLoggingSettings(stack, 'Logging', { stream })).toThrow(/`stream` must be unencrypted or encrypted with the AWS managed key/);
  });

  test('fails when the stream ARN does not match the schema pattern', () => {
    const stack = newStack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Stream', `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${STREAM_NAME}`.replace(':kinesis:', ':firehose:'));
    expect(() => new UserAccessLoggingSettings(stack, 'Logging', { stream })).toThrow(/`stream` must have a Kinesis stream ARN of 20-2048 characters matching .*got 'arn:aws:firehose:/);
  });

  describe('fromUserAccessLoggingSettingsArn', () => {
    test('refers to the settings with the ARN and its environment', () => {
      const stack = newStack();
      const imported = UserAccessLoggingSettings.fromUserAccessLoggingSettingsArn(stack, 'Imported', SETTINGS_ARN.replace(ACCOUNT, '444455556666'));
      expect(imported.userAccessLoggingSettingsArn).toBe(SETTINGS_ARN.replace(ACCOUNT, '444455556666'));
      expect(imported.userAccessLoggingSettingsRef.userAccessLoggingSettingsArn).toBe(imported.userAccessLoggingSettingsArn);
      expect(imported.env.account).toBe('444455556666');
      expect(imported.env.region).toBe(REGION);
    });

    test('accepts a token', () => {
      const stack = newStack();
      const arn = new CfnParameter(stack, 'Arn').valueAsString;
      expect(UserAccessLoggingSettings.fromUserAccessLoggingSettingsArn(stack, 'Imported', arn).userAccessLoggingSettingsArn).toBe(arn);
    });

    test('fails when the ARN is not a user access logging settings ARN', () => {
      const bad = SETTINGS_ARN.replace('userAccessLoggingSettings', 'userSettings');
      expect(() => UserAccessLoggingSettings.fromUserAccessLoggingSettingsArn(newStack(), 'Imported', bad))
        .toThrow(`\`userAccessLoggingSettingsArn\` must be a WorkSpaces Secure Browser user access logging settings ARN (arn:<partition>:workspaces-web:<region>:<account>:userAccessLoggingSettings/<id>), got '${bad}'`);
    });
  });
});
