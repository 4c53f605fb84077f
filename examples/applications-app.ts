/**
 * The way out of WorkSpaces Pools (end of support 2027-12-31): the image of
 * the bundle a pool runs on, imported into Amazon WorkSpaces Applications
 * (formerly AppStream 2.0), runtime-validated on the instance type the fleet
 * will use, with the call centre's applications in its catalog, and an
 * ON_DEMAND fleet on it that scales with use and stops at night (users
 * stream from its stack, through SAML or streaming URLs).
 *
 *   npx cdk deploy --app 'npx ts-node --transpile-only -P examples/tsconfig.json examples/applications-app.ts' \
 *     -c bundleId=wsb-xxxxxxxxx
 *
 * Env-agnostic: synthesizes offline with a placeholder bundle id.
 */
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { AgentSoftwareVersion, ApplicationsFleet, ApplicationsImage, FleetType, ImageSource } from '../lib';

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

const fleet = new ApplicationsFleet(stack, 'CallCentreFleet', {
  image,
  instanceType: 'stream.standard.medium',
  fleetType: FleetType.ON_DEMAND,
  desiredInstances: 2,
  enableDefaultInternetAccess: true,
  disconnectTimeout: Duration.minutes(15),
  idleDisconnectTimeout: Duration.minutes(10),
  maxUserDuration: Duration.hours(8),
});
fleet.autoScaleCapacity({ minCapacity: 1, maxCapacity: 10 }).scaleOnUtilization({ targetUtilizationPercent: 75 });
fleet.scheduleStop('Night', scheduler.ScheduleExpression.cron({ hour: '21', minute: '0' }));
fleet.scheduleStart('Morning', scheduler.ScheduleExpression.cron({ hour: '6', minute: '30', weekDay: 'MON-FRI' }));

new CfnOutput(stack, 'ImageName', { value: image.imageName });
new CfnOutput(stack, 'ImageArn', { value: image.imageArn });
new CfnOutput(stack, 'FleetName', { value: fleet.fleetName });
new CfnOutput(stack, 'StackName', { value: fleet.stackName });
