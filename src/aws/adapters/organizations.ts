import {
  DescribeOrganizationCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
  type OrganizationsClientConfig,
} from '@aws-sdk/client-organizations';
import type { OrganizationsPort } from '../ports.js';
import { bindPort } from './bind.js';

export function createOrganizationsPort(config: OrganizationsClientConfig): OrganizationsPort {
  return bindPort<OrganizationsPort>(new OrganizationsClient(config), {
    describeOrganization: DescribeOrganizationCommand,
    listAccounts: ListAccountsCommand,
    listAWSServiceAccessForOrganization: ListAWSServiceAccessForOrganizationCommand,
  });
}
