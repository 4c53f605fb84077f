import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ApplicationsFleet, ApplicationsImage, FleetType, ImageSource, WorkspaceDirectory, WorkspacesPool } from '../../lib';

/**
 * The done-criterion: an app with a pool and a fleet on an imported
 * `wsi-` image and a successor that replaces the pool synthesizes with one provider and no CloudFormation-Validate
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

describe('an app with a pool, a fleet on an imported WorkSpaces image and the pool\'s successor', () => {
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

  test('has no template-validation finding on the fleets, their stacks and associations', () => {
    expect([...findingsOn(app, 'Migration/Fleet'), ...findingsOn(app, 'Migration/Successor')]).toEqual([]);
  });

  test('uses one provider for the pool and both images', () => {
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))).toHaveLength(1);
    template.resourceCountIs('Custom::ApplicationsImage', 2);
    template.resourceCountIs('AWS::AppStream::Fleet', 2);
    template.resourceCountIs('AWS::AppStream::Stack', 2);
    template.resourceCountIs('AWS::AppStream::StackFleetAssociation', 2);
  });
});
