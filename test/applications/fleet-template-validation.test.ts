import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as appstream from 'aws-cdk-lib/aws-appstream';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ApplicationsFleet, ApplicationsImage, FleetPlatform, FleetType, ImageSource, WorkspaceDirectory, WorkspacesPool } from '../../lib';

/**
 * The done-criterion: an app with a pool and a fleet on an imported
 * `wsi-` image, a successor that replaces the pool, and an Elastic fleet
 * streaming a browser from an app block synthesizes with one provider and no CloudFormation-Validate
 * finding on the AppStream resources. aws-cdk-lib's template validation
 * (newer releases: it checks the registry schemas) writes its findings to
 * validation-report.json; an older aws-cdk-lib writes none, and the test
 * still checks the template.
 */
function findingsOn(app: App, pathPrefix: string): Array<{ rule: string; path: string }> {
  const assembly = app.synth();
  const file = path.join(assembly.directory, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  return report.pluginReports.flatMap((plugin: any) => plugin.violations.flatMap((v: any) =>
    v.violatingConstructs.map((c: any) => ({ rule: v.ruleName, path: c.constructPath }))))
    .filter((f: { path: string }) => f.path.startsWith(pathPrefix));
}

describe('an app with a pool, a fleet on an imported WorkSpaces image, the pool\'s successor and an Elastic fleet', () => {
  const app = new App();
  const stack = new Stack(app, 'Migration', { env: { account: '111122223333', region: 'eu-west-1' } });
  const pool = new WorkspacesPool(stack, 'Pool', {
    directory: WorkspaceDirectory.fromDirectoryId(stack, 'Directory', 'wsd-0123456789'),
    bundleId: 'wsb-0123456789',
    desiredUserSessions: 10,
  });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Streaming', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const image = new ApplicationsImage(stack, 'Image', { source: ImageSource.workspacesImage('wsi-0123456789') });
  new ApplicationsFleet(stack, 'Fleet', { image, instanceType: 'stream.standard.medium', fleetType: FleetType.ALWAYS_ON, desiredInstances: 2, vpc });
  new ApplicationsFleet(stack, 'Successor', { replaces: pool, instanceType: 'stream.standard.medium', vpc });
  // The Secure Browser alternative: a browser, as an application on an app block, on an Elastic fleet.
  const browsers = new ApplicationsFleet(stack, 'Browsers', {
    fleetType: FleetType.ELASTIC,
    instanceType: 'stream.standard.medium',
    platform: FleetPlatform.WINDOWS_SERVER_2019,
    maxConcurrentSessions: 20,
    vpc,
  });
  const chromeBlock = new appstream.CfnAppBlock(stack, 'ChromeBlock', {
    name: 'chrome-app-block',
    sourceS3Location: { s3Bucket: 'example-app-blocks-111122223333', s3Key: 'chrome/chrome.vhdx' },
    setupScriptDetails: {
      scriptS3Location: { s3Bucket: 'example-app-blocks-111122223333', s3Key: 'chrome/mount-vhd.ps1' },
      executablePath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      executableParameters: '-File C:\\AppStream\\AppBlocks\\chrome-app-block\\mount-vhd.ps1',
      timeoutInSeconds: 300,
    },
  });
  const chrome = new appstream.CfnApplication(stack, 'Chrome', {
    name: 'chrome',
    displayName: 'Google Chrome',
    appBlockArn: chromeBlock.attrArn,
    iconS3Location: { s3Bucket: 'example-app-blocks-111122223333', s3Key: 'chrome/chrome.png' },
    launchPath: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    platforms: ['WINDOWS_SERVER_2019'],
    instanceFamilies: ['GENERAL_PURPOSE'],
  });
  browsers.addApplication(chrome);

  test('has no template-validation finding on the fleets, their stacks and associations', () => {
    expect([...findingsOn(app, 'Migration/Fleet'), ...findingsOn(app, 'Migration/Successor')]).toEqual([]);
  });

  test('has no template-validation finding on the Elastic fleet, its app block, application and association', () => {
    expect(['Migration/Browsers', 'Migration/ChromeBlock', 'Migration/Chrome'].flatMap(prefix => findingsOn(app, prefix))).toEqual([]);
  });

  test('uses one provider for the pool and both images', () => {
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))).toHaveLength(1);
    template.resourceCountIs('Custom::ApplicationsImage', 2);
    template.resourceCountIs('AWS::AppStream::Fleet', 3);
    template.resourceCountIs('AWS::AppStream::Stack', 3);
    template.resourceCountIs('AWS::AppStream::StackFleetAssociation', 3);
    template.resourceCountIs('AWS::AppStream::AppBlock', 1);
    template.resourceCountIs('AWS::AppStream::Application', 1);
    template.resourceCountIs('AWS::AppStream::ApplicationFleetAssociation', 1);
  });
});
