/**
 * A WorkSpaces pool for a call centre: AUTO_STOP desktops on an existing
 * pools directory, scaled on utilization with a morning floor, started on
 * working-day mornings and stopped at night by EventBridge Scheduler, with an
 * alarm when users find no free desktop, and an operator role that may start,
 * stop and inspect the pool.
 *
 *   npm run synth:example
 *   npx cdk deploy --app 'npx ts-node --transpile-only -P examples/tsconfig.json examples/pool-app.ts' \
 *     -c directoryId=wsd-xxxxxxxxx -c bundleId=wsb-xxxxxxxxx
 *
 * Env-agnostic: synthesizes offline with placeholder ids. WorkSpaces Pools
 * reaches end of support on 2027-12-31 and is closed to new customers: deploy
 * it only in an account that already uses Pools.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { PoolState, RunningMode, WorkspaceDirectory, WorkspacesPool } from '../lib';

const app = new App();
const stack = new Stack(app, 'CallCentrePool', {
  description: 'cdk-workspaces-constructs example: a WorkSpaces pool with schedules, auto scaling and an alarm',
});

const directory = WorkspaceDirectory.fromDirectoryId(stack, 'Directory', app.node.tryGetContext('directoryId') ?? 'wsd-0123456789');

const pool = new WorkspacesPool(stack, 'Pool', {
  directory,
  bundleId: app.node.tryGetContext('bundleId') ?? 'wsb-0123456789',
  desiredUserSessions: 10,
  poolName: 'call-centre',
  description: 'Call centre desktops',
  runningMode: RunningMode.AUTO_STOP,
  desiredState: PoolState.RUNNING,
  disconnectTimeout: Duration.minutes(15),
  idleDisconnectTimeout: Duration.minutes(10),
  maxUserDuration: Duration.hours(8),
  applicationSettings: { persistence: true, settingsGroup: 'call-centre' },
  // Let users finish their work before a stop or a replacement ends their session.
  drainTimeout: Duration.minutes(10),
});

const scaling = pool.autoScaleUserSessions({ minCapacity: 2, maxCapacity: 50 });
scaling.scaleOnUtilization({ targetUtilizationPercent: 75 });
scaling.scaleOnSchedule('Morning', {
  schedule: appscaling.Schedule.cron({ weekDay: 'MON-FRI', hour: '7', minute: '0' }),
  minCapacity: 20,
});

pool.scheduleStart('WeekdayMorning', scheduler.ScheduleExpression.cron({ weekDay: 'MON-FRI', hour: '6', minute: '30' }));
pool.scheduleStop('Evening', scheduler.ScheduleExpression.cron({ hour: '20', minute: '0' }));

pool.metricInsufficientCapacityError().createAlarm(stack, 'UsersWaiting', {
  alarmDescription: 'Users asked for a desktop and the call-centre pool had none free',
  threshold: 0,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  evaluationPeriods: 1,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
});

const operators = new iam.Role(stack, 'Operators', {
  assumedBy: new iam.AccountRootPrincipal(),
  description: 'Call-centre pool operators: start, stop, inspect, end sessions',
});
pool.grantStartStop(operators);
pool.grantRead(operators);
pool.grantManageSessions(operators);

app.synth();
