/**
 * Integration test of ApplicationsImage and ApplicationsFleet: a WorkSpaces
 * image (`wsi-…`) is imported into WorkSpaces Applications (formerly
 * AppStream 2.0) and waited for until AVAILABLE; a fleet runs it, and the
 * deploy ends only when the fleet runs. The image and the fleet are then
 * described through the WorkSpaces Applications API. Deleting the test stack
 * removes the fleet, then the image it imported.
 *
 * The snapshot is verified offline by `npm test`. Running it for real needs
 * an account with a WorkSpaces image to import (a Pools image, `wsi-…`) and
 * the AmazonAppStreamServiceAccess service role
 * (https://docs.aws.amazon.com/appstream2/latest/developerguide/controlling-access.html):
 *   INTEG_WORKSPACE_IMAGE_ID=wsi-… npx integ-runner --language typescript \
 *     --directory test --app 'node -r ts-node/register/transpile-only {filePath}' --force integ.applications.ts
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { ApplicationsFleet, ApplicationsImage, FleetType, ImageSource } from '../lib';

const app = new App();
const stack = new Stack(app, 'IntegApplications');
const image = new ApplicationsImage(stack, 'Image', {
  source: ImageSource.workspacesImage(process.env.INTEG_WORKSPACE_IMAGE_ID ?? 'wsi-0123456789'),
  description: 'Imported by the cdk-workspaces-constructs integration test',
});
const fleet = new ApplicationsFleet(stack, 'Fleet', {
  image,
  instanceType: 'stream.standard.medium',
  fleetType: FleetType.ON_DEMAND,
  desiredInstances: 1,
  enableDefaultInternetAccess: true,
  disconnectTimeout: Duration.minutes(5),
  maxUserDuration: Duration.hours(1),
});

const integ = new IntegTest(app, 'Applications', {
  testCases: [stack],
  diffAssets: false,
});

integ.assertions.awsApiCall('AppStream', 'describeImages', { Names: [image.imageName] })
  .expect(ExpectedResult.objectLike({
    Images: Match.arrayWith([Match.objectLike({ Name: image.imageName, State: 'AVAILABLE' })]),
  }));
integ.assertions.awsApiCall('AppStream', 'describeFleets', { Names: [fleet.fleetName] })
  .expect(ExpectedResult.objectLike({
    Fleets: Match.arrayWith([Match.objectLike({ Name: fleet.fleetName, State: 'RUNNING', FleetType: 'ON_DEMAND' })]),
  }));

app.synth();
