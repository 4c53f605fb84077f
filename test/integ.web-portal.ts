/**
 * Integration test of WebPortal: a portal with browser, user and IP access
 * settings, wired by the portal; the WorkSpaces Secure Browser API then shows
 * the portal with each settings ARN associated. No identity provider is added,
 * so the portal stays Incomplete (and costs nothing): its readiness resource
 * (Custom::WebPortalReadiness) completes there, as the rule for a STANDARD
 * portal without an identity provider says, and with ExistingSessions.EXPIRE
 * the stack's deletion runs the drain-then-expire path (with no sessions).
 *
 * The snapshot is verified offline by `npm test`. Running it for real needs
 * only an AWS account in a Region with WorkSpaces Secure Browser:
 *   npx integ-runner --language typescript --directory test --app 'node -r ts-node/register/transpile-only {filePath}' --force integ.web-portal.ts
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { BrowserPolicy, BrowserSettings, ExistingSessions, IpAccessSettings, UserSettings, WebPortal } from '../lib';

const app = new App();
const stack = new Stack(app, 'IntegWebPortal');
const browserSettings = new BrowserSettings(stack, 'Browser', {
  policy: BrowserPolicy.fromChromePolicies({ urlAllowlist: ['https://aws.amazon.com'], urlBlocklist: ['*'] }),
});
const userSettings = new UserSettings(stack, 'User', {
  copy: true,
  paste: true,
  download: false,
  upload: false,
  print: false,
  disconnectTimeout: Duration.minutes(30),
  idleDisconnectTimeout: Duration.minutes(10),
});
const ipAccessSettings = new IpAccessSettings(stack, 'Ip', { rules: [{ cidr: '203.0.113.0/24', description: 'Documentation range' }] });
const portal = new WebPortal(stack, 'Portal', {
  displayName: 'cdk-workspaces-constructs integ',
  browserSettings,
  userSettings,
  ipAccessSettings,
  existingSessions: ExistingSessions.EXPIRE,
  drainTimeout: Duration.minutes(1),
});

const integ = new IntegTest(app, 'WebPortal', {
  testCases: [stack],
  diffAssets: false,
});

integ.assertions.awsApiCall('WorkSpacesWeb', 'getPortal', { portalArn: portal.portalArn })
  .expect(ExpectedResult.objectLike({
    portal: Match.objectLike({
      displayName: 'cdk-workspaces-constructs integ',
      portalStatus: 'Incomplete',
      browserSettingsArn: browserSettings.browserSettingsArn,
      userSettingsArn: userSettings.userSettingsArn,
      ipAccessSettingsArn: ipAccessSettings.ipAccessSettingsArn,
    }),
  }));

app.synth();
