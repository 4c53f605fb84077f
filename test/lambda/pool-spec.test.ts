import type { WorkspacesPool } from '@aws-sdk/client-workspaces';
import {
  END_OF_SUPPORT_URL,
  TROUBLESHOOTING_URL,
  capacitySummary,
  describePoolErrors,
  formatSeconds,
  newCustomerAccessDenied,
  poolLabel,
  said,
  settledWithErrors,
  timedOut,
} from '../../lambda/pool/messages';
import { capacityUnverifiable, configurationChanges, hasChanges, pendingChanges, type PoolChanges } from '../../lambda/pool/plan';
import {
  DEFAULT_TIMEOUT_SECONDS,
  applicationSettings,
  parseSpec,
  timeoutSettings,
  type PoolSpec,
} from '../../lambda/pool/spec';
import type { ResourceProperties } from '../../lambda/shared/types';

const POOL_ID = 'wspool-abc123def';
const BUNDLE_ID = 'wsb-0123456789';
const DIRECTORY_ID = 'wsd-0123456789';
const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:111122223333:function:IntegSharedProvider-framework-onEvent';

/** Resource properties the way CloudFormation passes them: every scalar a string. `undefined` removes a key. */
function properties(overrides: Record<string, unknown> = {}): ResourceProperties {
  const merged: Record<string, unknown> = {
    ServiceToken: SERVICE_TOKEN,
    PoolName: 'call-centre',
    Description: 'Call centre agents',
    BundleId: BUNDLE_ID,
    DirectoryId: DIRECTORY_ID,
    DesiredUserSessions: '10',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as ResourceProperties;
}

function spec(overrides: Partial<PoolSpec> = {}): PoolSpec {
  return {
    poolName: 'call-centre',
    description: 'Call centre agents',
    bundleId: BUNDLE_ID,
    directoryId: DIRECTORY_ID,
    desiredUserSessions: 10,
    runningMode: 'AUTO_STOP',
    desiredState: 'RUNNING',
    tags: [],
    timeoutSeconds: 3600,
    ...overrides,
  };
}

function pool(overrides: Partial<WorkspacesPool> = {}): WorkspacesPool {
  return {
    PoolId: POOL_ID,
    PoolArn: `arn:aws:workspaces:eu-west-1:111122223333:workspacespool/${POOL_ID}`,
    PoolName: 'call-centre',
    Description: 'Call centre agents',
    State: 'RUNNING',
    CreatedAt: new Date('2026-03-01T09:00:00Z'),
    BundleId: BUNDLE_ID,
    DirectoryId: DIRECTORY_ID,
    RunningMode: 'AUTO_STOP',
    CapacityStatus: { AvailableUserSessions: 10, DesiredUserSessions: 10, ActualUserSessions: 10, ActiveUserSessions: 0 },
    TimeoutSettings: { DisconnectTimeoutInSeconds: 900, IdleDisconnectTimeoutInSeconds: 600, MaxUserDurationInSeconds: 28800 },
    ApplicationSettings: { Status: 'ENABLED', SettingsGroup: 'call-centre-settings' },
    ...overrides,
  };
}

/** The bounds each number property is read within, as the messages state them. */
const BOUNDS: Record<string, string> = {
  DesiredUserSessions: '0 to 2147483647',
  DisconnectTimeoutInSeconds: '60 to 36000',
  IdleDisconnectTimeoutInSeconds: '0 to 36000',
  MaxUserDurationInSeconds: '600 to 432000',
  DrainTimeoutSeconds: '0 to 3600',
  TimeoutSeconds: '1 to 3600',
};

describe('parseSpec', () => {
  test('turns the strings CloudFormation passes into numbers', () => {
    const parsed = parseSpec(properties({
      DesiredUserSessions: '25',
      DisconnectTimeoutInSeconds: '900',
      IdleDisconnectTimeoutInSeconds: '600',
      MaxUserDurationInSeconds: '28800',
      DrainTimeoutSeconds: '300',
      TimeoutSeconds: '3000',
    }));

    expect(parsed).toMatchObject({
      desiredUserSessions: 25,
      disconnectTimeoutInSeconds: 900,
      idleDisconnectTimeoutInSeconds: 600,
      maxUserDurationInSeconds: 28800,
      drainTimeoutSeconds: 300,
      timeoutSeconds: 3000,
    });
  });

  test('accepts numbers that arrive as numbers', () => {
    expect(parseSpec(properties({ DesiredUserSessions: 7, TimeoutSeconds: 600 }))).toMatchObject({ desiredUserSessions: 7, timeoutSeconds: 600 });
  });

  test('accepts 0 desired sessions and a 0-second drain', () => {
    expect(parseSpec(properties({ DesiredUserSessions: '0', DrainTimeoutSeconds: '0' }))).toMatchObject({ desiredUserSessions: 0, drainTimeoutSeconds: 0 });
  });

  test('reads every property, tags included', () => {
    const parsed = parseSpec(properties({
      RunningMode: 'ALWAYS_ON',
      DesiredState: 'STOPPED',
      ApplicationSettingsStatus: 'ENABLED',
      ApplicationSettingsGroup: 'call-centre-settings',
      Tags: [{ Key: 'team', Value: 'support' }, { Key: 'cost-centre', Value: '4711' }],
    }));

    expect(parsed).toEqual({
      poolName: 'call-centre',
      description: 'Call centre agents',
      bundleId: BUNDLE_ID,
      directoryId: DIRECTORY_ID,
      desiredUserSessions: 10,
      runningMode: 'ALWAYS_ON',
      desiredState: 'STOPPED',
      disconnectTimeoutInSeconds: undefined,
      idleDisconnectTimeoutInSeconds: undefined,
      maxUserDurationInSeconds: undefined,
      applicationSettingsStatus: 'ENABLED',
      applicationSettingsGroup: 'call-centre-settings',
      tags: [{ Key: 'team', Value: 'support' }, { Key: 'cost-centre', Value: '4711' }],
      drainTimeoutSeconds: undefined,
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    });
  });

  test('applies the defaults when optional properties are absent', () => {
    const parsed = parseSpec(properties());

    expect(parsed.runningMode).toBe('AUTO_STOP');
    expect(parsed.desiredState).toBe('RUNNING');
    expect(parsed.timeoutSeconds).toBe(3300);
    expect(DEFAULT_TIMEOUT_SECONDS).toBe(3300);
    expect(parsed.tags).toEqual([]);
    expect(parsed.drainTimeoutSeconds).toBeUndefined();
    expect(parsed.applicationSettingsStatus).toBeUndefined();
    expect(parsed.applicationSettingsGroup).toBeUndefined();
    expect(parsed.disconnectTimeoutInSeconds).toBeUndefined();
  });

  test('treats empty strings and null as absent', () => {
    const parsed = parseSpec(properties({
      RunningMode: '',
      DesiredState: null,
      DrainTimeoutSeconds: '',
      ApplicationSettingsGroup: '',
      Tags: '',
      TimeoutSeconds: null,
    }));

    expect(parsed).toMatchObject({ runningMode: 'AUTO_STOP', desiredState: 'RUNNING', timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, tags: [] });
    expect(parsed.drainTimeoutSeconds).toBeUndefined();
    expect(parsed.applicationSettingsGroup).toBeUndefined();
  });

  test.each([
    ['PoolName', undefined, 'is required, got undefined'],
    ['PoolName', '', 'is required, got ""'],
    ['Description', undefined, 'is required, got undefined'],
    ['BundleId', 1234567890, 'must be a string, got 1234567890'],
    ['DirectoryId', undefined, 'is required, got undefined'],
    ['DesiredUserSessions', undefined, 'is required, got undefined'],
    ['DesiredUserSessions', 'ten', 'must be a whole number from 0 to 2147483647, in decimal digits, got "ten"'],
    ['DesiredUserSessions', '-1', 'must be a whole number from 0 to 2147483647, in decimal digits, got "-1"'],
    ['DesiredUserSessions', '2.5', 'must be a whole number from 0 to 2147483647, in decimal digits, got "2.5"'],
    ['DesiredUserSessions', true, 'must be a whole number from 0 to 2147483647, in decimal digits, got true'],
    ['DisconnectTimeoutInSeconds', '15m', 'must be a whole number from 60 to 36000, in decimal digits, got "15m"'],
    ['IdleDisconnectTimeoutInSeconds', '-60', 'must be a whole number from 0 to 36000, in decimal digits, got "-60"'],
    ['MaxUserDurationInSeconds', '1.5', 'must be a whole number from 600 to 432000, in decimal digits, got "1.5"'],
    ['DrainTimeoutSeconds', 'PT5M', 'must be a whole number from 0 to 3600, in decimal digits, got "PT5M"'],
    ['TimeoutSeconds', 'one hour', 'must be a whole number from 1 to 3600, in decimal digits, got "one hour"'],
    ['RunningMode', 'AUTO', 'must be one of AUTO_STOP, ALWAYS_ON, got "AUTO"'],
    ['DesiredState', 'STARTED', 'must be one of RUNNING, STOPPED, got "STARTED"'],
    ['ApplicationSettingsStatus', 'ON', 'must be one of ENABLED, DISABLED, got "ON"'],
    ['ApplicationSettingsGroup', 42, 'must be a string, got 42'],
    ['Tags', 'team=support', 'must be a list of { Key, Value }, got "team=support"'],
    ['Tags', [{ Key: 'team' }], 'must be a list of { Key, Value }, got [{"Key":"team"}]'],
    ['Tags', [null], 'must be a list of { Key, Value }, got [null]'],
    ['Tags', [{ Key: 'team', Value: 7 }], 'must be a list of { Key, Value }, got [{"Key":"team","Value":7}]'],
  ])('rejects %s = %j, naming the property and the value', (key, value, rule) => {
    expect(() => parseSpec(properties({ [key]: value }))).toThrow(`Custom::WorkspacesPool property ${key} ${rule}. `);
    expect(() => parseSpec(properties({ [key]: value }))).toThrow(/synthesize it again with the WorkspacesPool construct/);
  });

  // Number(' ') is 0: a blank string must be rejected, not read as 0.
  test('rejects a blank DesiredUserSessions instead of reading it as 0', () => {
    expect(() => parseSpec(properties({ DesiredUserSessions: ' ' }))).toThrow(/DesiredUserSessions must be a whole number/);
  });

  test.each([
    ['DesiredUserSessions', ' '],
    ['DesiredUserSessions', '\t\n'],
    ['DisconnectTimeoutInSeconds', '  '],
    ['IdleDisconnectTimeoutInSeconds', ' '],
    ['MaxUserDurationInSeconds', ' '],
    ['DrainTimeoutSeconds', ' '],
    ['TimeoutSeconds', '   '],
  ])('rejects a blank %s (%j), naming it', (key, value) => {
    expect(() => parseSpec(properties({ [key]: value }))).toThrow(`Custom::WorkspacesPool property ${key} must be a whole number from ${BOUNDS[key]}, in decimal digits, got ${JSON.stringify(value)}. `);
  });

  test('reads an empty string as absent', () => {
    expect(parseSpec(properties({ DrainTimeoutSeconds: '' }))).toMatchObject({ drainTimeoutSeconds: undefined });
  });

  test.each([
    ['DesiredUserSessions', ' 12 '],
    ['DesiredUserSessions', '1e3'],
    ['DesiredUserSessions', '0x10'],
    ['DesiredUserSessions', '+5'],
    ['DesiredUserSessions', '1e20'],
    ['DesiredUserSessions', '100000000000000000000'],
    ['DesiredUserSessions', '2147483648'],
    ['DesiredUserSessions', 1e20],
    ['DisconnectTimeoutInSeconds', '59'],
    ['DisconnectTimeoutInSeconds', '36001'],
    ['IdleDisconnectTimeoutInSeconds', '36001'],
    ['MaxUserDurationInSeconds', '599'],
    ['MaxUserDurationInSeconds', '432001'],
    ['DrainTimeoutSeconds', '3601'],
    ['TimeoutSeconds', '0'],
    ['TimeoutSeconds', '3601'],
    ['TimeoutSeconds', '1e3'],
  ])('refuses %s = %j: numbers are whole decimal digits within the API\'s bounds', (key, value) => {
    expect(() => parseSpec(properties({ [key]: value }))).toThrow(
      `Custom::WorkspacesPool property ${key} must be a whole number from ${BOUNDS[key]}, in decimal digits, got ${JSON.stringify(value)}. `,
    );
  });

  test.each([
    ['DesiredUserSessions', '0', 0],
    ['DesiredUserSessions', '2147483647', 2147483647],
    ['DisconnectTimeoutInSeconds', '60', 60],
    ['MaxUserDurationInSeconds', '432000', 432000],
    ['TimeoutSeconds', '3600', 3600],
    ['DesiredUserSessions', 12, 12],
  ])('reads %s = %j at the edge of its bounds', (key, value, expected) => {
    const parsed = parseSpec(properties({ [key]: value })) as unknown as Record<string, unknown>;
    expect(parsed[key.charAt(0).toLowerCase() + key.slice(1)]).toBe(expected);
  });

  test('quotes at most about 200 characters of an offending value', () => {
    const long = '9'.repeat(100) + 'x'.repeat(10000);
    let message = '';
    try {
      parseSpec(properties({ DesiredUserSessions: long }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`got ${JSON.stringify(long).slice(0, 200)}... (10102 characters). `);
    expect(message.length).toBeLessThan(600);
  });

  test.each([
    'cdk-workspaces-constructs:stack-resource',
    'cdk-workspaces-constructs:create-request-id',
    'cdk-workspaces-constructs:anything',
  ])('refuses the reserved tag key %s (an addPropertyOverride), never writing it over the ownership tags', key => {
    expect(() => parseSpec(properties({ Tags: [{ Key: 'team', Value: 'support' }, { Key: key, Value: 'f'.repeat(64) }] }))).toThrow(
      `Custom::WorkspacesPool property Tags has the tag key ${JSON.stringify(key)}: keys starting with 'cdk-workspaces-constructs:' are reserved for the ownership tags`,
    );
    expect(() => parseSpec(properties({ Tags: [{ Key: key, Value: 'x' }] }))).toThrow(/came in some other way \(an addPropertyOverride, or an edited template\): rename the tag/);
  });
});

describe('timeoutSettings and applicationSettings', () => {
  test('are undefined when the template sets none', () => {
    expect(timeoutSettings(spec())).toBeUndefined();
    expect(applicationSettings(spec())).toBeUndefined();
  });

  test('carry what the template sets', () => {
    expect(timeoutSettings(spec({ idleDisconnectTimeoutInSeconds: 600 }))).toEqual({
      DisconnectTimeoutInSeconds: undefined,
      IdleDisconnectTimeoutInSeconds: 600,
      MaxUserDurationInSeconds: undefined,
    });
    expect(applicationSettings(spec({ applicationSettingsStatus: 'ENABLED', applicationSettingsGroup: 'call-centre-settings' })))
      .toEqual({ Status: 'ENABLED', SettingsGroup: 'call-centre-settings' });
    expect(applicationSettings(spec({ applicationSettingsStatus: 'DISABLED' }))).toEqual({ Status: 'DISABLED', SettingsGroup: undefined });
  });
});

describe('configurationChanges', () => {
  test('is empty when nothing of the configuration changed', () => {
    const changes = configurationChanges(spec(), spec());
    expect(changes).toEqual({});
    expect(hasChanges(changes)).toBe(false);
  });

  test('ignores what is not configuration: name, state, tags, drain and operation timeout', () => {
    const changes = configurationChanges(
      spec(),
      spec({ poolName: 'help-desk', desiredState: 'STOPPED', tags: [{ Key: 'team', Value: 'support' }], drainTimeoutSeconds: 300, timeoutSeconds: 7200 }),
    );
    expect(changes).toEqual({});
  });

  test.each<[string, Partial<PoolSpec>, PoolChanges]>([
    ['description', { description: 'Help desk agents' }, { Description: 'Help desk agents' }],
    ['bundle', { bundleId: 'wsb-9876543210' }, { BundleId: 'wsb-9876543210' }],
    ['directory', { directoryId: 'wsd-9876543210' }, { DirectoryId: 'wsd-9876543210' }],
    ['capacity', { desiredUserSessions: 20 }, { Capacity: { DesiredUserSessions: 20 } }],
    ['capacity down to 0', { desiredUserSessions: 0 }, { Capacity: { DesiredUserSessions: 0 } }],
    ['running mode', { runningMode: 'ALWAYS_ON' }, { RunningMode: 'ALWAYS_ON' }],
    [
      'timeouts',
      { disconnectTimeoutInSeconds: 900 },
      { TimeoutSettings: { DisconnectTimeoutInSeconds: 900, IdleDisconnectTimeoutInSeconds: undefined, MaxUserDurationInSeconds: undefined } },
    ],
    ['application settings', { applicationSettingsStatus: 'ENABLED', applicationSettingsGroup: 'call-centre-settings' }, {
      ApplicationSettings: { Status: 'ENABLED', SettingsGroup: 'call-centre-settings' },
    }],
  ])('carries a changed %s, and only that', (_field, change, expected) => {
    const changes = configurationChanges(spec(), spec(change));
    expect(changes).toEqual(expected);
    expect(hasChanges(changes)).toBe(true);
  });

  test('sends capacity only when the template changed it', () => {
    const changes = configurationChanges(spec({ desiredUserSessions: 10 }), spec({ desiredUserSessions: 10, description: 'Help desk agents' }));
    expect(changes).toEqual({ Description: 'Help desk agents' });
    expect(changes).not.toHaveProperty('Capacity');
  });

  test('sends every timeout the template sets when one of them changes', () => {
    const oldSpec = spec({ disconnectTimeoutInSeconds: 900, idleDisconnectTimeoutInSeconds: 600 });
    const newSpec = spec({ disconnectTimeoutInSeconds: 900, idleDisconnectTimeoutInSeconds: 1200 });
    expect(configurationChanges(oldSpec, newSpec)).toEqual({
      TimeoutSettings: { DisconnectTimeoutInSeconds: 900, IdleDisconnectTimeoutInSeconds: 1200, MaxUserDurationInSeconds: undefined },
    });
  });

  test('leaves the pool\'s timeouts as they are when the template removes them', () => {
    expect(configurationChanges(spec({ disconnectTimeoutInSeconds: 900 }), spec())).toEqual({});
  });

  test('turns application settings off (DISABLED) when the template removes them', () => {
    const changes = configurationChanges(spec({ applicationSettingsStatus: 'ENABLED', applicationSettingsGroup: 'call-centre-settings' }), spec());
    expect(changes).toEqual({ ApplicationSettings: { Status: 'DISABLED' } });
  });

  test('carries a changed settings group with its status', () => {
    const changes = configurationChanges(
      spec({ applicationSettingsStatus: 'ENABLED', applicationSettingsGroup: 'call-centre-settings' }),
      spec({ applicationSettingsStatus: 'ENABLED', applicationSettingsGroup: 'help-desk-settings' }),
    );
    expect(changes).toEqual({ ApplicationSettings: { Status: 'ENABLED', SettingsGroup: 'help-desk-settings' } });
  });
});

describe('pendingChanges', () => {
  test('is undefined when the pool shows every change', () => {
    const changes: PoolChanges = {
      Description: 'Call centre agents',
      BundleId: BUNDLE_ID,
      DirectoryId: DIRECTORY_ID,
      Capacity: { DesiredUserSessions: 10 },
      RunningMode: 'AUTO_STOP',
      TimeoutSettings: { DisconnectTimeoutInSeconds: 900, IdleDisconnectTimeoutInSeconds: 600, MaxUserDurationInSeconds: 28800 },
      ApplicationSettings: { Status: 'ENABLED', SettingsGroup: 'call-centre-settings' },
    };
    expect(pendingChanges(pool(), changes)).toBeUndefined();
    expect(pendingChanges(pool(), {})).toBeUndefined();
  });

  test.each<[string, PoolChanges]>([
    ['Description', { Description: 'Help desk agents' }],
    ['BundleId', { BundleId: 'wsb-9876543210' }],
    ['DirectoryId', { DirectoryId: 'wsd-9876543210' }],
    ['Capacity', { Capacity: { DesiredUserSessions: 20 } }],
    ['RunningMode', { RunningMode: 'ALWAYS_ON' }],
    ['TimeoutSettings', { TimeoutSettings: { DisconnectTimeoutInSeconds: 1800 } }],
    ['ApplicationSettings', { ApplicationSettings: { Status: 'DISABLED' } }],
  ])('reports %s while the pool does not show it', (_field, changes) => {
    expect(pendingChanges(pool(), changes)).toEqual(changes);
  });

  test('reports only the fields still missing', () => {
    const changes: PoolChanges = { Description: 'Help desk agents', BundleId: BUNDLE_ID, RunningMode: 'AUTO_STOP' };
    expect(pendingChanges(pool(), changes)).toEqual({ Description: 'Help desk agents' });
  });

  test('does not count capacity as pending on a STOPPED pool that reports 0 desired sessions', () => {
    const stopped = pool({ State: 'STOPPED', CapacityStatus: { AvailableUserSessions: 0, DesiredUserSessions: 0, ActualUserSessions: 0, ActiveUserSessions: 0 } });
    expect(pendingChanges(stopped, { Capacity: { DesiredUserSessions: 20 } })).toBeUndefined();
  });

  test('does not count capacity as pending on a STOPPED pool that reports no capacity', () => {
    expect(pendingChanges(pool({ State: 'STOPPED', CapacityStatus: undefined }), { Capacity: { DesiredUserSessions: 20 } })).toBeUndefined();
  });

  test('counts capacity as pending on a STOPPED pool that reports another capacity', () => {
    const stopped = pool({ State: 'STOPPED', CapacityStatus: { AvailableUserSessions: 0, DesiredUserSessions: 5, ActualUserSessions: 0, ActiveUserSessions: 0 } });
    expect(pendingChanges(stopped, { Capacity: { DesiredUserSessions: 20 } })).toEqual({ Capacity: { DesiredUserSessions: 20 } });
  });

  test('counts capacity as pending on a RUNNING pool that reports 0', () => {
    const running = pool({ CapacityStatus: { AvailableUserSessions: 0, DesiredUserSessions: 0, ActualUserSessions: 0, ActiveUserSessions: 0 } });
    expect(pendingChanges(running, { Capacity: { DesiredUserSessions: 20 } })).toEqual({ Capacity: { DesiredUserSessions: 20 } });
  });

  test('compares only the timeouts the change sets', () => {
    expect(pendingChanges(pool(), { TimeoutSettings: { IdleDisconnectTimeoutInSeconds: 600 } })).toBeUndefined();
    expect(pendingChanges(pool(), { TimeoutSettings: { MaxUserDurationInSeconds: 3600 } }))
      .toEqual({ TimeoutSettings: { MaxUserDurationInSeconds: 3600 } });
    expect(pendingChanges(pool({ TimeoutSettings: undefined }), { TimeoutSettings: { DisconnectTimeoutInSeconds: 900 } }))
      .toEqual({ TimeoutSettings: { DisconnectTimeoutInSeconds: 900 } });
  });

  test('compares the settings group only when the change names one', () => {
    expect(pendingChanges(pool(), { ApplicationSettings: { Status: 'ENABLED' } })).toBeUndefined();
    expect(pendingChanges(pool(), { ApplicationSettings: { Status: 'ENABLED', SettingsGroup: 'help-desk-settings' } }))
      .toEqual({ ApplicationSettings: { Status: 'ENABLED', SettingsGroup: 'help-desk-settings' } });
    expect(pendingChanges(pool({ ApplicationSettings: undefined }), { ApplicationSettings: { Status: 'ENABLED' } }))
      .toEqual({ ApplicationSettings: { Status: 'ENABLED' } });
  });
});

describe('capacityUnverifiable', () => {
  const capacity = (DesiredUserSessions: number): PoolChanges => ({ Capacity: { DesiredUserSessions } });
  const reporting = (state: WorkspacesPool['State'], desired: number | undefined) => pool({
    State: state,
    CapacityStatus: desired === undefined
      ? undefined
      : { AvailableUserSessions: 0, DesiredUserSessions: desired, ActualUserSessions: 0, ActiveUserSessions: 0 },
  });

  test.each<[string, boolean, WorkspacesPool, PoolChanges]>([
    ['a STOPPED pool reporting 0', true, reporting('STOPPED', 0), capacity(20)],
    ['a STOPPED pool reporting no capacity', true, reporting('STOPPED', undefined), capacity(20)],
    ['a STOPPED pool reporting the new capacity', false, reporting('STOPPED', 20), capacity(20)],
    ['a STOPPED pool reporting another capacity', false, reporting('STOPPED', 5), capacity(20)],
    ['a RUNNING pool reporting 0', false, reporting('RUNNING', 0), capacity(20)],
    ['an UPDATING pool reporting 0', false, reporting('UPDATING', 0), capacity(20)],
    ['a change without capacity', false, reporting('STOPPED', 0), { Description: 'Help desk agents' }],
  ])('%s: %s', (_case, expected, subject, changes) => {
    expect(capacityUnverifiable(subject, changes)).toBe(expected);
  });
});

describe('messages', () => {
  test.each([
    ['a message ending in a period', Object.assign(new Error('The pool is not in a valid state.'), { name: 'InvalidResourceStateException' }), 'InvalidResourceStateException: The pool is not in a valid state'],
    ['a message ending in periods and blanks', Object.assign(new Error('Rate exceeded.. \n'), { name: 'ThrottlingException' }), 'ThrottlingException: Rate exceeded'],
    ['a message without a period', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }), 'ThrottlingException: Rate exceeded'],
    ['a period inside the message', Object.assign(new Error('Bundle wsb-0123.v2 not found'), { name: 'ResourceNotFoundException' }), 'ResourceNotFoundException: Bundle wsb-0123.v2 not found'],
    ['an error without a message', Object.assign(new Error(''), { name: 'ThrottlingException' }), 'ThrottlingException'],
  ])('said quotes %s as Name: message without a final period', (_case, error, text) => {
    expect(said(error)).toBe(text);
  });

  test('timedOut gives the specific advice instead of the generic one when there is one', () => {
    const text = timedOut(`'call-centre' (${POOL_ID})`, 'RUNNING', 3600, pool({ State: 'STOPPED' }), { advice: 'Do this instead.' });
    expect(text).toBe(
      `WorkSpaces pool 'call-centre' (${POOL_ID}) did not reach RUNNING within the timeout of 1 h: last seen in state STOPPED (10 of 10 desired sessions provisioned, 0 in use). Do this instead.`,
    );
  });

  test('timedOut says the pool could not be described at the deadline, whatever was seen before', () => {
    expect(timedOut('\'call-centre\'', 'deleted', 900, pool(), { describeFailure: 'ThrottlingException: Rate exceeded' })).toBe(
      'WorkSpaces pool \'call-centre\' did not reach deleted within the timeout of 15 min: the pool could not be described at the deadline (ThrottlingException: Rate exceeded). ' +
      'Check the pool in the WorkSpaces console; if it is still making progress, raise the WorkspacesPool timeout (at most the provider\'s total timeout) and deploy again.',
    );
  });

  test('gives the hint for a missing service role', () => {
    const text = describePoolErrors([{ ErrorCode: 'IAM_SERVICE_ROLE_IS_MISSING', ErrorMessage: 'The workspaces_DefaultRole role is missing.' }]);
    expect(text).toBe(
      'IAM_SERVICE_ROLE_IS_MISSING: The workspaces_DefaultRole role is missing. (what to do: the account has no IAM role named workspaces_DefaultRole ' +
      '(trusted by workspaces.amazonaws.com, with AmazonWorkSpacesPoolServiceAccess attached); create it, for example with this library\'s WorkspacesDefaultRole)',
    );
  });

  test.each([
    'DOMAIN_JOIN_ERROR_ACCESS_DENIED',
    'DOMAIN_JOIN_ERROR_LOGON_FAILURE',
    'DOMAIN_JOIN_ERROR_SECRET_NOT_FOUND',
    'DOMAIN_JOIN_NERR_PASSWORD_EXPIRED',
  ] as const)('gives the domain join hint for %s', code => {
    const text = describePoolErrors([{ ErrorCode: code, ErrorMessage: 'Domain join failed.' }]);
    expect(text).toContain(`${code}: Domain join failed. (what to do: the pool's instances could not join the domain;`);
    expect(text).toContain('ActiveDirectoryConfig');
    expect(text).not.toContain(TROUBLESHOOTING_URL);
  });

  test('keeps the specific hint of DOMAIN_JOIN_INTERNAL_SERVICE_ERROR', () => {
    expect(describePoolErrors([{ ErrorCode: 'DOMAIN_JOIN_INTERNAL_SERVICE_ERROR', ErrorMessage: 'Internal error.' }]))
      .toBe('DOMAIN_JOIN_INTERNAL_SERVICE_ERROR: Internal error. (what to do: domain join failed inside the service; try again)');
  });

  test('points an unknown code to the troubleshooting guide', () => {
    const text = describePoolErrors([{ ErrorCode: 'STS_DISABLED_IN_REGION', ErrorMessage: 'STS is disabled.' }]);
    expect(text).toBe(`STS_DISABLED_IN_REGION: STS is disabled. (what to do: see ${TROUBLESHOOTING_URL})`);
  });

  test('names an error without code or message, and joins several', () => {
    expect(describePoolErrors([{}, { ErrorCode: 'SUBNET_NOT_FOUND', ErrorMessage: 'subnet-0a1b2c3d4e5f60718 not found' }])).toBe(
      `UNKNOWN: no message (what to do: see ${TROUBLESHOOTING_URL}); ` +
      'SUBNET_NOT_FOUND: subnet-0a1b2c3d4e5f60718 not found (what to do: a subnet of the directory no longer exists; update the directory\'s subnets)',
    );
  });

  test.each([
    [3600, '1 h'],
    [7200, '2 h'],
    [3300, '55 min'],
    [900, '15 min'],
    [90, '90 s'],
    [45, '45 s'],
  ])('formatSeconds(%i) is %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });

  test('poolLabel names what it knows', () => {
    expect(poolLabel('call-centre', POOL_ID)).toBe(`'call-centre' (${POOL_ID})`);
    expect(poolLabel('call-centre', undefined)).toBe('\'call-centre\'');
    expect(poolLabel(undefined, POOL_ID)).toBe(POOL_ID);
    expect(poolLabel(undefined, undefined)).toBe('the pool');
  });

  test('capacitySummary reads the capacity status', () => {
    const capacity = { AvailableUserSessions: 3, DesiredUserSessions: 10, ActualUserSessions: 8, ActiveUserSessions: 5 };
    expect(capacitySummary(pool({ CapacityStatus: capacity })))
      .toBe('8 of 10 desired sessions provisioned, 5 in use');
    expect(capacitySummary(pool({ CapacityStatus: undefined }))).toBe('capacity unknown');
  });

  test('settledWithErrors names the pool, state, target, codes, messages, hints and capacity', () => {
    const text = settledWithErrors(`'call-centre' (${POOL_ID})`, 'RUNNING', pool({
      Errors: [{ ErrorCode: 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES', ErrorMessage: 'Not enough IP addresses in subnet-0a1b2c3d4e5f60718' }],
    }));
    expect(text).toContain(`WorkSpaces pool 'call-centre' (${POOL_ID}) settled in state RUNNING with errors while this deploy was taking it to RUNNING`);
    expect(text).toContain('SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES: Not enough IP addresses in subnet-0a1b2c3d4e5f60718');
    expect(text).toContain('use larger subnets or lower desiredUserSessions');
    expect(text).toContain('10 of 10 desired sessions provisioned, 0 in use');
  });

  test('timedOut names the timeout and the last state seen, with its errors', () => {
    const text = timedOut(`'call-centre' (${POOL_ID})`, 'STOPPED', 3600, pool({
      State: 'STOPPING',
      Errors: [{ ErrorCode: 'INTERNAL_SERVICE_ERROR', ErrorMessage: 'Internal error' }],
    }));
    expect(text).toContain(`WorkSpaces pool 'call-centre' (${POOL_ID}) did not reach STOPPED within the timeout of 1 h`);
    expect(text).toContain('last seen in state STOPPING (10 of 10 desired sessions provisioned, 0 in use; errors: INTERNAL_SERVICE_ERROR: Internal error');
    expect(text).toContain('raise the WorkspacesPool timeout');
  });

  test('timedOut says when the pool was not found', () => {
    expect(timedOut('\'call-centre\'', 'RUNNING', 900, undefined)).toContain('within the timeout of 15 min: not found when last described.');
  });

  test('newCustomerAccessDenied explains the end of support and the permission alternative', () => {
    const text = newCustomerAccessDenied('call-centre', Object.assign(new Error('User is not authorized to create pools'), { name: 'AccessDeniedException' }));
    expect(text).toContain('Creating WorkSpaces pool \'call-centre\' was refused: AccessDeniedException: User is not authorized to create pools.');
    expect(text).toContain('2027-12-31');
    // Both dates of the refusal: AWS's end-of-support page and the service's own message.
    expect(text).toContain('from 2026-07-31');
    expect(text).toContain('7/30/2026');
    expect(text).toContain(END_OF_SUPPORT_URL);
    expect(text).toContain('SCPs and permission boundaries');
  });
});
