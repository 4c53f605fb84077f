import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { IWorkspacesPool, WorkspacesPool } from '../../lib';

const POOL_ID = 'wspool-abc123def';

function newPool(): IWorkspacesPool {
  const stack = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
  return WorkspacesPool.fromPoolId(stack, 'Pool', POOL_ID);
}

/** The schedule expressions of the stack's schedules. */
function expressionsOf(pool: IWorkspacesPool): string[] {
  return Object.values<any>(Template.fromStack(Stack.of(pool)).findResources('AWS::Scheduler::Schedule'))
    .map(s => s.Properties.ScheduleExpression);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
describe('a schedule expression of scheduleStart and scheduleStop', () => {
  test.each([
    'cron(30 6 ? * MON-FRI *)',
    'cron(0 20 * * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(*/5 8-17 ? * 2-6 2026-2030)',
    'cron(0 8 1,15 JAN,JUL ? *)',
    'cron(0 8 L * ? *)',
    'cron(0 8 LW * ? *)',
    'cron(0 8 3W * ? *)',
    'cron(0 8 ? * 6L *)',
    'cron(0 8 ? * L *)',
    'cron(0 8 ? * 3#2 *)',
    'cron(0 8 ? * mon-fri *)',
    'cron(59 23 31 12 ? 2199)',
    'cron(0 0 1 1 ? 1970)',
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
    'at(2027-02-28T23:59:59)',
    'at(2028-02-29T06:30:00)',
  ])('%s passes', (expression) => {
    const pool = newPool();
    pool.scheduleStart('Check', scheduler.ScheduleExpression.expression(expression));
    expect(expressionsOf(pool)).toEqual([expression]);
  });

  test('each form aws-cdk-lib builds passes', () => {
    const pool = newPool();
    pool.scheduleStart('Cron', scheduler.ScheduleExpression.cron({ hour: '6', minute: '30', weekDay: 'MON-FRI' }));
    pool.scheduleStart('Rate', scheduler.ScheduleExpression.rate(Duration.hours(1)));
    pool.scheduleStop('Rate', scheduler.ScheduleExpression.rate(Duration.days(2)));
    pool.scheduleStop('At', scheduler.ScheduleExpression.at(new Date(Date.UTC(2027, 0, 4, 18, 0, 0))));
    expect(expressionsOf(pool).sort()).toEqual(['at(2027-01-04T18:00:00)', 'cron(30 6 ? * MON-FRI *)', 'rate(1 hour)', 'rate(2 days)']);
  });

  test('a token passes, whole or in part', () => {
    const pool = newPool();
    const stack = Stack.of(pool);
    const param = new CfnParameter(stack, 'Expression', { type: 'String' });
    const hour = new CfnParameter(stack, 'Hour', { type: 'String' });
    pool.scheduleStart('Whole', scheduler.ScheduleExpression.expression(param.valueAsString));
    pool.scheduleStop('Part', scheduler.ScheduleExpression.expression(`cron(0 ${hour.valueAsString} ? * MON-FRI *)`));
    expect(expressionsOf(pool)).toHaveLength(2);
  });

  test.each([
    ['cron(30 6 * * MON-FRI)', 'a cron expression has six fields (minutes hours day-of-month month day-of-week year), this one 5'],
    ['cron(0 8 * * ? * *)', 'a cron expression has six fields (minutes hours day-of-month month day-of-week year), this one 7'],
    ['cron(60 6 ? * MON-FRI *)', "minutes takes 0-59 and the wildcards , - * /, this one '60'"],
    ['cron(0 25 ? * MON-FRI *)', "hours takes 0-23 and the wildcards , - * /, this one '25'"],
    ['cron(0 6-24 ? * MON-FRI *)', "hours takes 0-23 and the wildcards , - * /, this one '6-24'"],
    ['cron(0 6 0 * ? *)', "day-of-month takes 1-31 and the wildcards , - * ? / L W, this one '0'"],
    ['cron(0 6 32W * ? *)', "day-of-month takes 1-31 and the wildcards , - * ? / L W, this one '32W'"],
    ['cron(0 6 1 13 ? *)', "month takes 1-12 or JAN-DEC and the wildcards , - * /, this one '13'"],
    ['cron(0 6 1 JANUARY ? *)', "month takes 1-12 or JAN-DEC and the wildcards , - * /, this one 'JANUARY'"],
    ['cron(0 6 ? * 0 *)', "day-of-week takes 1-7 or SUN-SAT and the wildcards , - * ? L #, this one '0'"],
    ['cron(0 6 ? * MON-FRY *)', "day-of-week takes 1-7 or SUN-SAT and the wildcards , - * ? L #, this one 'MON-FRY'"],
    ['cron(0 6 ? * 3#6 *)', "day-of-week takes 1-7 or SUN-SAT and the wildcards , - * ? L #, this one '3#6'"],
    ['cron(0 6 ? * 3#1,6#3 *)', "day-of-week takes a single expression when it uses #, this one '3#1,6#3'"],
    ['cron(0 6 ? * MON-FRI 1969)', "year takes 1970-2199 and the wildcards , - * /, this one '1969'"],
    ['cron(0 6 ? * MON-FRI 2200)', "year takes 1970-2199 and the wildcards , - * /, this one '2200'"],
    ['cron(0/0 6 ? * MON-FRI *)', "minutes takes 0-59 and the wildcards , - * /, this one '0/0'"],
    ['cron(? 6 ? * MON-FRI *)', "minutes takes 0-59 and the wildcards , - * /, this one '?'"],
    ['cron(0 6 * * MON-FRI *)', "a cron expression needs ? in day-of-month or day-of-week (a value or * in one needs ? in the other), this one has '*' and 'MON-FRI'"],
    ['rate(0 minutes)', 'a rate expression is rate(value unit), a positive whole number and minute(s), hour(s) or day(s)'],
    ['rate(1.5 hours)', 'a rate expression is rate(value unit), a positive whole number and minute(s), hour(s) or day(s)'],
    ['rate(5 weeks)', 'a rate expression is rate(value unit), a positive whole number and minute(s), hour(s) or day(s)'],
    ['rate(5)', 'a rate expression is rate(value unit), a positive whole number and minute(s), hour(s) or day(s)'],
    ['rate(1 hours)', 'a rate of 1 takes the singular unit (rate(1 hour), rate(5 hours))'],
    ['rate(5 hour)', 'a rate of 5 takes the plural unit (rate(1 hour), rate(5 hours))'],
    ['at(2027-01-04 18:00:00)', 'a one-time expression is at(yyyy-mm-ddThh:mm:ss)'],
    ['at(2027-01-04T18:00)', 'a one-time expression is at(yyyy-mm-ddThh:mm:ss)'],
    ['at(2027-02-29T18:00:00)', 'a one-time expression at(yyyy-mm-ddThh:mm:ss) needs a date and time that exist'],
    ['at(2027-01-04T24:00:00)', 'a one-time expression at(yyyy-mm-ddThh:mm:ss) needs a date and time that exist'],
    ['30 6 * * MON-FRI', 'an EventBridge Scheduler expression is cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)'],
    ['cron 0 8 * * ? *', 'an EventBridge Scheduler expression is cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)'],
  ])('fails when it is %s', (expression, problem) => {
    const pool = newPool();
    for (const method of ['scheduleStart', 'scheduleStop'] as const) {
      expect(() => pool[method]('Morning', scheduler.ScheduleExpression.expression(expression)))
        .toThrow(new RegExp(`^\\[Test/Pool\\] \`${method}\\('Morning', expression\\)\`: ${escape(problem)}, got '${escape(expression)}'$`));
    }
    expect(expressionsOf(pool)).toEqual([]);
  });
});

describe('the pre-1.0 call scheduleStart(expression, options?) from plain JavaScript', () => {
  const morning = scheduler.ScheduleExpression.cron({ hour: '6', minute: '30', weekDay: 'MON-FRI' });

  test.each(['scheduleStart', 'scheduleStop'] as const)('fails on %s saying the id comes first since 1.0', (method) => {
    const pool = newPool();
    const oldCall = pool[method] as unknown as (expression: scheduler.ScheduleExpression, options?: object) => scheduler.Schedule;
    expect(() => oldCall.call(pool, morning, { retryAttempts: 1 })).toThrow(new RegExp(
      `^\\[Test/Pool\\] \`${method}\\(id, expression, options\\?\\)\` takes the schedule's id first and its expression second since 1\\.0 ` +
      `\\(before 1\\.0 it was ${method}\\(expression, options\\?\\); see CHANGELOG\\.md\\), got an object as the id$`));
    expect(() => oldCall.call(pool, morning)).not.toThrow(/expressionString/);
  });

  test('fails when the expression is missing, naming the id given', () => {
    const pool = newPool();
    const noExpression = pool.scheduleStart as unknown as (id: string) => scheduler.Schedule;
    expect(() => noExpression.call(pool, 'Morning')).toThrow(/got id 'Morning' and undefined as the expression$/);
  });
});
