/**
 * The credentials of the handlers in the Lambda bundle: the function role's,
 * which the Lambda runtime puts in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; see "Defined runtime environment
 * variables" in the Lambda developer guide,
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
 *
 * scripts/bundle-handlers.ts puts this module in place of the SDK's default
 * provider chain (@aws-sdk/credential-provider-node), whose SSO, profile
 * file, process, web identity and container providers a Lambda function
 * never reaches: the chain's first provider, the environment, always
 * answers there. The bundle is a third smaller and loads faster for it.
 * Tests and scripts run the SDK's own chain.
 */

export interface EnvironmentCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The same shape as the SDK's `defaultProvider`: a factory of a credential provider. */
export function defaultProvider(): () => Promise<EnvironmentCredentials> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error('No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): the handlers run only in a Lambda function, whose runtime sets them.');
    }
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
  };
}
