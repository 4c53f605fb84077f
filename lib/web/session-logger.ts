import { Annotations, IResource, Resource, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnSessionLogger } from 'aws-cdk-lib/aws-workspacesweb';
import { aws_workspacesweb as webRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { validateSecureBrowserArn } from './web-arn';
import {
  grantKeyToSecureBrowser,
  SECURE_BROWSER_PRINCIPAL,
  validateEncryptionContext,
  validateEncryptionKey,
} from './web-encryption';
import { validationError } from '../private/errors';

/** A session logger of WorkSpaces Secure Browser: created by `SessionLogger` or imported. */
export interface ISessionLogger extends IResource, webRefs.ISessionLoggerRef {
  /**
   * The ARN: `arn:<partition>:workspaces-web:<region>:<account>:sessionLogger/<id>`.
   *
   * @attribute
   */
  readonly sessionLoggerArn: string;
}

/**
 * A session event Session Logger can record.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/session-events-session-logger.html
 */
export enum SessionLoggerEvent {
  /** The user interacted with a website. */
  WEBSITE_INTERACT = 'WebsiteInteract',
  /** A file was downloaded from the secure browser to the remote disk. */
  FILE_DOWNLOAD_FROM_SECURE_BROWSER_TO_REMOTE_DISK = 'FileDownloadFromSecureBrowserToRemoteDisk',
  /** A file was transferred from the remote disk to the user's local disk. */
  FILE_TRANSFER_FROM_REMOTE_TO_LOCAL_DISK = 'FileTransferFromRemoteToLocalDisk',
  /** A file was transferred from the user's local disk to the remote disk. */
  FILE_TRANSFER_FROM_LOCAL_TO_REMOTE_DISK = 'FileTransferFromLocalToRemoteDisk',
  /** A file was uploaded from the remote disk to the secure browser. */
  FILE_UPLOAD_FROM_REMOTE_DISK_TO_SECURE_BROWSER = 'FileUploadFromRemoteDiskToSecureBrowser',
  /** Content was pasted into a website. */
  CONTENT_PASTE_TO_WEBSITE = 'ContentPasteToWebsite',
  /** Content was transferred from the local clipboard to the remote clipboard. */
  CONTENT_TRANSFER_FROM_LOCAL_TO_REMOTE_CLIPBOARD = 'ContentTransferFromLocalToRemoteClipboard',
  /** Content was copied from a website. */
  CONTENT_COPY_FROM_WEBSITE = 'ContentCopyFromWebsite',
  /** A URL was loaded. */
  URL_LOAD = 'UrlLoad',
  /** A tab was opened. */
  TAB_OPEN = 'TabOpen',
  /** A tab was closed. */
  TAB_CLOSE = 'TabClose',
  /** A print job was submitted. */
  PRINT_JOB_SUBMIT = 'PrintJobSubmit',
  /** The user connected to a session. */
  SESSION_CONNECT = 'SessionConnect',
  /** A session started. */
  SESSION_START = 'SessionStart',
  /** The user disconnected from a session. */
  SESSION_DISCONNECT = 'SessionDisconnect',
  /** A session ended. */
  SESSION_END = 'SessionEnd',
  /** The content filter blocked a URL. */
  URL_BLOCK_BY_CONTENT_FILTER = 'UrlBlockByContentFilter',
}

/** Which events a session logger records. */
export class SessionLoggerEventFilter {
  /** Every event, including events the service adds in the future. */
  public static all(): SessionLoggerEventFilter {
    return new SessionLoggerEventFilter(undefined);
  }

  /**
   * Only these events (1-100, no duplicates). Events the service adds later
   * are not recorded until they are listed here.
   */
  public static include(events: SessionLoggerEvent[]): SessionLoggerEventFilter {
    return new SessionLoggerEventFilter([...events]);
  }

  private constructor(private readonly events: SessionLoggerEvent[] | undefined) {}

  /** The events to record. */
  public bind(_scope: Construct): SessionLoggerEventFilterConfig {
    return { events: this.events };
  }
}

/** What a `SessionLoggerEventFilter` binds to. */
export interface SessionLoggerEventFilterConfig {
  /**
   * The events to record.
   *
   * @default - every event, including events the service adds later
   */
  readonly events?: SessionLoggerEvent[];
}

/** How log files are laid out in the bucket. */
export enum SessionLogFolderStructure {
  /** Every log file in one folder (the key prefix). */
  FLAT = 'Flat',
  /** Log files in folders by date and time, partitioned for Amazon Athena. */
  NESTED_BY_DATE = 'NestedByDate',
}

/** The format of the log files. */
export enum SessionLogFileFormat {
  /** Each file is a JSON array of events. */
  JSON = 'Json',
  /** One JSON event per line, optimized for Amazon Athena. */
  JSON_LINES = 'JSONLines',
}

/** Properties of a `SessionLogger`. */
export interface SessionLoggerProps {
  /**
   * The bucket the logs are written to. Its bucket policy gets a statement
   * letting `workspaces-web.amazonaws.com` put objects under `keyPrefix`; if
   * the bucket is encrypted with a KMS key, that key's policy gets a
   * statement letting the service use it (an imported bucket or key is not
   * changed: a warning says what to add). AWS recommends a bucket in the
   * portal's account and Region.
   */
  readonly bucket: s3.IBucket;

  /**
   * The folder the logs go to: 1-256 letters, digits and `_ - / ! ( ) . * '`.
   * The bucket policy lets the service write under this folder only (`logs`
   * grants `logs/*`).
   *
   * @default - the root of the bucket
   */
  readonly keyPrefix?: string;

  /**
   * Which events are recorded.
   *
   * @default SessionLoggerEventFilter.all()
   */
  readonly eventFilter?: SessionLoggerEventFilter;

  /**
   * How log files are laid out in the bucket.
   *
   * @default SessionLogFolderStructure.FLAT - the console's default
   */
  readonly folderStructure?: SessionLogFolderStructure;

  /**
   * The format of the log files.
   *
   * @default SessionLogFileFormat.JSON - the console's default
   */
  readonly logFileFormat?: SessionLogFileFormat;

  /**
   * The name shown in the console: 1-64 letters, digits, spaces, `_` and `-`.
   *
   * @default - no display name
   */
  readonly displayName?: string;

  /**
   * A symmetric encryption KMS key that encrypts the session logger's data
   * at rest (not the log files: they are encrypted by the bucket's own
   * encryption). The key policy gets a statement that lets WorkSpaces
   * Secure Browser use the key for this account's resources (an imported
   * key is not changed: add that statement yourself). Create-only: changing
   * it replaces the session logger.
   *
   * @default - an AWS owned key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Encryption context added to every KMS call made with `encryptionKey`.
   * Create-only: changing it replaces the session logger.
   *
   * @default - only the service's own context
   */
  readonly additionalEncryptionContext?: Record<string, string>;
}

/**
 * What Session Logger needs on the bucket: `s3:PutObject` for the service
 * principal, no conditions. Source: "Setting up Session Logger for Amazon
 * WorkSpaces Secure Browser"
 * (https://docs.aws.amazon.com/workspaces-web/latest/adminguide/session-logger.html),
 * whose bucket policy is `{ Sid: AllowSessionLogger, Principal: { Service:
 * workspaces-web.amazonaws.com }, Action: s3:PutObject, Resource: bucket/* }`.
 * No Sid here: two session loggers may share a bucket, and Sids must be
 * unique in a policy. Scoped here to the key prefix, the only place the service writes (its
 * validation file `_workspaces_secure_browser.tmp` goes to "the specified
 * Amazon S3 bucket and folder").
 */
const SESSION_LOGGER_BUCKET_ACTIONS = ['s3:PutObject'];

/**
 * What Session Logger needs on the KMS key of an encrypted bucket: same page,
 * "S3 buckets with KMS encryption (optional)": `kms:Encrypt` and
 * `kms:GenerateDataKey*` for the service principal, no conditions.
 */
const SESSION_LOGGER_BUCKET_KEY_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey*'];

const DISPLAY_NAME = /^[ _\-\d\w]+$/;
const KEY_PREFIX = /^[\d\w\-_/!().*']+$/;
const BUCKET_NAME = /^[a-z0-9][.\-a-z0-9]{1,61}[a-z0-9]$/;
const MIN_EVENTS = 1;
const MAX_EVENTS = 100;

/**
 * A WorkSpaces Secure Browser session logger (`AWS::WorkSpacesWeb::SessionLogger`):
 * records session events (URLs loaded, tabs, clipboard and file transfers,
 * prints, session start and end) to an S3 bucket. Associating it with a
 * portal turns off incognito mode, developer tools and Chrome profile
 * switching in the portal's sessions.
 *
 * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/session-logger.html
 */
export class SessionLogger extends Resource implements ISessionLogger {
  /**
   * The id of the warning a session logger raises at synth when the policy
   * of its bucket cannot be changed from the app (an imported bucket),
   * `cdk-workspaces-constructs:sessionLoggerBucketPolicy`. Once the bucket
   * policy allows `workspaces-web.amazonaws.com` `s3:PutObject` on the log
   * objects, acknowledge it:
   * `Annotations.of(sessionLogger).acknowledgeWarning(SessionLogger.BUCKET_POLICY_WARNING, 'reason')`.
   *
   * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/session-logger.html
   */
  public static readonly BUCKET_POLICY_WARNING = 'cdk-workspaces-constructs:sessionLoggerBucketPolicy';

  /**
   * The id of the warning a session logger raises at synth when the policy
   * of the KMS key that encrypts its bucket cannot be changed from the app
   * (an imported key), `cdk-workspaces-constructs:sessionLoggerBucketKeyPolicy`.
   * Once the key policy allows `workspaces-web.amazonaws.com` `kms:Encrypt`
   * and `kms:GenerateDataKey*`, acknowledge it:
   * `Annotations.of(sessionLogger).acknowledgeWarning(SessionLogger.BUCKET_KEY_POLICY_WARNING, 'reason')`.
   *
   * @see https://docs.aws.amazon.com/workspaces-web/latest/adminguide/session-logger.html
   */
  public static readonly BUCKET_KEY_POLICY_WARNING = 'cdk-workspaces-constructs:sessionLoggerBucketKeyPolicy';

  /**
   * Refers to an existing session logger by its ARN.
   *
   * @param scope the construct the reference is defined in
   * @param id its id, unique within scope
   * @param sessionLoggerArn the ARN of the session logger
   */
  public static fromSessionLoggerArn(scope: Construct, id: string, sessionLoggerArn: string): ISessionLogger {
    validateSecureBrowserArn(scope, id, 'sessionLoggerArn', 'session logger', 'sessionLogger', sessionLoggerArn);
    class Import extends Resource implements ISessionLogger {
      public readonly sessionLoggerArn = sessionLoggerArn;
      public get sessionLoggerRef(): webRefs.SessionLoggerReference {
        return { sessionLoggerArn: this.sessionLoggerArn };
      }
    }
    return new Import(scope, id, { environmentFromArn: sessionLoggerArn });
  }

  /** The ARN. @attribute */
  public readonly sessionLoggerArn: string;
  /** The bucket the logs are written to. */
  public readonly bucket: s3.IBucket;

  /**
   * @param scope the construct this one is defined in
   * @param id its id, unique within scope
   * @param props the bucket, the events to record and the log format
   */
  constructor(scope: Construct, id: string, props: SessionLoggerProps) {
    super(scope, id);

    // Validate everything before creating anything.
    const events = (props.eventFilter ?? SessionLoggerEventFilter.all()).bind(this).events;
    validateBucketName(this, props.bucket.bucketName);
    validateKeyPrefix(this, props.keyPrefix);
    validateEvents(this, events);
    validateDisplayName(this, props.displayName);
    validateEncryptionKey(this, props.encryptionKey);
    validateEncryptionContext(this, props.additionalEncryptionContext);

    const dependencies = grantBucketToSessionLogger(this, props.bucket, props.keyPrefix);
    if (props.encryptionKey) {
      grantKeyToSecureBrowser(this, props.encryptionKey);
    }

    const resource = new CfnSessionLogger(this, 'Resource', {
      eventFilter: events === undefined ? { all: {} } : { include: events },
      logConfiguration: {
        s3: {
          bucket: props.bucket.bucketName,
          keyPrefix: props.keyPrefix,
          bucketOwner: props.bucket.env.account,
          folderStructure: props.folderStructure ?? SessionLogFolderStructure.FLAT,
          logFileFormat: props.logFileFormat ?? SessionLogFileFormat.JSON,
        },
      },
      displayName: props.displayName,
      customerManagedKey: props.encryptionKey?.keyArn,
      additionalEncryptionContext: props.additionalEncryptionContext,
    });
    // Creating the session logger writes a test file to the bucket: the
    // bucket policy (and the bucket key's policy) must exist first.
    dependencies.forEach(d => resource.node.addDependency(d));

    this.bucket = props.bucket;
    this.sessionLoggerArn = resource.attrSessionLoggerArn;
  }

  public get sessionLoggerRef(): webRefs.SessionLoggerReference {
    return { sessionLoggerArn: this.sessionLoggerArn };
  }
}

/**
 * Adds the documented bucket policy statement (and the bucket key's
 * statement) and returns the constructs the session logger must wait for.
 */
function grantBucketToSessionLogger(scope: Construct, bucket: s3.IBucket, keyPrefix: string | undefined): Construct[] {
  const dependencies: Construct[] = [];
  const principal = new iam.ServicePrincipal(SECURE_BROWSER_PRINCIPAL);
  // No aws:SourceAccount / aws:SourceArn condition: the session logger page documents the statement without
  // one and does not say that the service sends those keys when it writes. A condition on a key the service
  // does not send denies every write, and CreateSessionLogger fails on its test file; add it once AWS documents it.
  const result = bucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [principal],
    actions: SESSION_LOGGER_BUCKET_ACTIONS,
    resources: [bucket.arnForObjects(`${sessionLogFolder(keyPrefix)}*`)],
  }));
  if (result.statementAdded && result.policyDependable) {
    dependencies.push(result.policyDependable as Construct);
  } else if (!result.statementAdded) {
    Annotations.of(scope).addWarningV2(SessionLogger.BUCKET_POLICY_WARNING,
      `The bucket policy of ${bucket.node.path} cannot be changed from this app: allow ${SECURE_BROWSER_PRINCIPAL} ` +
      `${SESSION_LOGGER_BUCKET_ACTIONS.join(', ')} on its objects, or creating the session logger fails ` +
      '(https://docs.aws.amazon.com/workspaces-web/latest/adminguide/session-logger.html)');
  }
  const key = bucket.encryptionKey;
  if (key) {
    // `grant` reports success for an imported key too (its statement goes
    // nowhere): only a key defined in this app has a policy to change.
    key.grant(principal, ...SESSION_LOGGER_BUCKET_KEY_ACTIONS);
    // Not `instanceof`: a key made with the app's own copy of aws-cdk-lib (npm link, file:, monorepos) is from another class.
    const cfnKey = key.node.defaultChild;
    if (cfnKey !== undefined && kms.CfnKey.isCfnKey(cfnKey)) {
      dependencies.push(key);
    } else {
      Annotations.of(scope).addWarningV2(SessionLogger.BUCKET_KEY_POLICY_WARNING,
        `The key policy of ${key.node.path}, which encrypts the log bucket, cannot be changed from this app: allow ` +
        `${SECURE_BROWSER_PRINCIPAL} ${SESSION_LOGGER_BUCKET_KEY_ACTIONS.join(', ')} on it ` +
        '(https://docs.aws.amazon.com/workspaces-web/latest/adminguide/session-logger.html)');
    }
  }
  return dependencies;
}

