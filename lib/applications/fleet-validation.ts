import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from '../private/errors';

/*
 * Synth-time checks of WorkSpaces Applications fleet props, one function per
 * rule; each skips unresolved tokens and names the construct, the prop, the
 * rule and the value. The limits are the API reference's, CreateFleet
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateFleet.html)
 * and ComputeCapacity
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_ComputeCapacity.html):
 * where the CloudFormation registry schema of AWS::AppStream::Fleet is looser
 * (it allows DisconnectTimeoutInSeconds up to 432000), the API wins.
 */

/** Fleet and stack names: CreateFleet `Name` / CreateStack `Name`. */
export const FLEET_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;
/** `stream.<family>[.<generation>].<size>`, e.g. stream.standard.medium, stream.graphics.g4dn.xlarge. */
export const INSTANCE_TYPE = /^stream\.[a-z0-9-]+(\.[a-z0-9-]+)+$/;

export function validateFleetName(scope: IConstruct, prop: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  if (!FLEET_NAME.test(name)) {
    throw validationError(scope, `\`${prop}\` must be 1-101 letters, digits, '_', '.' and '-', starting with a letter or digit (${FLEET_NAME.source}), got '${name}'`);
  }
}

export function validateInstanceType(scope: IConstruct, instanceType: string): void {
  if (Token.isUnresolved(instanceType)) return;
  if (!INSTANCE_TYPE.test(instanceType)) {
    throw validationError(scope, `\`instanceType\` must be a WorkSpaces Applications instance type such as 'stream.standard.medium' (${INSTANCE_TYPE.source}), got '${instanceType}'`);
  }
}

/** A whole number of `min` or more, or absent. */
export function validateWholeNumber(scope: IConstruct, prop: string, value: number | undefined, min: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min) {
    throw validationError(scope, `\`${prop}\` must be a whole number of ${min} or more, got ${value}`);
  }
}

/**
 * ComputeCapacity: exactly one of DesiredInstances (single-session) and
 * DesiredSessions (multi-session, which needs MaxSessionsPerInstance).
 */
export function validateCapacityShape(
  scope: IConstruct, desiredInstances: number | undefined, desiredSessions: number | undefined, maxSessionsPerInstance: number | undefined,
): void {
  if (desiredInstances !== undefined && desiredSessions !== undefined) {
    throw validationError(scope, `\`desiredInstances\` and \`desiredSessions\` are exclusive (single-session or multi-session fleet), got desiredInstances ${desiredInstances} and desiredSessions ${desiredSessions}`);
  }
  if (desiredSessions !== undefined && maxSessionsPerInstance === undefined) {
    throw validationError(scope, `\`desiredSessions\` needs \`maxSessionsPerInstance\` (a multi-session fleet), got desiredSessions ${desiredSessions} and no maxSessionsPerInstance`);
  }
  if (maxSessionsPerInstance !== undefined && desiredSessions === undefined) {
    throw validationError(scope, `\`maxSessionsPerInstance\` needs \`desiredSessions\` (a multi-session fleet's capacity is counted in sessions), got maxSessionsPerInstance ${maxSessionsPerInstance} and no desiredSessions`);
  }
}

/** IdleDisconnectTimeoutInSeconds: 0 (off) or 60-36000 (CreateFleet); the 0-36000 range is checked with the other timeouts. */
export function validateIdleDisconnect(scope: IConstruct, seconds: number | undefined): void {
  if (seconds === undefined || Token.isUnresolved(seconds)) return;
  if (seconds !== 0 && (seconds < 60 || seconds > 36000)) {
    throw validationError(scope, `\`idleDisconnectTimeout\` must be 0 (off) or between 60 and 36000 seconds, got ${seconds}`);
  }
}
