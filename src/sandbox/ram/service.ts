/** RAM (restJson1): routes from the botocore model (ram/2018-01-04). */
import type { OperationHandler, RestBinding, ServiceDefinition } from '../types.js';
import * as h from './handlers.js';
import { listPermissionAssociations } from './responses/permission-associations.js';

function post(path: string, handler: OperationHandler): { handler: OperationHandler; http: RestBinding } {
  return { handler, http: { method: 'POST', path } };
}

export const ramService: ServiceDefinition = {
  id: 'ram',
  signingName: 'ram',
  protocol: 'restJson1',
  eventSource: 'ram.amazonaws.com',
  operations: {
    CreateResourceShare: post('/createresourceshare', h.createResourceShare),
    DeleteResourceShare: {
      handler: h.deleteResourceShare,
      http: {
        method: 'DELETE',
        path: '/deleteresourceshare',
        query: {
          resourceShareArn: { member: 'resourceShareArn' },
          clientToken: { member: 'clientToken' },
        },
      },
    },
    UpdateResourceShare: post('/updateresourceshare', h.updateResourceShare),
    GetResourceShares: post('/getresourceshares', h.getResourceShares),
    AssociateResourceShare: post('/associateresourceshare', h.associateResourceShare),
    DisassociateResourceShare: post('/disassociateresourceshare', h.disassociateResourceShare),
    AssociateResourceSharePermission: post(
      '/associateresourcesharepermission',
      h.associateResourceSharePermission,
    ),
    GetResourceShareAssociations: post('/getresourceshareassociations', h.getResourceShareAssociations),
    ListResources: post('/listresources', h.listResources),
    ListPrincipals: post('/listprincipals', h.listPrincipals),
    ListResourceSharePermissions: post('/listresourcesharepermissions', h.listResourceSharePermissions),
    ListPermissions: post('/listpermissions', h.listPermissions),
    ListPermissionAssociations: post('/listpermissionassociations', listPermissionAssociations),
    GetPermission: post('/getpermission', h.getPermission),
    ListResourceTypes: post('/listresourcetypes', h.listResourceTypes),
    GetResourceShareInvitations: post('/getresourceshareinvitations', h.getResourceShareInvitations),
    AcceptResourceShareInvitation: post('/acceptresourceshareinvitation', h.acceptResourceShareInvitation),
    RejectResourceShareInvitation: post('/rejectresourceshareinvitation', h.rejectResourceShareInvitation),
    ListPendingInvitationResources: post('/listpendinginvitationresources', h.listPendingInvitationResources),
    TagResource: post('/tagresource', h.tagResource),
    UntagResource: post('/untagresource', h.untagResource),
    EnableSharingWithAwsOrganization: post(
      '/enablesharingwithawsorganization',
      h.enableSharingWithAwsOrganization,
    ),
  },
};
