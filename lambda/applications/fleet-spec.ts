/**
 * Custom::ApplicationsFleetReadiness as the template describes it (the custom
 * resource's properties), parsed from what CloudFormation passes (every
 * scalar a string). The property names are the contract with
 * lib/applications/fleet-readiness.ts, which writes them.
 */
import { PropertyReader, TIMEOUT_SECONDS, type Props } from '../shared/properties';
import type { ResourceProperties } from '../shared/types';

export const FLEET_READINESS_RESOURCE_TYPE = 'Custom::ApplicationsFleetReadiness';

/**
 * The fleet types the waiter knows: CreateFleet's FleetType values
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateFleet.html).
 * An ALWAYS_ON fleet is ready when its desired instances run; an ON_DEMAND or
 * ELASTIC fleet once it is RUNNING (an Elastic fleet has no desired capacity:
 * the service provides its instances as users connect).
 */
export type FleetTypeSpec = 'ALWAYS_ON' | 'ON_DEMAND' | 'ELASTIC';
const FLEET_TYPES: readonly FleetTypeSpec[] = ['ALWAYS_ON', 'ON_DEMAND', 'ELASTIC'];

export interface FleetReadinessSpec {
  readonly fleetName: string;
  readonly fleetType: FleetTypeSpec;
  /**
   * The fleet's image: read only so that a change of it makes CloudFormation
   * send an Update, and the deploy waits for the fleet again. None for an
   * Elastic fleet.
   */
  readonly imageArn?: string;
  /** The desired instances of a single-session fleet, as the template asks (the wait reads the fleet's own figures); none for an Elastic fleet. */
  readonly desiredInstances?: number;
  /** The desired sessions of a multi-session fleet, as the template asks. */
  readonly desiredSessions?: number;
  /**
   * Whether CloudFormation starts the fleet when it creates it (its
   * CreationPolicy StartFleet): false for a fleet created stopped
   * (`startOnCreate: false`, a successor of a STOPPED pool), whose Create
   * then ends the wait when the fleet is stopped.
   */
  readonly startOnCreate: boolean;
  /** Seconds the wait may last before it fails. */
  readonly timeoutSeconds: number;
}

/** Properties of the custom resource, as lib/applications/fleet-readiness.ts writes them. */
export const PROPERTY = {
  fleetName: 'FleetName',
  fleetType: 'FleetType',
  imageArn: 'ImageArn',
  desiredInstances: 'DesiredInstances',
  desiredSessions: 'DesiredSessions',
  startOnCreate: 'StartOnCreate',
  timeoutSeconds: 'TimeoutSeconds',
} as const;

/** The wait when the template sets none (the construct always sets one): 30 minutes. */
export const DEFAULT_TIMEOUT_SECONDS = 1800;

/** CreateFleet's Name: 1-101 letters, digits, `_ . -`, starting with a letter or digit (lib/applications/fleet-validation.ts). */
const FLEET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;

const read = new PropertyReader(FLEET_READINESS_RESOURCE_TYPE, 'ApplicationsFleet');

export function parseSpec(properties: ResourceProperties): FleetReadinessSpec {
  const p = properties as Props;
  return {
    fleetName: read.requiredMatch(p, PROPERTY.fleetName, FLEET_NAME, 'a fleet name (1-101 letters, digits, _ . -, starting with a letter or digit)'),
    fleetType: read.requiredOneOf(p, PROPERTY.fleetType, FLEET_TYPES),
    imageArn: read.optionalString(p, PROPERTY.imageArn),
    desiredInstances: read.optionalInteger(p, PROPERTY.desiredInstances),
    desiredSessions: read.optionalInteger(p, PROPERTY.desiredSessions),
    startOnCreate: read.optionalBoolean(p, PROPERTY.startOnCreate) ?? true,
    timeoutSeconds: read.optionalInteger(p, PROPERTY.timeoutSeconds, undefined, TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS,
  };
}
