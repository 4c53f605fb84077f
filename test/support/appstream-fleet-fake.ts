/**
 * A stateful fake of WorkSpaces Applications fleets as DescribeFleets shows
 * them (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_DescribeFleets.html),
 * on a virtual clock, plugged into a real AppStream client through
 * aws-sdk-client-mock, with the SDK retry simulation of ./simulated-service.
 * Operations run through the readiness handler with `runOperation` from
 * ./provider-driver.
 *
 * A fleet CloudFormation just started is STARTING for `startingSeconds`, then
 * RUNNING, its ComputeCapacityStatus.Running rising by one instance every
 * `instanceSeconds` up to Desired; an ELASTIC fleet's Running stays 0 (the
 * service provides its instances as users connect, and what DescribeFleets
 * shows as its ComputeCapacityStatus is not documented: the fake reports
 * figures an ALWAYS_ON wait would never accept, so that the tests show the
 * wait does not read them). Seeded FleetErrors appear at their time and
 * hold Running where it is (a subnet out of addresses). A person or a
 * schedule stops (STOPPING, then STOPPED) or starts a fleet, or changes its
 * desired capacity (auto scaling), with the methods of the same names. The
 * fake answers DescribeFleets only: any other command (StartFleet,
 * StopFleet, UpdateFleet…) fails the test, which is how the tests show that
 * the waiter never acts on a fleet. CloudFormation's DescribeStacks answers
 * `stackStatus` (a rollback, as a test sets it).
 *
 * No jest globals here.
 */
import {
  AppStreamClient,
  DescribeFleetsCommand,
  ResourceNotFoundException,
  type DescribeFleetsRequest,
  type Fleet,
  type FleetError,
  type FleetState,
} from '@aws-sdk/client-appstream';
import { CloudFormationClient, DescribeStacksCommand, type DescribeStacksInput } from '@aws-sdk/client-cloudformation';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { requestBuilders, SERVICE_TOKEN } from './provider-driver';
import { SimulatedService, type SimulatedServiceOptions } from './simulated-service';
import { FleetReadinessHandler } from '../../lambda/applications/fleet-readiness';
import { PROPERTY } from '../../lambda/applications/fleet-spec';
import type { ResourceProperties } from '../../lambda/shared/types';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/apps/5b9a8c40-0000-11f0-0000-0a1b2c3d4e5f';

export type FakeFleetType = 'ALWAYS_ON' | 'ON_DEMAND' | 'ELASTIC';

export interface FleetSeed {
  readonly fleetType?: FakeFleetType;
  readonly desired?: number;
  /** Virtual seconds in STARTING before RUNNING. Default 300. */
  readonly startingSeconds?: number;
  /** Virtual seconds per instance once RUNNING. Default 120. */
  readonly instanceSeconds?: number;
  /** Virtual seconds STOPPING takes. Default 60. */
  readonly stoppingSeconds?: number;
  /** FleetErrors that appear this many seconds after the seed; Running then stays at most `runningCap`. */
  readonly errors?: { readonly afterSeconds: number; readonly errors: readonly FleetError[]; readonly runningCap?: number };
  /** The fleet is STOPPED when seeded (not started by CloudFormation). */
  readonly stopped?: boolean;
}

export interface FleetFakeOptions extends SimulatedServiceOptions {
  /** How DescribeFleets answers a name that does not exist. Default not-found. */
  readonly missingFleet?: 'not-found' | 'empty-list';
}

interface FakeFleet {
  readonly name: string;
  readonly type: FakeFleetType;
  readonly seededAt: number;
  readonly startingMs: number;
  readonly instanceMs: number;
  readonly stoppingMs: number;
  readonly errors?: FleetSeed['errors'];
  desired: number;
  state: FleetState;
  /** When the current state began. */
  stateAt: number;
  running: number;
  /** The time the next instance's start is counted from. */
  runningAt: number;
  lastChangeAt: number;
  readonly states: FleetState[];
}

export class AppStreamFleetFake extends SimulatedService {
  public readonly appStream: AppStreamClient;
  public readonly cloudFormation: CloudFormationClient;
  /** The handler's stack's status, as DescribeStacks answers it; a test moves it as CloudFormation would (a rollback). */
  public stackStatus = 'UPDATE_IN_PROGRESS';
  private readonly mock: AwsClientStub<AppStreamClient>;
  private readonly cfnMock: AwsClientStub<CloudFormationClient>;
  private readonly fleets = new Map<string, FakeFleet>();

