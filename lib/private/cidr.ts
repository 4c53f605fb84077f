import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validationError } from './errors';

/** An IPv4 address, or an IPv4 range in CIDR notation (prefix 0-32). */
const IPV4_RANGE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:\/([0-9]|[12][0-9]|3[0-2])|)$/;

/** Throws when `value` is not an IPv4 address or CIDR range; tokens are skipped. `prop` names it in the message. */
export function validateIpv4Range(scope: IConstruct, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  const octets = value.split('/')[0].split('.').map(Number);
  if (!IPV4_RANGE.test(value) || octets.some(o => o > 255)) {
    throw validationError(scope, `\`${prop}\` must be an IPv4 address or CIDR range (e.g. 203.0.113.0/24), got '${value}'`);
  }
}
