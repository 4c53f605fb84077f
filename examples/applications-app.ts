/**
 * The way out of WorkSpaces Pools (end of support 2027-12-31): the image of
 * the bundle a pool runs on, imported into Amazon WorkSpaces Applications
 * (formerly AppStream 2.0), runtime-validated on the instance type the fleet
 * will use, with the call centre's applications in its catalog. A fleet can
 * then take `image.imageName`.
 *
 *   npx cdk deploy --app 'npx ts-node --transpile-only -P examples/tsconfig.json examples/applications-app.ts' \
 *     -c bundleId=wsb-xxxxxxxxx
 *
 * Env-agnostic: synthesizes offline with a placeholder bundle id.
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { AgentSoftwareVersion, ApplicationsImage, ImageSource } from '../lib';

const app = new App();
const stack = new Stack(app, 'CallCentreApplications', {
  description: 'cdk-workspaces-constructs example: a WorkSpaces Pools bundle image imported into WorkSpaces Applications',
});

const image = new ApplicationsImage(stack, 'CallCentreImage', {
  source: ImageSource.poolBundle(app.node.tryGetContext('bundleId') ?? 'wsb-0123456789'),
  displayName: 'Call centre',
  description: 'The call centre image, imported from its WorkSpaces Pools bundle',
  runtimeValidationInstanceType: 'stream.standard.medium',
  agentSoftwareVersion: AgentSoftwareVersion.CURRENT_LATEST,
  appCatalog: [
    { name: 'crm', displayName: 'CRM', absoluteAppPath: 'C:\\Program Files\\CRM\\crm.exe' },
    { name: 'notepad', displayName: 'Notepad', absoluteAppPath: 'C:\\Windows\\System32\\notepad.exe' },
  ],
});

new CfnOutput(stack, 'ImageName', { value: image.imageName });
new CfnOutput(stack, 'ImageArn', { value: image.imageArn });
