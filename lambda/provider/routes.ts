import type { HandlerLoader } from './router';
import type { ResourceHandler } from '../shared/types';

/**
 * The custom resource types the shared provider serves, each with the loader
 * of its handler. Every handler is in the one bundle
 * (`assets/handlers/provider/index.js`, see scripts/bundle-handlers.ts), and
 * each is initialized on first use: a request pays only for the code of the
 * resource it is for. A resource adds one line here.
 */
export const ROUTES: Readonly<Record<string, HandlerLoader>> = {
  // A require, not an import: the bundler initializes the handler on first use only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'Custom::WorkspacesPool': () => require('../pool'),
  // The check of a pool's bundle image shares the pool handler's client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'Custom::WorkspacesBundleImage': () => (require('../pool') as { bundleImage: ResourceHandler }).bundleImage,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'Custom::WorkspaceDirectoryRegistration': () => require('../directory'),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'Custom::WebPortalReadiness': () => require('../portal'),
};
