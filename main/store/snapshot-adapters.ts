import { permissions, matrixRoles, type Matrix } from '../../shared/roles/permissions';
import type { SnapshotAccess, SnapshotMatrix, SnapshotStatus } from '../../shared/snapshots/schema';
import type { InstanceStatusView, Transition } from '../../shared/status/schemas';
import type { AccessSnapshot } from '../access/area';

/** Turns the status engine's view and transitions of an instance into a snapshot's status section. */
export function statusSection(
  view: InstanceStatusView,
  transitions: readonly Transition[],
): SnapshotStatus {
  return {
    phase: view.phase,
    reason: view.reason,
    updatedAt: view.observedAt,
    components: view.components.map((component) => ({
      id: component.id,
      expectedVersion: component.expectedVersion,
      observedVersion: component.observedVersion,
      objectCount: component.objects,
      state: component.health,
    })),
    history: transitions.map((transition) => ({
      phase: transition.to,
      reason: transition.reason,
      at: transition.at,
    })),
  };
}

/**
 * Turns the access area's view of an instance into a snapshot's access
 * section: owners, users with their namespaces, groups with their members,
 * and one binding per owner and group member.
 */
export function accessSection(access: AccessSnapshot): SnapshotAccess {
  const membersOf = new Map<string, string[]>();
  for (const member of access.members) {
    membersOf.set(member.namespace, [
      ...(membersOf.get(member.namespace) ?? []),
      `${member.email} (${member.role})`,
    ]);
  }
  return {
    owners: access.owners.map((owner) => owner.email),
    users: access.users.map((user) => ({ email: user.owner, role: `user:${user.name}` })),
    groups: access.groups.map((group) => ({
      name: group.name,
      members: (membersOf.get(group.name) ?? []).sort(),
    })),
    bindings: [
      ...access.owners
        .filter((owner) => owner.bound)
        .map((owner) => ({
          subjectKind: 'User' as const,
          subject: owner.email,
          role: 'owner',
          namespace: null,
        })),
      ...access.members.map((member) => ({
        subjectKind: 'User' as const,
        subject: member.email,
        role: member.clusterRole,
        namespace: member.namespace,
      })),
    ],
  };
}

/** Turns a role-permission matrix into a snapshot's matrix section, one cell per role and permission. */
export function matrixSection(matrix: Matrix): SnapshotMatrix {
  return {
    roles: [...matrixRoles],
    permissions: [...permissions],
    cells: matrixRoles.flatMap((role) =>
      permissions.map((permission) => ({
        role,
        permission,
        value: matrix[role].includes(permission) ? 'allowed' : 'denied',
      })),
    ),
  };
}
