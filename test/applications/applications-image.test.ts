import { App, Duration, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AgentSoftwareVersion, ApplicationsImage, ApplicationsImageProps, ImageSource } from '../../lib';

const ACCOUNT = '111122223333';
const REGION = 'eu-west-1';
const TYPE = 'Custom::ApplicationsImage';
const WSI = 'wsi-0123456789';

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: REGION } });
}

function newImage(props: Partial<ApplicationsImageProps> = {}, stack = newStack()): ApplicationsImage {
  return new ApplicationsImage(stack, 'Image', { source: ImageSource.workspacesImage(WSI), ...props });
}

function imageProperties(stack: Stack): Record<string, any> {
  const resources = Object.values(Template.fromStack(stack).findResources(TYPE));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

function policyStatements(stack: Stack): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('ApplicationsImage', () => {
  test('imports a WorkSpaces image with a generated name, the default timeout, and DESTROY', () => {
    const stack = newStack();
    const image = newImage({}, stack);

    const properties = imageProperties(stack);
    expect(properties).toMatchObject({ WorkspaceImageId: WSI, TimeoutSeconds: 3300 });
    expect(properties.ImageName).toMatch(/^TestImage[A-Za-z0-9]*-[0-9a-f]{8}$/);
    expect(properties.ImageName.length).toBeLessThanOrEqual(100);
    expect(properties).not.toHaveProperty('SourceAmiId');
    expect(properties).not.toHaveProperty('Description');
    Template.fromStack(stack).hasResource(TYPE, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(stack.resolve(image.imageArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Image/), 'ImageArn'] });
    expect(stack.resolve(image.imageName)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Image/), 'ImageName'] });
  });

  test('every prop reaches the custom resource', () => {
    const stack = newStack();
    const image = newImage({
      imageName: 'call-centre.v2',
      description: 'Imported from Pools',
      displayName: 'Call centre',
      runtimeValidationInstanceType: 'stream.standard.medium',
      agentSoftwareVersion: AgentSoftwareVersion.ALWAYS_LATEST,
      appCatalog: [{ name: 'notepad', displayName: 'Notepad', absoluteAppPath: 'C:\\Windows\\System32\\notepad.exe', launchParameters: '/A' }],
      timeout: Duration.minutes(30),
      removalPolicy: RemovalPolicy.RETAIN,
    }, stack);
    Tags.of(image).add('team', 'support');

    expect(imageProperties(stack)).toEqual({
      ServiceToken: expect.anything(),
      ImageName: 'call-centre.v2',
      WorkspaceImageId: WSI,
      Description: 'Imported from Pools',
      DisplayName: 'Call centre',
      IntendedInstanceType: 'stream.standard.medium',
      AgentSoftwareVersion: 'ALWAYS_LATEST',
      AppCatalog: [{ Name: 'notepad', DisplayName: 'Notepad', AbsoluteAppPath: 'C:\\Windows\\System32\\notepad.exe', LaunchParameters: '/A' }],
      Tags: [{ Key: 'team', Value: 'support' }],
      TimeoutSeconds: 1800,
    });
    Template.fromStack(stack).hasResource(TYPE, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('the generated name changes with what is imported, not with tags', () => {
    const nameOf = (props: Partial<ApplicationsImageProps>, tag?: string) => {
      const stack = newStack();
      const image = newImage(props, stack);
      if (tag) Tags.of(image).add('team', tag);
      return imageProperties(stack).ImageName;
    };
    expect(nameOf({})).toBe(nameOf({}, 'support'));
    expect(nameOf({ description: 'other' })).not.toBe(nameOf({}));
    expect(nameOf({ source: ImageSource.workspacesImage('wsi-9876543210') })).not.toBe(nameOf({}));
  });

  test('an AMI source gets a role trusted by appstream.amazonaws.com, passed only to that service', () => {
    const stack = newStack();
    newImage({ source: ImageSource.ami('ami-0123456789abcdef0') }, stack);

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'appstream.amazonaws.com' } })] },
    });
    const properties = imageProperties(stack);
    expect(properties).toMatchObject({ SourceAmiId: 'ami-0123456789abcdef0', IamRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^ImageImportRole/), 'Arn'] } });
    const passRole = policyStatements(stack).filter(s => s.Action === 'iam:PassRole');
    expect(passRole).toEqual([{
      Action: 'iam:PassRole',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ImageImportRole/), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'appstream.amazonaws.com' } },
    }]);
    const modify = policyStatements(stack).find(s => s.Action === 'ec2:ModifyImageAttribute');
    expect(stack.resolve(modify.Resource)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ec2:${REGION}::image/ami-0123456789abcdef0`]] });
  });

  test('an AMI source with a role of your own passes that role, and makes none', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Role', `arn:aws:iam::${ACCOUNT}:role/appstream-import`);
    newImage({ source: ImageSource.ami('ami-01234567', role) }, stack);

    expect(imageProperties(stack).IamRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/appstream-import`);
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::IAM::Role', { AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'appstream.amazonaws.com' } })] }) }, 0);
    expect(policyStatements(stack).filter(s => s.Action === 'iam:PassRole').map(s => s.Resource)).toEqual([`arn:aws:iam::${ACCOUNT}:role/appstream-import`]);
  });

  test('the handler may read bundles only with a pool bundle source, and passes no role otherwise', () => {
    const withBundle = newStack();
    newImage({ source: ImageSource.poolBundle('wsb-0123456789') }, withBundle);
    expect(imageProperties(withBundle)).toMatchObject({ BundleId: 'wsb-0123456789' });
    expect(policyStatements(withBundle).filter(s => s.Action === 'workspaces:DescribeWorkspaceBundles')).toHaveLength(1);
    expect(policyStatements(withBundle).filter(s => s.Action === 'iam:PassRole')).toHaveLength(0);

    const without = newStack();
    newImage({}, without);
    expect(policyStatements(without).filter(s => s.Action === 'workspaces:DescribeWorkspaceBundles')).toHaveLength(0);
    expect(policyStatements(without).filter(s => s.Action === 'iam:PassRole')).toHaveLength(0);
  });

  // Service Authorization Reference (Amazon AppStream 2.0): CreateImportedImage, DescribeImages and ListTagsForResource have no resource type.
  test('the import is allowed on * only for images tagged with this stack\'s id; delete and tags on this account and Region\'s images', () => {
    const stack = newStack();
    newImage({}, stack);
    const statements = policyStatements(stack);
    const anyImage = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:appstream:${REGION}:${ACCOUNT}:image/*`]] };
    const ofThisStack = (key: string) => ({ StringEquals: { [`${key}/cdk-workspaces-constructs:stack-id`]: { Ref: 'AWS::StackId' } } });
    expect(statements).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: 'appstream:CreateImportedImage', Resource: '*', Condition: ofThisStack('aws:RequestTag') },
      { Effect: 'Allow', Action: 'appstream:DeleteImage', Resource: anyImage, Condition: ofThisStack('aws:ResourceTag') },
      { Effect: 'Allow', Action: ['appstream:TagResource', 'appstream:UntagResource'], Resource: anyImage },
      { Effect: 'Allow', Action: ['appstream:DescribeImages', 'appstream:ListTagsForResource'], Resource: '*' },
    ]));
    // No other statement grants an image action, on * or otherwise.
    const imageActions = statements.flatMap((s: any) => [s.Action].flat()).filter((a: string) => /Image|[Tt]agResource|ListTagsForResource/.test(a) && a.startsWith('appstream:'));
    expect(imageActions.sort()).toEqual(['appstream:CreateImportedImage', 'appstream:DeleteImage', 'appstream:DescribeImages', 'appstream:ListTagsForResource',
      'appstream:TagResource', 'appstream:UntagResource']);
  });

  test('two images share the provider and its image statements', () => {
    const stack = newStack();
    newImage({}, stack);
    new ApplicationsImage(stack, 'Other', { source: ImageSource.workspacesImage(WSI) });
    expect(policyStatements(stack).filter(s => s.Action === 'appstream:CreateImportedImage')).toHaveLength(1);
    Template.fromStack(stack).resourceCountIs(TYPE, 2);
  });

  test('tokens pass validation', () => {
    const stack = newStack();
    expect(() => newImage({
      imageName: Token.asString({ Ref: 'Name' }),
      description: Token.asString({ Ref: 'Description' }),
      source: ImageSource.workspacesImage(Token.asString({ Ref: 'ImageId' })),
    }, stack)).not.toThrow();
  });

  describe('validation', () => {
    test.each([
      ['imageName', { imageName: '-starts-with-dash' }, /\[Test\/Image\] `imageName` must be 1-100 letters.*got '-starts-with-dash'/],
      ['imageName', { imageName: 'a'.repeat(101) }, /`imageName` must be 1-100/],
      ['imageName', { imageName: 'has space' }, /`imageName`.*got 'has space'/],
      ['description', { description: 'd'.repeat(257) }, /\[Test\/Image\] `description` must be 1-256 characters long, got 257 characters/],
      ['displayName', { displayName: 'd'.repeat(101) }, /`displayName` must be 1-100 characters long, got 101/],
      ['workspacesImage', { source: ImageSource.workspacesImage('ami-0123456789abcdef0') }, /`source` must be a WorkSpaces image id.*got 'ami-0123456789abcdef0'/],
      ['ami', { source: ImageSource.ami('wsi-0123456789') }, /`source` must be an EC2 AMI id.*got 'wsi-0123456789'/],
      ['poolBundle', { source: ImageSource.poolBundle('wsi-0123456789') }, /`source` must be a WorkSpaces bundle id.*got 'wsi-0123456789'/],
      ['appCatalog name', { appCatalog: [{ name: 'bad name', absoluteAppPath: 'C:\\a.exe' }] }, /`appCatalog\[0\]\.name` must be.*got 'bad name'/],
      ['appCatalog displayName', { appCatalog: [{ name: 'a', displayName: '!', absoluteAppPath: 'C:\\a.exe' }] }, /`appCatalog\[0\]\.displayName`/],
      ['appCatalog path', { appCatalog: [{ name: 'a', absoluteAppPath: '' }] }, /`appCatalog\[0\]\.absoluteAppPath` must be 1-32767 characters long, got 0/],
      ['appCatalog launchParameters', { appCatalog: [{ name: 'a', absoluteAppPath: 'C:\\a.exe', launchParameters: 'x'.repeat(1025) }] }, /launchParameters` must be 0-1024/],
      ['appCatalog duplicates', { appCatalog: [{ name: 'a', absoluteAppPath: 'C:\\a.exe' }, { name: 'a', absoluteAppPath: 'C:\\b.exe' }] }, /names must be unique in the catalog, got 'a' twice/],
      ['removalPolicy', { removalPolicy: RemovalPolicy.SNAPSHOT }, /`removalPolicy` must be DESTROY or RETAIN.*got snapshot/],
      ['timeout', { timeout: Duration.hours(2) }, /`timeout` must be a whole number of seconds between 60 and 3570/],
    ] as const)('fails when %s is invalid', (_what, props, message) => {
      expect(() => newImage(props as Partial<ApplicationsImageProps>)).toThrow(message);
    });

    test('fails when a tag key is reserved for the ownership tags', () => {
      const stack = newStack();
      const image = newImage({}, stack);
      Tags.of(image).add('cdk-workspaces-constructs:stack-resource', 'x');
      expect(() => Template.fromStack(stack)).toThrow(/reserved for the ownership tags/);
    });
  });

  describe('references', () => {
    test('fromImageName builds the ARN of this account and Region', () => {
      const stack = newStack();
      const image = ApplicationsImage.fromImageName(stack, 'Ref', 'call-centre');
      expect(image.imageName).toBe('call-centre');
      expect(stack.resolve(image.imageArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:appstream:${REGION}:${ACCOUNT}:image/call-centre`]] });
    });

    test('fromImageArn reads the name from the ARN', () => {
      const stack = newStack();
      const arn = `arn:aws:appstream:${REGION}:${ACCOUNT}:image/call-centre`;
      const image = ApplicationsImage.fromImageArn(stack, 'Ref', arn);
      expect(image.imageName).toBe('call-centre');
      expect(image.imageArn).toBe(arn);
    });

    test('fails when fromImageName gets an invalid name', () => {
      expect(() => ApplicationsImage.fromImageName(newStack(), 'Ref', 'bad name')).toThrow(/\[Test\/Ref\] `imageName` must be.*got 'bad name'/);
    });

    test('fails when fromImageArn gets another service\'s ARN', () => {
      expect(() => ApplicationsImage.fromImageArn(newStack(), 'Ref', `arn:aws:workspaces:${REGION}:${ACCOUNT}:workspacespool/wspool-123456789`))
        .toThrow(/\[Test\/Ref\] `imageArn` must be a WorkSpaces Applications image ARN/);
    });
  });
});
