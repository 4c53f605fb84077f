/**
 * The pool as the template describes it (the custom resource's properties),
 * parsed from what CloudFormation passes: every scalar arrives as a string.
 * The property names are the contract with lib/workspaces-pool.ts.
 */
import type { ResourceProperties } from '../shared/types';

export type RunningMode = 'AUTO_STOP' | 'ALWAYS_ON';
export type TargetState = 'RUNNING' | 'STOPPED';

export interface PoolTag {
  readonly Key: string;
  readonly Value: string;
}

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

/** Properties of the custom resource, as lib/workspaces-pool.ts writes them. */
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

export function parseSpec(properties: ResourceProperties): PoolSpec {
  const p = properties as Readonly<Record<string, unknown>>;
  return {
    poolName: requiredString(p, PROPERTY.poolName),
    description: requiredString(p, PROPERTY.description),
    bundleId: requiredString(p, PROPERTY.bundleId),
    directoryId: requiredString(p, PROPERTY.directoryId),
    desiredUserSessions: requiredInteger(p, PROPERTY.desiredUserSessions),
    runningMode: oneOf(p, PROPERTY.runningMode, ['AUTO_STOP', 'ALWAYS_ON'] as const) ?? 'AUTO_STOP',
    desiredState: oneOf(p, PROPERTY.desiredState, ['RUNNING', 'STOPPED'] as const) ?? 'RUNNING',
    disconnectTimeoutInSeconds: optionalInteger(p, PROPERTY.disconnectTimeoutInSeconds),
    idleDisconnectTimeoutInSeconds: optionalInteger(p, PROPERTY.idleDisconnectTimeoutInSeconds),
    maxUserDurationInSeconds: optionalInteger(p, PROPERTY.maxUserDurationInSeconds),
    applicationSettingsStatus: oneOf(p, PROPERTY.applicationSettingsStatus, ['ENABLED', 'DISABLED'] as const),
    applicationSettingsGroup: optionalString(p, PROPERTY.applicationSettingsGroup),
    tags: parseTags(p[PROPERTY.tags]),
    drainTimeoutSeconds: optionalInteger(p, PROPERTY.drainTimeoutSeconds),
    timeoutSeconds: optionalInteger(p, PROPERTY.timeoutSeconds) ?? DEFAULT_TIMEOUT_SECONDS,
  };
}

function invalid(key: string, rule: string, value: unknown): Error {
  return new Error(
    `Custom::WorkspacesPool property ${key} ${rule}, got ${JSON.stringify(value)}. ` +
    'The template was not written by this version of cdk-workspaces-constructs: synthesize it again with the WorkspacesPool construct.',
  );
}

function optionalString(p: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalid(key, 'must be a string', value);
  }
  return value;
}

function requiredString(p: Readonly<Record<string, unknown>>, key: string): string {
  const value = optionalString(p, key);
  if (value === undefined) {
    throw invalid(key, 'is required', p[key]);
  }
  return value;
}

function optionalInteger(p: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const value = p[key];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  // Number(' ') is 0: a blank string is not a number.
  const n = typeof value === 'string' ? (value.trim() === '' ? NaN : Number(value)) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw invalid(key, 'must be a whole number of 0 or more', value);
  }
  return n;
}

function requiredInteger(p: Readonly<Record<string, unknown>>, key: string): number {
  const value = optionalInteger(p, key);
  if (value === undefined) {
    throw invalid(key, 'is required', p[key]);
  }
  return value;
}

function oneOf<T extends string>(p: Readonly<Record<string, unknown>>, key: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(p, key);
  if (value === undefined) {
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalid(key, `must be one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

function parseTags(value: unknown): PoolTag[] {
  if (value === undefined || value === null || value === '') {
    return [];
  }
  if (!Array.isArray(value)) {
    throw invalid(PROPERTY.tags, 'must be a list of { Key, Value }', value);
  }
  return value.map(tag => {
    if (typeof tag !== 'object' || tag === null || typeof tag.Key !== 'string' || typeof tag.Value !== 'string') {
      throw invalid(PROPERTY.tags, 'must be a list of { Key, Value }', value);
    }
    return { Key: tag.Key, Value: tag.Value };
  });
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

/**
 * What an update changes in the pool's configuration (not its name, state or
 * tags): the fields of an UpdateWorkspacesPool request, present only when the
 * template changed them. Capacity is sent only when the template changed it,
 * so a deploy never undoes what Application Auto Scaling or a person set.
 */
export interface PoolChanges {
  Description?: string;
  BundleId?: string;
  DirectoryId?: string;
  Capacity?: { DesiredUserSessions: number };
  RunningMode?: RunningMode;
  TimeoutSettings?: { DisconnectTimeoutInSeconds?: number; IdleDisconnectTimeoutInSeconds?: number; MaxUserDurationInSeconds?: number };
  ApplicationSettings?: { Status: 'ENABLED' | 'DISABLED'; SettingsGroup?: string };
}

export function configurationChanges(oldSpec: PoolSpec, newSpec: PoolSpec): PoolChanges {
  const changes: PoolChanges = {};
  if (newSpec.description !== oldSpec.description) changes.Description = newSpec.description;
  if (newSpec.bundleId !== oldSpec.bundleId) changes.BundleId = newSpec.bundleId;
  if (newSpec.directoryId !== oldSpec.directoryId) changes.DirectoryId = newSpec.directoryId;
  if (newSpec.desiredUserSessions !== oldSpec.desiredUserSessions) changes.Capacity = { DesiredUserSessions: newSpec.desiredUserSessions };
  if (newSpec.runningMode !== oldSpec.runningMode) changes.RunningMode = newSpec.runningMode;
  const newTimeouts = timeoutSettings(newSpec);
  if (JSON.stringify(newTimeouts) !== JSON.stringify(timeoutSettings(oldSpec)) && newTimeouts) changes.TimeoutSettings = newTimeouts;
  const newApp = applicationSettings(newSpec);
  if (JSON.stringify(newApp) !== JSON.stringify(applicationSettings(oldSpec))) {
    // Removing application settings from the template turns persistence off.
    changes.ApplicationSettings = newApp ?? { Status: 'DISABLED' };
  }
  return changes;
}

export function hasChanges(changes: PoolChanges): boolean {
  return Object.keys(changes).length > 0;
}
