export * from './directory-settings';
export * from './workspace-directory';
export * from './workspaces-default-role';
export * from './workspaces-pool-base';
export * from './workspaces-pool';