  constructor(private readonly options: FleetFakeOptions = {}) {
    super(options);
    this.appStream = new AppStreamClient({ region: REGION });
    this.mock = mockClient(this.appStream);
    this.mock.onAnyCommand().callsFake(() => {
      throw new Error('AppStreamFleetFake: this command is not part of the fake (the readiness waiter only reads fleets)');
    });
    this.mock.on(DescribeFleetsCommand).callsFake((input: DescribeFleetsRequest) => this.call('DescribeFleets', input, () => this.describeFleets(input.Names ?? [])));
    this.cloudFormation = new CloudFormationClient({ region: REGION });
    this.cfnMock = mockClient(this.cloudFormation);
    this.cfnMock.onAnyCommand().callsFake(() => {
      throw new Error('AppStreamFleetFake: this command is not part of the fake CloudFormation API');
    });
    this.cfnMock.on(DescribeStacksCommand).callsFake((input: DescribeStacksInput) => this.call('DescribeStacks', input, () => ({
      Stacks: [{ StackId: input.StackName, StackName: 'apps', StackStatus: this.stackStatus, CreationTime: new Date(this.startTime) }],
    })));
  }

  public restore(): void {
    this.mock.restore();
    this.cfnMock.restore();
  }

  public newHandler(): FleetReadinessHandler {
    return new FleetReadinessHandler({ appStream: this.appStream, cloudFormation: this.cloudFormation }, this.handlerOptions());
  }

  /** A fleet CloudFormation has just created and started (or, with `stopped`, one left STOPPED). */
  public seedFleet(name: string, seed: FleetSeed = {}): void {
    const state: FleetState = seed.stopped ? 'STOPPED' : 'STARTING';
    this.fleets.set(name, {
      name,
      type: seed.fleetType ?? 'ALWAYS_ON',
      seededAt: this.clock,
      startingMs: (seed.startingSeconds ?? 300) * 1000,
      instanceMs: (seed.instanceSeconds ?? 120) * 1000,
      stoppingMs: (seed.stoppingSeconds ?? 60) * 1000,
      errors: seed.errors,
      desired: seed.desired ?? 2,
      state,
      stateAt: this.clock,
      running: 0,
      runningAt: this.clock,
      lastChangeAt: this.clock,
      states: [state],
    });
  }

  /** A stop schedule or a person: STOPPING, then STOPPED. */
  public stopFleet(name: string): void {
    const fleet = this.settled(name);
    this.setState(fleet, 'STOPPING', this.clock);
  }

  /** A start schedule or a person: STARTING again. */
  public startFleet(name: string): void {
    const fleet = this.settled(name);
    this.setState(fleet, 'STARTING', this.clock);
  }

  /** Auto scaling, or an UpdateFleet of the capacity. */
  public setDesired(name: string, desired: number): void {
    const fleet = this.settled(name);
    fleet.desired = desired;
    fleet.running = Math.min(fleet.running, desired);
    fleet.runningAt = this.clock;
  }

  /** Deleted outside CloudFormation. */
  public deleteFleet(name: string): void {
    this.fleets.delete(name);
  }

  /** The fleet as DescribeFleets shows it now. */
  public fleet(name: string): Fleet | undefined {
    const fleet = this.fleets.has(name) ? this.settled(name) : undefined;
    return fleet && this.view(fleet);
  }

  public statesOf(name: string): FleetState[] {
    return [...(this.fleets.get(name)?.states ?? [])];
  }

  public lastChangeAt(physicalResourceId: string): number | undefined {
    return this.fleets.has(physicalResourceId) ? this.settled(physicalResourceId).lastChangeAt : undefined;
  }

  protected advanceTo(at: number): void {
    // Fleets are settled when read; what `after` scheduled (a person, a schedule) happens on the way.
    this.advanceThrough(at, () => undefined);
  }

  private setState(fleet: FakeFleet, state: FleetState, at: number): void {
    fleet.state = state;
    fleet.stateAt = at;
    fleet.states.push(state);
    fleet.lastChangeAt = at;
    if (state !== 'RUNNING') fleet.running = 0;
    fleet.runningAt = at;
  }

