/**
 * Configuration every AWS SDK client of the handlers is built with.
 *
 * Standard retry mode retries throttling, 5xx and transient network errors
 * with exponential backoff and full jitter, within one call. Six attempts
 * ride out a burst of throttling; the Provider framework's isComplete
 * polling covers anything longer, so a handler never sleeps on its own.
 */
export const SDK_MAX_ATTEMPTS = 6;

/** Identifies this library's calls in CloudTrail's userAgent field. */
export const USER_AGENT_APP_ID = 'cdk-workspaces-constructs';

export interface SdkClientConfig {
  readonly maxAttempts: number;
  readonly retryMode: 'standard';
  readonly customUserAgent: string;
}

export function sdkClientConfig(): SdkClientConfig {
  return {
    maxAttempts: SDK_MAX_ATTEMPTS,
    retryMode: 'standard',
    customUserAgent: USER_AGENT_APP_ID,
  };
}