/**
 * The folder the service writes to, as a key prefix that ends with `/`: the
 * session logger page calls the key prefix a folder ("the specified Amazon S3
 * bucket and folder"), so `logs` grants `logs/*`, never `logs*` (which would
 * also open `logs-archive/` to the service). No prefix: the whole bucket.
 */
function sessionLogFolder(keyPrefix: string | undefined): string {
  if (keyPrefix === undefined) return '';
  if (Token.isUnresolved(keyPrefix) || keyPrefix.endsWith('/')) return keyPrefix;
  return `${keyPrefix}/`;
}

function validateBucketName(scope: IConstruct, bucketName: string): void {
  if (Token.isUnresolved(bucketName)) return;
  if (!BUCKET_NAME.test(bucketName)) {
    throw validationError(scope, `\`bucket\` must have a name of 3-63 lowercase letters, digits, '.' and '-' (${BUCKET_NAME.source}), got '${bucketName}'`);
  }
}

function validateKeyPrefix(scope: IConstruct, keyPrefix: string | undefined): void {
  if (keyPrefix === undefined || Token.isUnresolved(keyPrefix)) return;
  if (keyPrefix.length < 1 || keyPrefix.length > 256) {
    throw validationError(scope, `\`keyPrefix\` must be 1-256 characters, got ${keyPrefix.length}`);
  }
  if (!KEY_PREFIX.test(keyPrefix)) {
    throw validationError(scope, `\`keyPrefix\` may contain only letters, digits and _ - / ! ( ) . * ' (${KEY_PREFIX.source}), got '${keyPrefix}'`);
  }
}

