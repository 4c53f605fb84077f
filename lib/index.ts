export * from './workspace-directory';
export * from './workspaces-pool-base';
export * from './workspaces-pool';
