/**
 * The failure messages of the fleet readiness waiter: which fleet, what the
 * fleet shows (its state, its capacity, and every FleetErrors entry
 * verbatim: https://docs.aws.amazon.com/appstream2/latest/APIReference/API_FleetError.html),
 * and what to do.
 */
import type { Fleet, FleetError } from '@aws-sdk/client-appstream';
import { formatSeconds, said } from '../shared/resource';

/** The service role WorkSpaces Applications needs for fleets in a VPC. */
export const SERVICE_ROLE_URL = 'https://docs.aws.amazon.com/appstream2/latest/developerguide/controlling-access.html';
const DIRECTORY_CONFIG_URL = 'https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateDirectoryConfig.html';

/** What to do about one family of FleetErrors codes, chosen by the code. */
interface Advice {
  readonly applies: (code: string) => boolean;
  readonly what: string;
}

const ADVICE: readonly Advice[] = [
  {
    applies: code => code === 'SUBNET_HAS_INSUFFICIENT_IP_ADDRESSES',
    what: 'each instance takes an IP address in the fleet\'s subnets: give the fleet larger subnets or more subnets (`vpcSubnets`), or fewer instances',
  },
  {
    applies: code => code === 'NETWORK_INTERFACE_LIMIT_EXCEEDED',
    what: 'each instance takes a network interface: raise the account\'s EC2 network interfaces quota in Service Quotas, or run fewer instances',
  },
  {
    applies: code => ['SUBNET_NOT_FOUND', 'INVALID_SUBNET_CONFIGURATION', 'SECURITY_GROUPS_NOT_FOUND', 'IGW_NOT_ATTACHED'].includes(code),
    what: 'check the fleet\'s `vpc`, `vpcSubnets` and `securityGroups`: they must exist in this Region, and `enableDefaultInternetAccess` needs public subnets of a VPC with an internet gateway',
  },
  {
    applies: code => code.startsWith('IAM_SERVICE_ROLE_'),
    what: `the account needs the service role AmazonAppStreamServiceAccess, with the AmazonAppStreamServiceAccess managed policy, trusted by appstream.amazonaws.com (${SERVICE_ROLE_URL}); ` +
      'the console makes it when you create a first fleet there',
  },
  {
    applies: code => code === 'MACHINE_ROLE_IS_MISSING',
    what: 'the fleet\'s `role` must exist and be trusted by appstream.amazonaws.com',
  },
  {
    applies: code => code.startsWith('DOMAIN_JOIN_'),
    what: 'check the directory config of the fleet\'s `domainJoin.directoryName` (its service account and password, and that the instances\' subnets reach the domain controllers) ' +
      `and the organizational unit (\`domainJoin.organizationalUnitDistinguishedName\`, which the service account may add computers to) (${DIRECTORY_CONFIG_URL})`,
  },
  {
    applies: code => code === 'IMAGE_NOT_FOUND',
    what: 'the fleet\'s `image` must exist in this account and Region, AVAILABLE, and be shared with the account if another owns it',
  },
  {
    applies: code => code === 'STS_DISABLED_IN_REGION',
    what: 'activate AWS STS for this Region in the IAM console (account settings)',
  },
  {
    applies: code => ['FLEET_INSTANCE_PROVISIONING_FAILURE', 'INTERNAL_SERVICE_ERROR'].includes(code),
    what: 'the service could not provision instances (the instance type may lack capacity in these Availability Zones): deploy again later, or try another instance type or more subnets; ' +
      'if it persists, contact AWS Support with the fleet name',
  },
];

const OTHERWISE = 'fix what the error messages name in the fleet\'s settings, then deploy again';

/** `CODE: message` for each entry, verbatim. */
export function describeFleetErrors(errors: readonly FleetError[]): string {
  return errors.map(e => `${e.ErrorCode ?? 'UNKNOWN'}: ${e.ErrorMessage ?? 'no message'}`).join('; ');
}

/** What to do, once per family of the codes present. */
export function fleetErrorAdvice(errors: readonly FleetError[]): string {
  const seen = new Set<string>();
  for (const error of errors) {
    const advice = ADVICE.find(a => a.applies(error.ErrorCode ?? ''));
    seen.add(advice ? advice.what : OTHERWISE);
  }
  return [...seen].join('; ');
}

/**
 * The fleet's state and capacity: `RUNNING, 2 of 4 instances running (1 in use, 1 available)`;
 * an Elastic fleet's state alone (the service provides its instances: it has no desired capacity).
 */
export function describeFleet(fleet: Fleet): string {
  if (fleet.FleetType === 'ELASTIC') {
    return `${fleet.State ?? 'in no state'} (an Elastic fleet: the service provides its instances)`;
  }
  const c = fleet.ComputeCapacityStatus;
  const capacity = c
    ? `, ${c.Running ?? 0} of ${c.Desired ?? 0} instance(s) running (${c.InUse ?? 0} in use, ${c.Available ?? 0} available)`
    : ', no capacity reported';
  return `${fleet.State ?? 'in no state'}${capacity}`;
}

export function fleetFailed(fleetName: string, fleet: Fleet, errors: readonly FleetError[]): string {
  // An Elastic fleet has no capacity to reach (the service provides its instances).
  const head = fleet.FleetType === 'ELASTIC'
    ? `WorkSpaces Applications fleet '${fleetName}' cannot run: it is ${describeFleet(fleet)}`
    : `WorkSpaces Applications fleet '${fleetName}' cannot reach its capacity: it is ${describeFleet(fleet)}`;
  return `${head}, with fleet errors ${describeFleetErrors(errors)}. ` +
    `What to do: ${fleetErrorAdvice(errors)}. The fleet was left as it is (the deploy never starts, stops or changes it).`;
}

export function fleetMissing(fleetName: string): string {
  return `WorkSpaces Applications fleet '${fleetName}' does not exist: it was deleted outside CloudFormation, or never made. ` +
    'Remove the ApplicationsFleet from the stack and deploy, then add it again to make a new fleet.';
}

export function describeRefused(fleetName: string, error: unknown): string {
  return `Reading WorkSpaces Applications fleet '${fleetName}' failed: ${said(error)}. ` +
    'Check the provider role\'s appstream:DescribeFleets permission, then deploy again.';
}

/**
 * The deadline passed: the last state and capacity seen (or the failure of
 * the last read), what the fleet was waited for, and the prop that sets the wait.
 */
export function notReadyInTime(
  fleetName: string, timeoutSeconds: number, target: string, lastSeen: Fleet | undefined, describeFailure?: unknown,
): string {
  const seen = describeFailure !== undefined
    ? `the fleet could not be read at the deadline (${said(describeFailure)})`
    : lastSeen ? `it is ${describeFleet(lastSeen)}` : 'it was not found';
  const stopped = lastSeen !== undefined && (lastSeen.State === 'STOPPED' || lastSeen.State === 'STOPPING');
  const what = stopped
    ? 'Something stopped the fleet that CloudFormation had just started (a stop schedule, a person, or a script): ' +
      `start it (\`aws appstream start-fleet --name ${fleetName}\`) and deploy again, or find what stops it.`
    : 'Instances can take a long time to start: check the fleet in the WorkSpaces Applications console, then deploy again, or raise `readinessTimeout` of the ApplicationsFleet.';
  return `WorkSpaces Applications fleet '${fleetName}' was not ${target} within the readinessTimeout of ${formatSeconds(timeoutSeconds)}: ${seen}. ${what}`;
}
