import type { HandlerLoader } from './router';
import type { ResourceHandler } from '../shared/types';

/*
 * Each `*.bundle` module is a file of its own in the handler asset
 * (scripts/bundle-handlers.ts): a request loads the router and the one file
 * of its resource's service, with that service's SDK client, never the
 * others. A require, not an import: the file is loaded on first use only.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const workspaces = () => require('./workspaces.bundle') as typeof import('./workspaces.bundle');
const secureBrowser = () => require('./secure-browser.bundle') as typeof import('./secure-browser.bundle');
const applications = () => require('./applications.bundle') as typeof import('./applications.bundle');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The custom resource types the shared provider serves, each with the loader
 * of its handler, initialized on first use. A resource adds one line here.
 */
export const ROUTES: Readonly<Record<string, HandlerLoader>> = {
  'Custom::WorkspacesPool': () => workspaces().pool,
  // The check of a pool's bundle image shares the pool handler's client.
  'Custom::WorkspacesBundleImage': () => workspaces().pool.bundleImage as ResourceHandler,
  'Custom::WorkspaceDirectoryRegistration': () => workspaces().directory,
  'Custom::WebPortalReadiness': () => secureBrowser().portal,
  'Custom::ApplicationsImage': () => applications().image,
  'Custom::ApplicationsFleetReadiness': () => applications().fleetReadiness,
};
