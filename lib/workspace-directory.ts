import { ArnFormat, IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import { aws_workspaces as workspacesRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';

/**
 * A directory registered with Amazon WorkSpaces: a pools directory (`wsd-…`)
 * or a Directory Service directory (`d-…`).
 */
export interface IWorkspaceDirectory extends IResource, workspacesRefs.IDirectoryRef {
  /**
   * The directory id: `wsd-…` for pools, IAM Identity Center and Entra
   * directories, `d-…` for AWS Directory Service directories.
   *
   * @attribute
   */
  readonly directoryId: string;

  /**
   * The directory's ARN: `arn:<partition>:workspaces:<region>:<account>:directory/<directoryId>`.
   *
   * @attribute
   */
  readonly directoryArn: string;
}

/** What identifies an existing WorkSpaces directory. */
export interface WorkspaceDirectoryAttributes {
  /** The directory id (`wsd-…` or `d-…`). */
  readonly directoryId: string;
}

/**
 * `^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)`: the DirectoryId pattern of the WorkSpaces API.
 * @see https://docs.aws.amazon.com/workspaces/latest/api/API_CreateWorkspacesPool.html
 */
const DIRECTORY_ID = /^(d-[0-9a-f]{8,63}|wsd-[0-9a-z]{8,63})$/;

/**
 * A directory registered with Amazon WorkSpaces.
 *
 * This release offers importing an existing directory
 * (`WorkspaceDirectory.fromDirectoryId`) for use by a `WorkspacesPool`;
 * registering directories comes with the directory construct itself.
 */
export class WorkspaceDirectory {
  /** Refers to an existing registered directory by its id (`wsd-…` for pools). */
  public static fromDirectoryId(scope: Construct, id: string, directoryId: string): IWorkspaceDirectory {
    return WorkspaceDirectory.fromDirectoryAttributes(scope, id, { directoryId });
  }

  /** Refers to an existing registered directory. */
  public static fromDirectoryAttributes(scope: Construct, id: string, attrs: WorkspaceDirectoryAttributes): IWorkspaceDirectory {
    validateDirectoryId(attrs.directoryId);
    class Import extends Resource implements IWorkspaceDirectory {
      public readonly directoryId = attrs.directoryId;
      public readonly directoryArn = Stack.of(scope).formatArn({
        service: 'workspaces',
        resource: 'directory',
        resourceName: attrs.directoryId,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
      public get directoryRef(): workspacesRefs.DirectoryReference {
        return { directoryArn: this.directoryArn };
      }
    }
    return new Import(scope, id);
  }

  private constructor() {}
}

function validateDirectoryId(directoryId: string): void {
  if (!Token.isUnresolved(directoryId) && !DIRECTORY_ID.test(directoryId)) {
    throw new Error(`\`directoryId\` must match ${DIRECTORY_ID.source} (wsd-… for a pools directory, d-… for a Directory Service directory), got '${directoryId}'`);
  }
}
