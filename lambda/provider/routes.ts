import type { HandlerLoader } from './router';

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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'Custom::WorkspaceDirectoryRegistration': () => require('../directory'),
};
