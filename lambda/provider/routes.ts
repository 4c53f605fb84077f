import type { HandlerLoader } from './router';
import type { ResourceHandler } from '../shared/types';

/**
 * The custom resource types the shared provider serves, each with the loader
 * of its handler. Each handler is bundled on its own
 * (`assets/handlers/<resource>/index.js`, see scripts/bundle-handlers.ts) and
 * loaded on first use, so a request pays only for the code and SDK client of
 * the resource it is for. A resource adds one line here.
 */
export const ROUTES: Readonly<Record<string, HandlerLoader>> = {
  // A runtime require of the sibling bundle (kept external by scripts/bundle-handlers.ts), not an import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'Custom::WorkspacesPool': () => require('../pool'),
  // The check of a pool's bundle image lives in the pool bundle (same client).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'Custom::WorkspacesBundleImage': () => (require('../pool') as { bundleImage: ResourceHandler }).bundleImage,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'Custom::WorkspaceDirectoryRegistration': () => require('../directory'),
};
