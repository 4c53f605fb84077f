import type { OnEventRequest } from './types';

/**
 * Resource properties logged by value: identifiers and settings a person
 * investigating a deploy needs. Every other property is logged by name only
 * (its value may be long, or personal, such as a SAML user access URL): a
 * template holds no secrets by this library's rules, but a log is kept for
 * months and read by more people than the template.
 */
export const LOGGED_PROPERTIES: ReadonlySet<string> = new Set([
  'PoolName',
  'DirectoryId',
  'BundleId',
  'DesiredUserSessions',
  'RunningMode',
  'DesiredState',
  'Tenancy',
  'EndpointEncryptionMode',
  'TimeoutSeconds',
  'DrainTimeoutSeconds',
  'ImageName',
  'WorkspaceImageId',
  'SourceAmiId',
  'FleetName',
  'FleetType',
  'DesiredInstances',
  'DesiredSessions',
]);

/**
 * The parts of a request that are safe and useful to log. The ResponseURL is a
 * pre-signed S3 URL (a credential) and is never logged; of the resource
 * properties, those in LOGGED_PROPERTIES by value, the others by name.
 */
export function requestSummary(event: OnEventRequest): Record<string, unknown> {
  return {
    RequestType: event.RequestType,
    ResourceType: event.ResourceType,
    LogicalResourceId: event.LogicalResourceId,
    PhysicalResourceId: event.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    ResourceProperties: propertySummary(event.ResourceProperties),
    OldResourceProperties: event.OldResourceProperties && propertySummary(event.OldResourceProperties),
  };
}

function propertySummary(properties: OnEventRequest['ResourceProperties']): Record<string, unknown> {
  const logged: Record<string, unknown> = {};
  const otherKeys: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'ServiceToken') continue;
    if (LOGGED_PROPERTIES.has(key)) {
      logged[key] = value;
    } else {
      otherKeys.push(key);
    }
  }
  return otherKeys.length > 0 ? { ...logged, otherKeys: otherKeys.sort() } : logged;
}