function validateEvents(scope: IConstruct, events: SessionLoggerEvent[] | undefined): void {
  if (events === undefined) return;
  if (events.length < MIN_EVENTS || events.length > MAX_EVENTS) {
    throw validationError(scope, `\`eventFilter\` must include ${MIN_EVENTS}-${MAX_EVENTS} events (or use SessionLoggerEventFilter.all()), got ${events.length}`);
  }
  const known = Object.values(SessionLoggerEvent) as string[];
  const seen = new Set<string>();
  for (const event of events) {
    if (Token.isUnresolved(event)) continue;
    if (!known.includes(event)) {
      throw validationError(scope, `\`eventFilter\` events must be SessionLoggerEvent values (${known.join(', ')}), got '${event}'`);
    }
    if (seen.has(event)) {
      throw validationError(scope, `\`eventFilter\` must not list an event twice, got '${event}' twice`);
    }
    seen.add(event);
  }
}

function validateDisplayName(scope: IConstruct, displayName: string | undefined): void {
  if (displayName === undefined || Token.isUnresolved(displayName)) return;
  if (displayName.length < 1 || displayName.length > 64) {
    throw validationError(scope, `\`displayName\` must be 1-64 characters, got ${displayName.length}`);
  }
  if (!DISPLAY_NAME.test(displayName)) {
    throw validationError(scope, `\`displayName\` may contain only letters, digits, spaces, '_' and '-' (${DISPLAY_NAME.source}), got '${displayName}'`);
  }
}

