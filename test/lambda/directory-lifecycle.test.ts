/**
 * The directory registration handler driven through whole CloudFormation
 * operations against a stateful fake of the WorkSpaces directory APIs
 * (test/support/directory-fake.ts), the way the Provider framework drives
 * it: onEvent, then isComplete at once and every 30 virtual seconds.
 * Assertions are on what the fake ends up holding (registration state,
 * settings, tags), on the outcome and message a person would read, and on
 * the calls where they matter.
 */
import { createHash } from 'crypto';
import { CREATE_REQUEST_TAG, DEFAULT_ROLE_GRACE_MS, OPERATION_TAG, STACK_RESOURCE_TAG } from '../../lambda/directory/handler';
import type { OnEventRequest } from '../../lambda/shared/types';
import {
  createEvent,
  deleteEvent,
  DirectoryFake,
  updateEvent,
  type DirectoryFakeOptions,
  type DirectoryTemplate,
} from '../support/directory-fake';
import { CREATE_FAILED_PHYSICAL_ID_MARKER, runOperation, type OperationResult, type RunOptions } from '../support/provider-driver';

const stackResource = (event: OnEventRequest) => createHash('sha256').update(`${event.StackId}/${event.LogicalResourceId}`).digest('hex');
const ATTRIBUTE_KEYS = ['Alias', 'CustomerUserName', 'DirectoryId', 'DirectoryName', 'DirectoryType', 'DnsIpAddresses', 'IamRoleId', 'RegistrationCode', 'WorkspaceSecurityGroupId'];
const CA_ARN = 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e';

const fakes: DirectoryFake[] = [];
afterEach(() => {
  for (const fake of fakes.splice(0)) fake.restore();
});

interface World {
  readonly fake: DirectoryFake;
  /** A Directory Service directory, Active unless told otherwise. */
  readonly directoryId: string;
  run(event: OnEventRequest, options?: Omit<RunOptions, 'fake'>): Promise<OperationResult>;
  /** Registers the directory and expects success. */
  deploy(template?: Partial<DirectoryTemplate>): Promise<DirectoryTemplate>;
}

function world(options: DirectoryFakeOptions = {}, activeAfterSeconds = 0): World {
  const fake = new DirectoryFake(options);
  fakes.push(fake);
  const directoryId = fake.seedDsDirectory({ activeAfterSeconds });
  const handler = fake.newHandler();
  const run = (event: OnEventRequest, runOptions: Omit<RunOptions, 'fake'> = {}) => runOperation(handler, event, { fake, ...runOptions });
  return {
    fake,
    directoryId,
    run,
    async deploy(template = {}) {
      const full = { DirectoryId: directoryId, ...template };
      const result = await run(createEvent(full));
      expect(result).toMatchObject({ outcome: 'SUCCESS' });
      return full;
    },
  };
}

function calls(result: OperationResult, operation: string): number {
  return result.apiCalls.byOperation[operation] ?? 0;
}

function loggedEvents(fake: DirectoryFake, event: string): Record<string, unknown>[] {
  return fake.logEvents().filter(e => e.event === event);
}

// -----------------------------------------------------------------------------

