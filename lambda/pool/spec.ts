/**
 * The pool as the template describes it (the custom resource's properties),
 * parsed from what CloudFormation passes: every scalar arrives as a string.
 * The property names are the contract with lib/pool/workspaces-pool.ts.
 */
import { DRAIN_SECONDS, PropertyReader, TIMEOUT_SECONDS, type TagValue } from '../shared/properties';
import type { ResourceProperties } from '../shared/types';

export type RunningMode = 'AUTO_STOP' | 'ALWAYS_ON';
export type TargetState = 'RUNNING' | 'STOPPED';

export type PoolTag = TagValue;

export interface PoolSpec {
  readonly poolName: string;
  readonly description: string;
  readonly bundleId: string;
  readonly directoryId: string;
  readonly desiredUserSessions: number;
  readonly runningMode: RunningMode;
  readonly desiredState: TargetState;
  readonly disconnectTimeoutInSeconds?: number;
  readonly idleDisconnectTimeoutInSeconds?: number;
  readonly maxUserDurationInSeconds?: number;
  /** ENABLED or DISABLED; absent when the template leaves application settings to the service. */
  readonly applicationSettingsStatus?: 'ENABLED' | 'DISABLED';
  readonly applicationSettingsGroup?: string;
  readonly tags: readonly PoolTag[];
  /** Seconds to wait for sessions to end before a stop or terminate; absent: do not wait. */
  readonly drainTimeoutSeconds?: number;
  /** Seconds one operation may take before it fails. */
  readonly timeoutSeconds: number;
}

/** Properties of the custom resource, as lib/pool/workspaces-pool.ts writes them. */
export const PROPERTY = {
  poolName: 'PoolName',
  description: 'Description',
  bundleId: 'BundleId',
  directoryId: 'DirectoryId',
  desiredUserSessions: 'DesiredUserSessions',
  runningMode: 'RunningMode',
  desiredState: 'DesiredState',
  disconnectTimeoutInSeconds: 'DisconnectTimeoutInSeconds',
  idleDisconnectTimeoutInSeconds: 'IdleDisconnectTimeoutInSeconds',
  maxUserDurationInSeconds: 'MaxUserDurationInSeconds',
  applicationSettingsStatus: 'ApplicationSettingsStatus',
  applicationSettingsGroup: 'ApplicationSettingsGroup',
  tags: 'Tags',
  drainTimeoutSeconds: 'DrainTimeoutSeconds',
  timeoutSeconds: 'TimeoutSeconds',
} as const;

/** The default operation timeout when the template sets none (the construct always sets one). */
export const DEFAULT_TIMEOUT_SECONDS = 3300;

/*
 * The API's bounds (TimeoutSettings, https://docs.aws.amazon.com/workspaces/latest/api/API_TimeoutSettings.html);
 * DesiredUserSessions is an Integer from 0 (https://docs.aws.amazon.com/workspaces/latest/api/API_Capacity.html).
 */
const DISCONNECT_SECONDS = { min: 60, max: 36000 };
const IDLE_DISCONNECT_SECONDS = { min: 0, max: 36000 };
const MAX_USER_DURATION_SECONDS = { min: 600, max: 432000 };

const read = new PropertyReader('Custom::WorkspacesPool', 'WorkspacesPool');

export function parseSpec(properties: ResourceProperties): PoolSpec {
  const p = properties as Readonly<Record<string, unknown>>;
  return {
    poolName: read.requiredString(p, PROPERTY.poolName),
    description: read.requiredString(p, PROPERTY.description),
    bundleId: read.requiredString(p, PROPERTY.bundleId),
    directoryId: read.requiredString(p, PROPERTY.directoryId),
    desiredUserSessions: read.requiredInteger(p, PROPERTY.desiredUserSessions),
    runningMode: read.oneOf(p, PROPERTY.runningMode, ['AUTO_STOP', 'ALWAYS_ON'] as const) ?? 'AUTO_STOP',
    desiredState: read.oneOf(p, PROPERTY.desiredState, ['RUNNING', 'STOPPED'] as const) ?? 'RUNNING',
    disconnectTimeoutInSeconds: read.optionalInteger(p, PROPERTY.disconnectTimeoutInSeconds, undefined, DISCONNECT_SECONDS),
    idleDisconnectTimeoutInSeconds: read.optionalInteger(p, PROPERTY.idleDisconnectTimeoutInSeconds, undefined, IDLE_DISCONNECT_SECONDS),
    maxUserDurationInSeconds: read.optionalInteger(p, PROPERTY.maxUserDurationInSeconds, undefined, MAX_USER_DURATION_SECONDS),
    applicationSettingsStatus: read.oneOf(p, PROPERTY.applicationSettingsStatus, ['ENABLED', 'DISABLED'] as const),
    applicationSettingsGroup: read.optionalString(p, PROPERTY.applicationSettingsGroup),
    tags: read.tags(p, PROPERTY.tags),
    drainTimeoutSeconds: read.optionalInteger(p, PROPERTY.drainTimeoutSeconds, undefined, DRAIN_SECONDS),
    timeoutSeconds: read.optionalInteger(p, PROPERTY.timeoutSeconds, undefined, TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS,
  };
}

/** The timeout settings of a create or update request; undefined when the template sets none. */
export function timeoutSettings(spec: PoolSpec) {
  const { disconnectTimeoutInSeconds, idleDisconnectTimeoutInSeconds, maxUserDurationInSeconds } = spec;
  if (disconnectTimeoutInSeconds === undefined && idleDisconnectTimeoutInSeconds === undefined && maxUserDurationInSeconds === undefined) {
    return undefined;
  }
  return {
    DisconnectTimeoutInSeconds: spec.disconnectTimeoutInSeconds,
    IdleDisconnectTimeoutInSeconds: spec.idleDisconnectTimeoutInSeconds,
    MaxUserDurationInSeconds: spec.maxUserDurationInSeconds,
  };
}

/** The application settings of a create or update request; undefined when the template sets none. */
export function applicationSettings(spec: PoolSpec) {
  if (spec.applicationSettingsStatus === undefined) {
    return undefined;
  }
  return { Status: spec.applicationSettingsStatus, SettingsGroup: spec.applicationSettingsGroup };
}
