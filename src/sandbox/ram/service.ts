/**
 * RAM (restJson1): the table of operations, routes from the botocore model (ram/2018-01-04). Each
 * operation's CloudTrail read-only flag is declared here, once (every RAM event is a Management
 * event), and also picks the request-rate bucket the call draws from. The wrapper takes that token
 * and settles pending state moves before the operation runs, so a read shows what the previous
 * calls settled into.
 */
import type { OperationHandler, RestBinding, ServiceDefinition } from '../types.js';
import { checkRequestRate, limitsOf } from './models/quotas.js';
import { settle } from './models/settle.js';
import * as associations from './responses/associations.js';
import { getResourceShares } from './responses/get-resource-shares.js';
import * as invitations from './responses/invitations.js';
import { listPermissionAssociations } from './responses/permission-associations.js';
import * as permissions from './responses/permissions.js';
import * as lists from './responses/resources-principals.js';
import * as shares from './responses/shares.js';

interface RamOperation {
  handler: OperationHandler;
  http: RestBinding;
  /** CloudTrail readOnly, and which request-rate bucket the call draws from. */
  readOnly: boolean;
}

const read = (path: string, handler: OperationHandler): RamOperation => ({
  handler,
  http: { method: 'POST', path },
  readOnly: true,
});
const write = (path: string, handler: OperationHandler, http?: RestBinding): RamOperation => ({
  handler,
  http: http ?? { method: 'POST', path },
  readOnly: false,
});

export const RAM_OPERATIONS: Readonly<Record<string, RamOperation>> = {
  CreateResourceShare: write('/createresourceshare', shares.createResourceShare),
  DeleteResourceShare: write('/deleteresourceshare', shares.deleteResourceShare, {
    method: 'DELETE',
    path: '/deleteresourceshare',
    query: {
      resourceShareArn: { member: 'resourceShareArn' },
      clientToken: { member: 'clientToken' },
    },
  }),
  UpdateResourceShare: write('/updateresourceshare', shares.updateResourceShare),
  GetResourceShares: read('/getresourceshares', getResourceShares),
  TagResource: write('/tagresource', shares.tagResource),
  UntagResource: write('/untagresource', shares.untagResource),
  EnableSharingWithAwsOrganization: write(
    '/enablesharingwithawsorganization',
    shares.enableSharingWithAwsOrganization,
  ),
  AssociateResourceShare: write('/associateresourceshare', associations.associateResourceShare),
  DisassociateResourceShare: write('/disassociateresourceshare', associations.disassociateResourceShare),
  GetResourceShareAssociations: read(
    '/getresourceshareassociations',
    associations.getResourceShareAssociations,
  ),
  ListResources: read('/listresources', lists.listResources),
  ListPrincipals: read('/listprincipals', lists.listPrincipals),
  AssociateResourceSharePermission: write(
    '/associateresourcesharepermission',
    permissions.associateResourceSharePermission,
  ),
  ListResourceSharePermissions: read(
    '/listresourcesharepermissions',
    permissions.listResourceSharePermissions,
  ),
  ListPermissions: read('/listpermissions', permissions.listPermissions),
  ListPermissionAssociations: read('/listpermissionassociations', listPermissionAssociations),
  GetPermission: read('/getpermission', permissions.getPermission),
  ListResourceTypes: read('/listresourcetypes', permissions.listResourceTypes),
  GetResourceShareInvitations: read('/getresourceshareinvitations', invitations.getResourceShareInvitations),
  AcceptResourceShareInvitation: write(
    '/acceptresourceshareinvitation',
    invitations.acceptResourceShareInvitation,
  ),
  RejectResourceShareInvitation: write(
    '/rejectresourceshareinvitation',
    invitations.rejectResourceShareInvitation,
  ),
  ListPendingInvitationResources: read(
    '/listpendinginvitationresources',
    invitations.listPendingInvitationResources,
  ),
};

function wrap(op: RamOperation): OperationHandler {
  return (input, ctx) => {
    checkRequestRate(ctx, limitsOf(ctx), op.readOnly);
    settle(ctx.db, ctx.now);
    return op.handler(input, ctx);
  };
}

export const ramService: ServiceDefinition = {
  id: 'ram',
  signingName: 'ram',
  protocol: 'restJson1',
  eventSource: 'ram.amazonaws.com',
  operations: Object.fromEntries(
    Object.entries(RAM_OPERATIONS).map(([name, op]) => [
      name,
      { handler: wrap(op), http: op.http, readOnly: op.readOnly, category: 'Management' },
    ]),
  ),
};