  /** Brings a fleet's state and capacity up to the clock. */
  private settled(name: string): FakeFleet {
    const fleet = this.fleets.get(name)!;
    const now = this.clock;
    if (fleet.state === 'STARTING' && now >= fleet.stateAt + fleet.startingMs) {
      this.setState(fleet, 'RUNNING', fleet.stateAt + fleet.startingMs);
    }
    if (fleet.state === 'STOPPING' && now >= fleet.stateAt + fleet.stoppingMs) {
      this.setState(fleet, 'STOPPED', fleet.stateAt + fleet.stoppingMs);
    }
    if (fleet.state === 'RUNNING' && fleet.type !== 'ELASTIC') {
      const cap = this.erring(fleet) ? (fleet.errors!.runningCap ?? fleet.running) : Infinity;
      const target = Math.min(fleet.desired, cap);
      const started = Math.floor((now - fleet.runningAt) / fleet.instanceMs);
      if (fleet.running < target && started > 0) {
        const added = Math.min(started, target - fleet.running);
        fleet.running += added;
        fleet.runningAt += added * fleet.instanceMs;
        fleet.lastChangeAt = fleet.runningAt;
      }
      if (fleet.running >= target) fleet.runningAt = now;
    }
    return fleet;
  }

  private erring(fleet: FakeFleet): boolean {
    return fleet.errors !== undefined && this.clock >= fleet.seededAt + fleet.errors.afterSeconds * 1000;
  }

  private view(fleet: FakeFleet): Fleet {
    const errors = this.erring(fleet) ? fleet.errors!.errors.map(e => ({ ...e })) : [];
    return {
      Name: fleet.name,
      Arn: `arn:aws:appstream:${REGION}:${ACCOUNT}:fleet/${fleet.name}`,
      FleetType: fleet.type,
      InstanceType: 'stream.standard.medium',
      State: fleet.state,
      ComputeCapacityStatus: {
        Desired: fleet.desired,
        Running: fleet.running,
        InUse: 0,
        Available: fleet.running,
      },
      ...(errors.length > 0 ? { FleetErrors: errors } : {}),
      CreatedTime: new Date(fleet.seededAt),
    };
  }

  private describeFleets(names: readonly string[]) {
    const found = names.filter(n => this.fleets.has(n)).map(n => this.view(this.settled(n)));
    if (found.length < names.length && (this.options.missingFleet ?? 'not-found') === 'not-found') {
      throw new ResourceNotFoundException({ message: `The fleet ${names.find(n => !this.fleets.has(n))} does not exist.`, $metadata: this.metadata(400) });
    }
    return { Fleets: found };
  }
}

/** The template of a readiness resource, as the tests write it. */
export interface FleetReadinessTemplate {
  readonly fleetName: string;
  readonly fleetType?: FakeFleetType;
  readonly imageArn?: string;
  readonly desiredInstances?: number;
  readonly desiredSessions?: number;
  readonly timeoutSeconds?: number;
  /** false: the fleet is created stopped (no CreationPolicy StartFleet). Absent: the property is not written. */
  readonly startOnCreate?: boolean;
}

export function readinessProperties(template: FleetReadinessTemplate): ResourceProperties {
  const fleetType = template.fleetType ?? 'ALWAYS_ON';
  const props: Record<string, unknown> = {
    ServiceToken: SERVICE_TOKEN,
    [PROPERTY.fleetName]: template.fleetName,
    [PROPERTY.fleetType]: fleetType,
    [PROPERTY.timeoutSeconds]: String(template.timeoutSeconds ?? 1800),
  };
  // An Elastic fleet has neither image nor capacity (ApplicationsFleet writes neither).
  if (fleetType !== 'ELASTIC') {
    props[PROPERTY.imageArn] = template.imageArn ?? `arn:aws:appstream:${REGION}:${ACCOUNT}:image/call-centre`;
    if (template.desiredSessions !== undefined) props[PROPERTY.desiredSessions] = String(template.desiredSessions);
    else props[PROPERTY.desiredInstances] = String(template.desiredInstances ?? 2);
  }
  if (template.startOnCreate !== undefined) props[PROPERTY.startOnCreate] = String(template.startOnCreate);
  return props as ResourceProperties;
}

export const { createEvent, updateEvent, deleteEvent } = requestBuilders<FleetReadinessTemplate>({
  stackId: STACK_ID,
  resourceType: 'Custom::ApplicationsFleetReadiness',
  logicalResourceId: 'FleetReadiness',
  properties: readinessProperties,
});