describe('create', () => {
  test('registers the directory, waits for REGISTERED and returns every attribute', async () => {
    const { fake, run, directoryId } = world();
    const event = createEvent({ DirectoryId: directoryId, EnableSelfService: true, Tenancy: 'SHARED', Tags: { team: 'desktops' } });

    const result = await run(event);

    expect(result.outcome).toBe('SUCCESS');
    expect(result.physicalResourceId).toBe(directoryId);
    expect(Object.keys(result.data ?? {}).sort()).toEqual(ATTRIBUTE_KEYS);
    expect(result.data).toMatchObject({
      DirectoryId: directoryId,
      Alias: directoryId,
      DirectoryName: 'corp.example.com',
      DirectoryType: 'SIMPLE_AD',
      DnsIpAddresses: '10.0.1.10,10.0.2.10',
      RegistrationCode: expect.stringMatching(/^SLiad\+/),
      WorkspaceSecurityGroupId: expect.stringMatching(/^sg-/),
    });
    expect(fake.registration(directoryId)).toMatchObject({ State: 'REGISTERED', Tenancy: 'SHARED' });
    expect(fake.statesOf(directoryId)).toEqual(['REGISTERING', 'REGISTERED']);
    expect(fake.tagsOf(directoryId)).toEqual({
      team: 'desktops',
      [CREATE_REQUEST_TAG]: event.RequestId,
      [STACK_RESOURCE_TAG]: stackResource(event),
      [OPERATION_TAG]: `${fake.callLog[0].at}/${event.RequestId}`,
    });
    expect(fake.inputsOf('RegisterWorkspaceDirectory')).toEqual([expect.objectContaining({ DirectoryId: directoryId, EnableSelfService: true, Tenancy: 'SHARED' })]);
    expect(calls(result, 'RegisterWorkspaceDirectory')).toBe(1);
    // Registration takes 300 virtual seconds: polls at 0, 30, ..., 300.
    expect(result.virtualSeconds).toBe(300);
    expect(result.isCompleteCalls).toBe(11);
    expect(result.detectionLagSeconds).toBe(0);
  });

  test('a slow registration is waited for, as long as the timeout allows', async () => {
    const { fake, run, directoryId } = world({ durations: { register: 1800 } });

    const result = await run(createEvent({ DirectoryId: directoryId }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.virtualSeconds).toBe(1800);
    expect(fake.registration(directoryId)?.State).toBe('REGISTERED');
    expect(loggedEvents(fake, 'waiting').length).toBeGreaterThanOrEqual(59);
  });

  test('fails when the registration outlasts the timeout, naming the state it was stuck in', async () => {
    const { run, directoryId } = world({ stuckIn: 'REGISTERING' });

    const result = await run(createEvent({ DirectoryId: directoryId, TimeoutSeconds: 600 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toBe(
      `WorkSpaces directory ${directoryId} did not reach REGISTERED within the timeout of 10 min: last seen in state REGISTERING. ` +
      'Check the directory in the WorkSpaces console; if it is still making progress, raise the WorkspaceDirectory timeout (at most the provider\'s total timeout) and deploy again.',
    );
  });

  test('fails with the directory\'s own error message when registration ends in ERROR; the rollback deregisters it', async () => {
    const { fake, run, directoryId } = world({ registrationError: 'The specified subnets are not in supported Availability Zones.' });
    const template = { DirectoryId: directoryId };

    const result = await run(createEvent(template));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`Registering directory ${directoryId} with WorkSpaces ended in state ERROR: The specified subnets are not in supported Availability Zones. Check`);
    expect(result.error).not.toContain('..');
    expect(result.physicalResourceId).toBe(directoryId);

    // CloudFormation then deletes the resource it was creating.
    const rollback = await run(deleteEvent(directoryId, template));
    expect(rollback.outcome).toBe('SUCCESS');
    expect(fake.isRegistered(directoryId)).toBe(false);
    expect(calls(rollback, 'DeregisterWorkspaceDirectory')).toBe(1);
  });

  test('fails, after giving IAM time to propagate, saying how to create workspaces_DefaultRole when it is missing', async () => {
    const { fake, run, directoryId } = world({ defaultRole: false });

    const result = await run(createEvent({ DirectoryId: directoryId }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`Registering directory ${directoryId} with WorkSpaces was refused: WorkspacesDefaultRoleNotFoundException: The workspaces_DefaultRole role could not be found. WorkSpaces needs`);
    expect(result.error).toContain('an IAM role named exactly workspaces_DefaultRole in this account, trusted by workspaces.amazonaws.com');
    expect(result.error).toContain('AmazonWorkSpacesServiceAccess and AmazonWorkSpacesSelfServiceAccess');
    expect(result.error).toContain('createDefaultRole: true');
    expect(result.error).toContain('--policy-arn arn:aws:iam::aws:policy/AmazonWorkSpacesSelfServiceAccess');
    expect(result.virtualSeconds).toBeGreaterThanOrEqual(DEFAULT_ROLE_GRACE_MS / 1000);
    expect(result.virtualSeconds).toBeLessThanOrEqual(DEFAULT_ROLE_GRACE_MS / 1000 + 30);
    expect(fake.isRegistered(directoryId)).toBe(false);
  });

  test('a workspaces_DefaultRole created in the same stack, not visible at once, is waited for', async () => {
    const { fake, run, directoryId } = world({ defaultRole: false });
    fake.after(45, () => fake.setDefaultRole(true));

    const result = await run(createEvent({ DirectoryId: directoryId }));

    expect(result.outcome).toBe('SUCCESS');
    expect(calls(result, 'RegisterWorkspaceDirectory')).toBe(4); // refused in onEvent and at the polls at 0 and 30 s; accepted at 60 s
    expect(fake.registration(directoryId)?.State).toBe('REGISTERED');
  });

  test('a Directory Service directory that is not Active yet is registered once it is, within the retry window', async () => {
    const { fake, run, directoryId } = world({}, 250);

    const result = await run(createEvent({ DirectoryId: directoryId }));

    expect(result.outcome).toBe('SUCCESS');
    // Refused in onEvent and at the polls at 0..240 s; accepted at 270 s; REGISTERED 300 s later.
    expect(fake.callLog.filter(c => c.operation === 'RegisterWorkspaceDirectory').map(c => (c.at - fake.callLog[0].at) / 1000).slice(-2)).toEqual([240, 270]);
    expect(result.virtualSeconds).toBe(570);
    expect(loggedEvents(fake, 'register-deferred')[0]).toMatchObject({ reason: expect.stringContaining('InvalidResourceStateException') });
    expect(fake.registration(directoryId)?.State).toBe('REGISTERED');
    expect(fake.statesOf(directoryId)).toEqual(['REGISTERING', 'REGISTERED']);
  });

  test('fails when the Directory Service directory never becomes Active within the timeout', async () => {
    const { fake, run, directoryId } = world({}, 10_000);

    const result = await run(createEvent({ DirectoryId: directoryId, TimeoutSeconds: 120 }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toBe(
      `WorkSpaces directory ${directoryId} did not reach a registration WorkSpaces accepts within the timeout of 2 min: ` +
      `RegisterWorkspaceDirectory was still refused with InvalidResourceStateException: The directory ${directoryId} is not in a valid state: Creating. ` +
      'WorkSpaces registers only an Active Directory Service directory: check the directory\'s status in the Directory Service console, then deploy again.',
    );
    expect(fake.isRegistered(directoryId)).toBe(false);
  });

  // Past the window a cancelled deploy's waiter could register the directory after the rollback's Delete stopped looking.
  test('stops asking after the retry window (5 min) even when the timeout is longer, and registers nothing after it', async () => {
    const { fake, run, directoryId } = world({}, 400);

    const result = await run(createEvent({ DirectoryId: directoryId }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`WorkSpaces did not take the registration of directory ${directoryId} within 5 min: `);
    const registerTimes = fake.callLog.filter(c => c.operation === 'RegisterWorkspaceDirectory').map(c => (c.at - fake.callLog[0].at) / 1000);
    expect(Math.max(...registerTimes)).toBeLessThan(300);
    expect(fake.isRegistered(directoryId)).toBe(false);
  });

  test('rides out throttling of the describe, the register and the settings calls', async () => {
    const { fake, run, directoryId } = world({
      sdkMaxAttempts: 1,
      throttleWindows: [
        { fromSeconds: 0, toSeconds: 90, rate: 1, operations: ['RegisterWorkspaceDirectory'] },
        { fromSeconds: 150, toSeconds: 240, rate: 1, operations: ['DescribeWorkspaceDirectories'] },
        { fromSeconds: 0, toSeconds: 600, rate: 1, operations: ['ModifySelfservicePermissions'] },
      ],
    });

    const result = await run(createEvent({ DirectoryId: directoryId, SelfservicePermissions: { RebuildWorkspace: 'ENABLED' } }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.apiCalls.surfacedByOperation).toMatchObject({ RegisterWorkspaceDirectory: 4, DescribeWorkspaceDirectories: 3 });
    expect(result.apiCalls.surfacedByOperation.ModifySelfservicePermissions).toBeGreaterThan(0);
    expect(fake.registration(directoryId)?.SelfservicePermissions?.RebuildWorkspace).toBe('ENABLED');
    // Registered at 90 s (the first unthrottled Register), REGISTERED at 390 s; the settings go through at 600 s.
    expect(result.virtualSeconds).toBe(600);
  });

  test('a Create delivered twice registers once and both deliveries succeed', async () => {
    const { fake, run, directoryId } = world();
    const first = createEvent({ DirectoryId: directoryId });
    const again = { ...first };

    const results = [await run(first), await run(again)];

    expect(results.map(r => r.outcome)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(results.map(r => r.physicalResourceId)).toEqual([directoryId, directoryId]);
    expect(fake.inputsOf('RegisterWorkspaceDirectory')).toHaveLength(1);
    expect(loggedEvents(fake, 'adopted')).toHaveLength(1);
  });

  test('a registration whose answer was lost is found again by the next poll and adopted', async () => {
    const { fake, run, directoryId } = world({ lostResponses: [{ operation: 'RegisterWorkspaceDirectory', times: 1 }], sdkMaxAttempts: 2 });

    const result = await run(createEvent({ DirectoryId: directoryId }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.registration(directoryId)?.State).toBe('REGISTERED');
    expect(loggedEvents(fake, 'register-deferred')[0]).toMatchObject({ reason: expect.stringContaining('ResourceAlreadyExistsException') });
  });

  test('fails without touching it when someone else registered the directory', async () => {
    const { fake, run, directoryId } = world();
    fake.seedRegistration(directoryId, { tags: { owner: 'it-team' } });

    const result = await run(createEvent({ DirectoryId: directoryId }));

    expect(result.outcome).toBe('FAILED');
    expect(result.physicalResourceId).toBe(CREATE_FAILED_PHYSICAL_ID_MARKER);
    expect(result.error).toBe(
      `Directory ${directoryId} is already registered with WorkSpaces in this account and Region (state REGISTERED), and this stack did not register it. ` +
      'A directory is registered once: use the existing registration with WorkspaceDirectory.fromDirectoryId instead of registering it again, ' +
      'or deregister it first (aws workspaces deregister-workspace-directory) if nothing uses it.',
    );
    expect(calls(result, 'RegisterWorkspaceDirectory')).toBe(0);
    expect(fake.tagsOf(directoryId)).toEqual({ owner: 'it-team' });

    // The Provider framework answers the Delete of a failed Create itself: the registration stays.
    const rollback = await run(deleteEvent(CREATE_FAILED_PHYSICAL_ID_MARKER, { DirectoryId: directoryId }));
    expect(rollback.outcome).toBe('SUCCESS');
    expect(fake.registration(directoryId)?.State).toBe('REGISTERED');
  });

  test('applies every setting once the directory is REGISTERED, SAML before certificate-based authentication', async () => {
    const { fake, run, directoryId } = world();
    const ipGroup = fake.createIpGroup();

    const result = await run(createEvent({
      DirectoryId: directoryId,
      WorkspaceCreationProperties: { EnableInternetAccess: true, DefaultOu: 'OU=Desktops,DC=corp,DC=example,DC=com', UserEnabledAsLocalAdministrator: false },
      WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW', DeviceTypeLinux: 'DENY' },
      SelfservicePermissions: { RestartWorkspace: 'DISABLED', RebuildWorkspace: 'ENABLED' },
      SamlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso', RelayStateParameterName: 'RelayState' },
      CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN },
      StreamingProperties: { StreamingExperiencePreferredProtocol: 'UDP', UserSettings: [{ Action: 'CLIPBOARD_COPY_TO_LOCAL_DEVICE', Permission: 'DISABLED' }] },
      EndpointEncryptionMode: 'FIPS_VALIDATED',
      IpGroupIds: [ipGroup],
    }));

    expect(result.outcome).toBe('SUCCESS');
    const settingsCalls = fake.callLog.filter(c => c.operation.startsWith('Modify') || c.operation === 'AssociateIpGroups');
    expect(settingsCalls.map(c => c.operation)).toEqual([
      'ModifyWorkspaceCreationProperties',
      'ModifyWorkspaceAccessProperties',
      'ModifySelfservicePermissions',
      'ModifySamlProperties',
      'ModifyCertificateBasedAuthProperties',
      'ModifyStreamingProperties',
      'ModifyEndpointEncryptionMode',
      'AssociateIpGroups',
    ]);
    // All after registration finished (300 s).
    expect(settingsCalls.every(c => c.at - fake.callLog[0].at >= 300_000)).toBe(true);
    expect(fake.registration(directoryId)).toMatchObject({
      WorkspaceCreationProperties: { EnableInternetAccess: true, DefaultOu: 'OU=Desktops,DC=corp,DC=example,DC=com', UserEnabledAsLocalAdministrator: false },
      WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW', DeviceTypeLinux: 'DENY' },
      SelfservicePermissions: { RestartWorkspace: 'DISABLED', RebuildWorkspace: 'ENABLED' },
      SamlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso', RelayStateParameterName: 'RelayState' },
      CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN },
      StreamingProperties: { StreamingExperiencePreferredProtocol: 'UDP', UserSettings: [{ Action: 'CLIPBOARD_COPY_TO_LOCAL_DEVICE', Permission: 'DISABLED' }] },
      EndpointEncryptionMode: 'FIPS_VALIDATED',
      ipGroupIds: [ipGroup],
    });
  });

  test('fails naming the setting when a setting is refused; the directory stays registered', async () => {
    const { fake, run, directoryId } = world();

    const result = await run(createEvent({ DirectoryId: directoryId, IpGroupIds: ['wsipg-doesnotexist'] }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toBe(
      `Applying the IP access control groups (AssociateIpGroups / DisassociateIpGroups) to WorkSpaces directory ${directoryId} was refused: ` +
      'ResourceNotFoundException: The IP access control group wsipg-doesnotexist could not be found. ' +
      'The directory stays registered; the settings before this one in the plan were applied, this one and those after it were not. ' +
      'What to do: check that every IP access control group exists in this Region (a directory can be associated with at most 25); then deploy again.',
    );
    expect(fake.registration(directoryId)?.State).toBe('REGISTERED');
  });
});

describe('update', () => {
  test('applies only the settings that changed: SAML fields removed, IP groups swapped, tags changed', async () => {
    const { fake, run, deploy, directoryId } = world();
    const [groupA, groupB] = [fake.createIpGroup(), fake.createIpGroup()];
    const before = await deploy({
      SamlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso', RelayStateParameterName: 'RelayState' },
      WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW' },
      IpGroupIds: [groupA],
      Tags: { team: 'desktops', cost: 'cc-1' },
    });
    const after: DirectoryTemplate = {
      ...before,
      SamlProperties: { Status: 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK', UserAccessUrl: 'https://idp.example.com/sso' },
      IpGroupIds: [groupB],
      Tags: { team: 'vdi' },
    };
    const callsBefore = fake.callLog.length;

    const result = await run(updateEvent(directoryId, before, after));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.callLog.slice(callsBefore).map(c => c.operation).filter(op => op !== 'DescribeWorkspaceDirectories')).toEqual([
      // The ownership check and this update's mark in onEvent, then the check in the poll that modifies.
      'DescribeTags', 'CreateTags', 'DescribeTags',
      'ModifySamlProperties', 'DisassociateIpGroups', 'AssociateIpGroups', 'DeleteTags', 'CreateTags',
    ]);
    expect(fake.inputsOf('ModifySamlProperties').at(-1)).toEqual({
      ResourceId: directoryId,
      SamlProperties: { Status: 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK', UserAccessUrl: 'https://idp.example.com/sso' },
      PropertiesToDelete: ['SAML_PROPERTIES_RELAY_STATE_PARAMETER_NAME'],
    });
    const registration = fake.registration(directoryId);
    expect(registration?.SamlProperties).toEqual({ Status: 'ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK', UserAccessUrl: 'https://idp.example.com/sso' });
    expect(registration?.ipGroupIds).toEqual([groupB]);
    expect(fake.tagsOf(directoryId)).toMatchObject({ team: 'vdi' });
    expect(fake.tagsOf(directoryId)).not.toHaveProperty('cost');
    expect(fake.tagsOf(directoryId)).toHaveProperty(CREATE_REQUEST_TAG);
    expect(Object.keys(result.data ?? {}).sort()).toEqual(ATTRIBUTE_KEYS);
  });

  test('turning SAML and certificate-based authentication off turns certificate-based authentication off first', async () => {
    const { fake, run, deploy, directoryId } = world();
    const before = await deploy({
      SamlProperties: { Status: 'ENABLED', UserAccessUrl: 'https://idp.example.com/sso' },
      CertificateBasedAuthProperties: { Status: 'ENABLED', CertificateAuthorityArn: CA_ARN },
    });
    const { SamlProperties: _saml, CertificateBasedAuthProperties: _cba, ...after } = before;

    const result = await run(updateEvent(directoryId, before, after));

    expect(result.outcome).toBe('SUCCESS');
    const registration = fake.registration(directoryId);
    expect(registration?.SamlProperties).toEqual({ Status: 'DISABLED' });
    expect(registration?.CertificateBasedAuthProperties).toEqual({ Status: 'DISABLED' });
  });

  test('an update that changes nothing completes at once without a Modify call', async () => {
    const { fake, run, deploy, directoryId } = world();
    const template = await deploy({ EndpointEncryptionMode: 'FIPS_VALIDATED' });

    const result = await run(updateEvent(directoryId, template, { ...template }));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.apiCalls.byOperation).toEqual({ CreateTags: 1, DescribeTags: 1, DescribeWorkspaceDirectories: 1 });
    expect(fake.registration(directoryId)?.EndpointEncryptionMode).toBe('FIPS_VALIDATED');
  });

  test('fails when the subnets change, saying why and what to do; nothing is changed', async () => {
    const { fake, run, deploy, directoryId } = world();
    const before = await deploy({ SubnetIds: ['subnet-0aa11bb22cc33dd44', 'subnet-0ee55ff66aa77bb88'] });

    const result = await run(updateEvent(directoryId, before, { ...before, SubnetIds: ['subnet-0aa11bb22cc33dd44', 'subnet-0123456789abcdef0'], EndpointEncryptionMode: 'FIPS_VALIDATED' }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toBe(
      `The subnets (from subnet-0aa11bb22cc33dd44, subnet-0ee55ff66aa77bb88 to subnet-0aa11bb22cc33dd44, subnet-0123456789abcdef0) of WorkSpaces directory ${directoryId} cannot change: ` +
      'WorkSpaces fixes them when a directory is registered, and has no API to change them afterwards. ' +
      'Changing them means deregistering and registering the directory again, which WorkSpaces refuses while any WorkSpace or pool uses the directory. ' +
      'Put the previous subnets (from subnet-0aa11bb22cc33dd44, subnet-0ee55ff66aa77bb88 to subnet-0aa11bb22cc33dd44, subnet-0123456789abcdef0) back in the template; ' +
      'to move the WorkSpaces to other subnets, register another directory (a new directoryId) there and migrate the WorkSpaces to it.',
    );
    expect(result.apiCalls.byOperation).toEqual({ DescribeTags: 1, DescribeWorkspaceDirectories: 1 });
    expect(fake.registration(directoryId)).toMatchObject({ SubnetIds: ['subnet-0aa11bb22cc33dd44', 'subnet-0ee55ff66aa77bb88'], EndpointEncryptionMode: 'STANDARD_TLS' });
  });

  test('fails when the tenancy changes', async () => {
    const { run, deploy, directoryId } = world();
    const before = await deploy({ Tenancy: 'SHARED' });

    const result = await run(updateEvent(directoryId, before, { ...before, Tenancy: 'DEDICATED' }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`The tenancy (from SHARED to DEDICATED) of WorkSpaces directory ${directoryId} cannot change`);
  });

  test('naming subnets the directory already has is no change (a rollback, or subnets written down after the fact)', async () => {
    const { run, deploy, directoryId } = world();
    const before = await deploy();

    const result = await run(updateEvent(directoryId, before, { ...before, SubnetIds: ['subnet-0ee55ff66aa77bb88', 'subnet-0aa11bb22cc33dd44'] }));

    expect(result.outcome).toBe('SUCCESS');
  });

  test('a new DirectoryId registers the new directory; CloudFormation then deregisters the old one', async () => {
    const { fake, run, deploy, directoryId } = world();
    const before = await deploy();
    const newDirectoryId = fake.seedDsDirectory();
    const after = { ...before, DirectoryId: newDirectoryId };

    const result = await run(updateEvent(directoryId, before, after));
    expect(result.outcome).toBe('SUCCESS');
    expect(result.physicalResourceId).toBe(newDirectoryId);
    expect(fake.registration(newDirectoryId)?.State).toBe('REGISTERED');

    const cleanup = await run(deleteEvent(directoryId, before));
    expect(cleanup.outcome).toBe('SUCCESS');
    expect(fake.isRegistered(directoryId)).toBe(false);
    expect(fake.isRegistered(newDirectoryId)).toBe(true);
  });

  test('the rollback of a replacement adopts the previous registration, which still exists', async () => {
    const { fake, run, deploy, directoryId } = world();
    const before = await deploy();
    const newDirectoryId = fake.seedDsDirectory();
    const after = { ...before, DirectoryId: newDirectoryId };
    expect((await run(updateEvent(directoryId, before, after))).outcome).toBe('SUCCESS');

    // Something else in the stack failed: CloudFormation updates back to the old properties.
    const rollback = await run(updateEvent(newDirectoryId, after, before));

    expect(rollback.outcome).toBe('SUCCESS');
    expect(rollback.physicalResourceId).toBe(directoryId);
    expect(calls(rollback, 'RegisterWorkspaceDirectory')).toBe(0);
    expect(loggedEvents(fake, 'adopted').at(-1)).toMatchObject({ directory: directoryId, reason: expect.stringContaining('replacement rolled back') });
  });

  test('fails when the directory was deregistered outside the stack', async () => {
    const { fake, run, deploy, directoryId } = world();
    const before = await deploy();
    fake.deregisterOutside(directoryId);

    const result = await run(updateEvent(directoryId, before, { ...before, EndpointEncryptionMode: 'FIPS_VALIDATED' }));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toContain(`WorkSpaces directory ${directoryId} is no longer registered with WorkSpaces: it was deregistered outside this stack.`);
  });
});

describe('delete', () => {
  test('deregisters the directory and waits until it is gone', async () => {
    const { fake, run, deploy, directoryId } = world();
    const template = await deploy();

    const result = await run(deleteEvent(directoryId, template));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.statesOf(directoryId)).toEqual(['REGISTERING', 'REGISTERED', 'DEREGISTERING', 'GONE']);
    expect(calls(result, 'DeregisterWorkspaceDirectory')).toBe(1);
    expect(result.virtualSeconds).toBe(120);
    expect(result.detectionLagSeconds).toBe(0);
  });

  test.each(['empty-list', 'deregistered', 'not-found'] as const)('a directory already deregistered (described as %s) is success at once', async describedAs => {
    const { fake, run, deploy, directoryId } = world({ unregisteredDescribedAs: describedAs });
    const template = await deploy();
    fake.deregisterOutside(directoryId);

    const result = await run(deleteEvent(directoryId, template));

    expect(result.outcome).toBe('SUCCESS');
    expect(result.isCompleteCalls).toBe(1);
    expect(calls(result, 'DeregisterWorkspaceDirectory')).toBe(0);
  });

  test.each(['InvalidResourceStateException', 'OperationInProgressException'] as const)(
    'a pool still on the directory (refused with %s): retries until the pool is gone, then deregisters', async refusal => {
      const { fake, run, deploy, directoryId } = world({ inUseRefusal: refusal });
      const template = await deploy();
      const poolId = fake.addPool(directoryId, 'call-centre');
      fake.after(600, () => fake.removePool(poolId));

      const result = await run(deleteEvent(directoryId, template));

      expect(result.outcome).toBe('SUCCESS');
      expect(fake.isRegistered(directoryId)).toBe(false);
      // Refused at 0, 30, ..., 570 s; accepted at 600 s; gone 120 s later.
      expect(calls(result, 'DeregisterWorkspaceDirectory')).toBe(21);
      expect(result.virtualSeconds).toBe(720);
      const refusals = loggedEvents(fake, 'waiting').filter(e => String(e.detail ?? '').startsWith('DeregisterWorkspaceDirectory'));
      expect(refusals).toHaveLength(20);
      expect(refusals[0]).toMatchObject({ state: 'REGISTERED', detail: expect.stringContaining(`${refusal}: The directory ${directoryId} cannot be deregistered`) });
    });

  test('fails at the timeout naming the pool and the WorkSpaces that still use the directory', async () => {
    const { fake, run, deploy, directoryId } = world({ workspacePageSize: 3 });
    const template = await deploy({ TimeoutSeconds: 600 });
    const poolId = fake.addPool(directoryId, 'call-centre');
    fake.addPool(fake.seedDsDirectory(), 'elsewhere');
    const workspaceIds = fake.addWorkspaces(directoryId, 7).sort();

    const result = await run(deleteEvent(directoryId, template));

    expect(result.outcome).toBe('FAILED');
    expect(result.error).toBe(
      `WorkSpaces directory ${directoryId} could not be deregistered within the timeout of 10 min: the service kept answering ` +
      `InvalidResourceStateException: The directory ${directoryId} cannot be deregistered because it is in use by WorkSpaces or WorkSpaces pools. ` +
      `It is still used by 7 WorkSpaces (${workspaceIds.slice(0, 5).join(', ')}, ...) and 1 WorkSpaces pool ('call-centre' (${poolId})). ` +
      'WorkSpaces deregisters a directory only when no WorkSpace or pool uses it: terminate those WorkSpaces and pools (or move them to another directory), then retry the stack operation. ' +
      'To leave the directory registered instead, retain this resource when CloudFormation offers it after the failed deletion, or set removalPolicy: RemovalPolicy.RETAIN on the WorkspaceDirectory and deploy before deleting.',
    );
    expect(fake.registration(directoryId)?.State).toBe('REGISTERED');
  });

  test('leaves alone a registration this stack resource did not make', async () => {
    const { fake, run, directoryId } = world();
    fake.seedRegistration(directoryId, { tags: { owner: 'it-team' } });

    const result = await run(deleteEvent(directoryId, { DirectoryId: directoryId }));

    expect(result.outcome).toBe('SUCCESS');
    expect(calls(result, 'DeregisterWorkspaceDirectory')).toBe(0);
    expect(fake.registration(directoryId)?.State).toBe('REGISTERED');
    expect(loggedEvents(fake, 'left-registered')).toHaveLength(1);
  });

  test('a Delete during REGISTERING waits for the registration to settle, then deregisters', async () => {
    const { fake, run, directoryId } = world();
    // The registration is under way when the stack is rolled back (same stack, same logical id).
    await fake.newHandler().onEvent(createEvent({ DirectoryId: directoryId }));
    fake.advance(60);

    const result = await run(deleteEvent(directoryId, { DirectoryId: directoryId }));

    expect(result.outcome).toBe('SUCCESS');
    expect(fake.statesOf(directoryId)).toEqual(['REGISTERING', 'REGISTERED', 'DEREGISTERING', 'GONE']);
  });
});
