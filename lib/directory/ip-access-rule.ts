/**
 * An IP address or range users may connect from: a rule of a WorkSpaces IP
 * access control group (`WorkspaceDirectoryProps.ipAccessRules`) or of
 * Secure Browser IP access settings (`IpAccessSettingsProps.rules`).
 */
export interface IpAccessRule {
  /**
   * A single IPv4 address (`203.0.113.7`) or an IPv4 range in CIDR notation
   * (`203.0.113.0/24`).
   */
  readonly cidr: string;

  /**
   * A description of the rule. Secure Browser takes 1-256 characters without
   * line breaks.
   *
   * @default - no description
   */
  readonly description?: string;
}
